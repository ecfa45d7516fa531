// One evaluation of a group at one timestamp: rules in order, each result written (recording
// rules) or turned into alert states, ALERTS series and sends (alerting rules), series that
// ended marked stale; the writes go out as one batch except where a later rule reads an earlier
// one's output; history and states go to the catalog once at the end. Also the loop that runs
// evaluations on the group's schedule.
import Catalog
import GoTemplate
import Logging
import PromQL
import Synchronization
import WardenCore

/// The work of one evaluation in progress.
struct GroupEvaluation {
  var batch = SampleBatch()
  /// Samples written so far.
  var samplesWritten = 0
  /// Rules with samples in `batch`, who share the blame if writing it fails.
  var contributors: [Int] = []
  var catalog = CatalogChanges()
}

extension GroupRuntime {
  /// Evaluates every rule at `ts` (waiting for an evaluation in progress to end first).
  func evaluate(atMs ts: Int64, context: RuleEvaluationContext) async {
    await lock.acquire()
    if !stopSignal.isStopped {
      await evaluateHoldingLock(atMs: ts, context: context)
    }
    await lock.release()
  }

  /// Runs evaluations on the schedule until stopped or cancelled, counting the slots an
  /// overrunning evaluation made it skip.
  func runLoop(context: RuleEvaluationContext) async {
    let clock = context.options.wallClockMs
    var next = schedule.slot(after: clock())
    while !stopSignal.isStopped && !Task.isCancelled {
      let delay = next - clock()
      if delay > 0 {
        guard await stopSignal.sleep(for: .milliseconds(delay)) else { return }
      }
      await evaluate(atMs: next, context: context)
      let missed = max(0, (clock() - next) / schedule.intervalMs)
      if missed > 0 { state.withLock { $0.iterationsMissed += Int(missed) } }
      next += (missed + 1) * schedule.intervalMs
    }
  }

  private func evaluateHoldingLock(atMs ts: Int64, context: RuleEvaluationContext) async {
    let clock = ContinuousClock()
    let started = clock.now
    let queryTs = ts - queryOffsetMs
    var evaluation = GroupEvaluation()
    let stale = state.withLock { state in
      defer { state.staleSeries.removeAll() }
      return state.staleSeries
    }
    for labels in stale { evaluation.batch.append(labels, timestampMs: queryTs, value: .staleMarker) }

    for (index, rule) in group.rules.enumerated() {
      if Task.isCancelled { break }
      if flushBefore[index] { await flush(&evaluation, context: context) }
      let ruleStarted = clock.now
      let failure: RuleEvaluationError?
      switch rule.kind {
      case .recording:
        failure = await evaluateRecording(index, rule, queryTs: queryTs, into: &evaluation, context: context)
      case .alerting:
        failure = await evaluateAlerting(index, rule, ts: ts, queryTs: queryTs, into: &evaluation, context: context)
      }
      // Shutdown cancels queries; that is not the rule's failure.
      if failure != nil && Task.isCancelled { break }
      let elapsed = (clock.now - ruleStarted).seconds
      state.withLock { state in
        state.rules[index].health = failure == nil ? .ok : .err
        state.rules[index].lastError = failure?.message ?? ""
        state.rules[index].lastEvaluationMs = ts
        state.rules[index].evaluationSeconds = elapsed
        state.ruleEvaluations += 1
        if failure != nil { state.ruleEvaluationFailures += 1 }
      }
      if let failure {
        context.logger.info(
          "rule evaluation failed",
          metadata: ["rule.group": "\(group.name)", "rule.name": "\(rule.name)", "error": "\(failure.message)"])
      }
    }
    await flush(&evaluation, context: context)
    await context.store(evaluation.catalog)
    let elapsed = (clock.now - started).seconds
    state.withLock { state in
      state.lastEvaluationMs = ts
      state.evaluationSeconds = elapsed
      state.iterations += 1
      state.lastEvaluationSamples = evaluation.samplesWritten
      state.samplesWritten += evaluation.samplesWritten
    }
  }

  /// Writes the batch; a failure marks every rule with samples in it.
  private func flush(_ evaluation: inout GroupEvaluation, context: RuleEvaluationContext) async {
    guard !evaluation.batch.isEmpty else { return }
    do {
      try await context.writer.write(evaluation.batch)
      evaluation.samplesWritten += evaluation.batch.samples.count
    } catch {
      let message = "cannot store rule results: \(error)"
      context.logger.info("cannot store rule results", metadata: ["rule.group": "\(group.name)", "error": "\(error)"])
      state.withLock { state in
        for index in evaluation.contributors {
          state.rules[index].health = .err
          state.rules[index].lastError = message
        }
      }
    }
    evaluation.batch = SampleBatch()
    evaluation.contributors.removeAll(keepingCapacity: true)
  }

  /// Swaps in the series a rule wrote now and marks the ones it wrote last time but not now.
  private func markEnded(_ current: Set<Labels>, rule index: Int, queryTs: Int64, into evaluation: inout GroupEvaluation) {
    var previous = current
    state.withLock { swap(&$0.rules[index].previousSeries, &previous) }
    for labels in previous where !current.contains(labels) {
      evaluation.batch.append(labels, timestampMs: queryTs, value: .staleMarker)
    }
  }

  // MARK: - Recording rules

  private func evaluateRecording(
    _ index: Int, _ rule: Rule, queryTs: Int64, into evaluation: inout GroupEvaluation, context: RuleEvaluationContext
  ) async -> RuleEvaluationError? {
    let samples: [VectorSample]
    switch await context.runner.instant(rule.query, atMs: queryTs) {
    case .success(let result): samples = result
    case .failure(let error): return error
    }
    let overlay = outputs[index].recordOverlay
    var current = Set<Labels>(minimumCapacity: samples.count)
    var written: [Labels] = []
    written.reserveCapacity(samples.count)
    for sample in samples {
      let labels = overlay.apply(to: sample.labels)
      guard current.insert(labels).inserted else {
        return RuleEvaluationError("vector contains metrics with the same labelset after applying rule labels")
      }
      written.append(labels)
    }
    if group.limit > 0 && samples.count > group.limit {
      return RuleEvaluationError("exceeded limit of \(group.limit) with \(samples.count) series")
    }
    for (labels, sample) in zip(written, samples) {
      evaluation.batch.append(labels, timestampMs: queryTs, value: sample.value)
    }
    markEnded(current, rule: index, queryTs: queryTs, into: &evaluation)
    evaluation.contributors.append(index)
    return nil
  }

  // MARK: - Alerting rules

  private func evaluateAlerting(
    _ index: Int, _ rule: Rule, ts: Int64, queryTs: Int64, into evaluation: inout GroupEvaluation, context: RuleEvaluationContext
  ) async -> RuleEvaluationError? {
    let samples: [VectorSample]
    switch await context.runner.instant(rule.query, atMs: queryTs) {
    case .success(let result): samples = result
    case .failure(let error): return error
    }
    let ruleOutputs = outputs[index]
    var candidates: [AlertCandidate] = []
    candidates.reserveCapacity(samples.count)
    var seen = Set<Labels>(minimumCapacity: samples.count)
    let functions = ruleOutputs.hasTemplates ? boundFunctions(ts: ts, context: context) : nil
    for sample in samples {
      let candidate: AlertCandidate
      if let functions {
        candidate = await expandedCandidate(rule, sample, functions: functions, context: context)
      } else {
        let overlay = ruleOutputs.staticAlertOverlay ?? LabelOverlay([], removingMetricName: true)
        candidate = AlertCandidate(labels: overlay.apply(to: sample.labels), annotations: rule.annotations, value: sample.value)
      }
      guard seen.insert(candidate.labels).inserted else {
        return RuleEvaluationError("vector contains metrics with the same labelset after applying alert labels")
      }
      candidates.append(candidate)
    }

    let (outcome, toSend) = state.withLock { state in
      let outcome = state.rules[index].alerts.evaluate(candidates, atMs: ts, parameters: ruleOutputs.parameters)
      guard outcome.limitError == nil else { return (outcome, [RuleAlert]()) }
      let toSend = state.rules[index].alerts.takeAlertsToSend(
        atMs: ts, resendDelayMs: context.resendDelayMs, intervalMs: schedule.intervalMs)
      return (outcome, toSend)
    }
    if let limitError = outcome.limitError {
      for alert in outcome.dropped where alert.state != .inactive {
        evaluation.catalog.deletions.append((ruleKeys[index], alert.labels.fingerprint))
      }
      return RuleEvaluationError(limitError)
    }

    var current = Set<Labels>(minimumCapacity: outcome.active.count * 2)
    for alert in outcome.active {
      let stateOverlay = alert.state == .firing ? RuleOutputs.firingOverlay : RuleOutputs.pendingOverlay
      let alertsLabels = stateOverlay.apply(to: alert.labels)
      let forStateLabels = RuleOutputs.forStateOverlay.apply(to: alert.labels)
      evaluation.batch.append(alertsLabels, timestampMs: queryTs, value: 1)
      evaluation.batch.append(forStateLabels, timestampMs: queryTs, value: Double(alert.activeAtMs / 1000))
      current.insert(alertsLabels)
      current.insert(forStateLabels)
    }
    markEnded(current, rule: index, queryTs: queryTs, into: &evaluation)
    evaluation.contributors.append(index)

    if !toSend.isEmpty {
      await context.sender.send(toSend.map { context.sentAlert($0, generatorURL: ruleOutputs.generatorURL) })
    }
    for change in outcome.changes {
      evaluation.catalog.add(change, ruleKey: ruleKeys[index])
      let sentLabels = context.externalLabels.apply(to: change.alert.labels)
      if let event = AlertPersistence.event(change, atMs: ts, sentLabels: sentLabels, detail: ruleOutputs.historyDetail) {
        evaluation.catalog.events.append(event)
      }
    }
    return nil
  }

  /// The template functions for this evaluation, `query` running in the group's language.
  private func boundFunctions(ts: Int64, context: RuleEvaluationContext) -> TemplateFunctions {
    let runner = context.runner
    let language = group.language
    return context.templateFunctions.bound(evaluationMs: ts) { text, atMs in
      try await runner.instant(text: text, language: language, atMs: atMs)
    }
  }

  /// An alert's labels and annotations with templates expanded over the sample.
  private func expandedCandidate(
    _ rule: Rule, _ sample: VectorSample, functions: TemplateFunctions, context: RuleEvaluationContext
  ) async -> AlertCandidate {
    let data = AlertTemplateData.alert(
      labels: sample.labels, externalLabels: context.externalLabelsData, externalURL: context.options.externalURL, value: sample.value)
    var labelPairs: [Label] = []
    labelPairs.reserveCapacity(rule.labels.count + 1)
    for (label, template) in zip(rule.labels.pairs, rule.labelTemplates) {
      labelPairs.append(Label(label.name, await expand(template, data, functions, rule: rule, context: context)))
    }
    labelPairs.append(Label("alertname", rule.name))
    var annotationPairs: [Label] = []
    annotationPairs.reserveCapacity(rule.annotations.count)
    for (annotation, template) in zip(rule.annotations.pairs, rule.annotationTemplates) {
      annotationPairs.append(Label(annotation.name, await expand(template, data, functions, rule: rule, context: context)))
    }
    return AlertCandidate(
      labels: LabelOverlay(labelPairs, removingMetricName: true).apply(to: sample.labels), annotations: Labels(annotationPairs),
      value: sample.value)
  }

  /// A template's text, or Prometheus's `<error expanding template: ...>` in its place.
  private func expand(
    _ template: RuleTemplate, _ data: TemplateData, _ functions: TemplateFunctions, rule: Rule, context: RuleEvaluationContext
  ) async -> String {
    switch await template.expand(data, functions: functions) {
    case .success(let text):
      return text
    case .failure(let error):
      context.logger.info(
        "cannot expand alert template", metadata: ["rule.group": "\(group.name)", "rule.name": "\(rule.name)", "error": "\(error)"])
      return "<error expanding template: error executing template \(template.templateName): \(error)>"
    }
  }
}
