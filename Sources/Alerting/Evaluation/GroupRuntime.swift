// A loaded group at run time: its definition, what is derived from it once (schedule, rule keys,
// label overlays, where writes must be flushed), and its mutable state (rule health, alerts,
// last series) behind a Mutex so status reads never wait for an evaluation. One evaluation at a
// time (EvaluationLock); a reload stops it with its StopSignal.
import Catalog
import GoTemplate
import Synchronization
import WardenCore

/// A group's identity across reloads.
struct GroupKey: Hashable, Sendable {
  var file: String
  var name: String
}

/// The mutable state of one rule.
struct RuleRuntimeState: Sendable {
  var health = RuleHealth.unknown
  var lastError = ""
  var lastEvaluationMs: Int64 = 0
  var evaluationSeconds: Double = 0
  var alerts = AlertingRuleState()
  /// The series the rule wrote last time, to mark the ones that disappear stale.
  var previousSeries: Set<Labels> = []
}

/// The mutable state of one group.
struct GroupState: Sendable {
  var rules: [RuleRuntimeState]
  var lastEvaluationMs: Int64 = 0
  var evaluationSeconds: Double = 0
  var iterations = 0
  var iterationsMissed = 0
  var ruleEvaluations = 0
  var ruleEvaluationFailures = 0
  var lastEvaluationSamples = 0
  var samplesWritten = 0
  /// Series of rules a reload removed, marked stale at the next evaluation.
  var staleSeries: [Labels] = []
}

/// What each rule writes, prepared once.
struct RuleOutputs: Sendable {
  /// Recording rules: `__name__` and the rule's labels over the result's labels.
  var recordOverlay = LabelOverlay([])
  /// Alerting rules without label templates: the rule's labels and `alertname`, `__name__` dropped.
  var staticAlertOverlay: LabelOverlay?
  var hasTemplates = false
  var generatorURL = ""
  var parameters = AlertingRuleState.Parameters(holdMs: 0, keepFiringForMs: 0, limit: 0)
  /// Where the group's file and name appear in alert history.
  var historyDetail = ""

  static let pendingOverlay = LabelOverlay([Label(Labels.metricName, "ALERTS"), Label("alertstate", "pending")])
  static let firingOverlay = LabelOverlay([Label(Labels.metricName, "ALERTS"), Label("alertstate", "firing")])
  static let forStateOverlay = LabelOverlay([Label(Labels.metricName, "ALERTS_FOR_STATE")])
}

final class GroupRuntime: Sendable {
  let group: RuleGroup
  let key: GroupKey
  let schedule: GroupSchedule
  let queryOffsetMs: Int64
  let ruleKeys: [String]
  let outputs: [RuleOutputs]
  let flushBefore: [Bool]
  let state: Mutex<GroupState>
  let lock = EvaluationLock()
  let stopSignal = StopSignal()

  init(group: RuleGroup, options: RuleManagerOptions, resolvedRetentionMs: Int64) {
    self.group = group
    key = GroupKey(file: group.file, name: group.name)
    schedule = GroupSchedule(name: group.name, file: group.file, intervalMs: group.intervalMs ?? options.defaultInterval.milliseconds)
    queryOffsetMs = group.queryOffsetMs ?? options.defaultQueryOffset.milliseconds
    ruleKeys = AlertPersistence.ruleKeys(of: group)
    flushBefore = RuleDependencies.flushPoints(group.rules)
    outputs = group.rules.map { rule in
      var outputs = RuleOutputs()
      switch rule.kind {
      case .recording:
        outputs.recordOverlay = LabelOverlay(rule.labels.pairs + [Label(Labels.metricName, rule.name)])
      case .alerting:
        let labelsTemplated = rule.labelTemplates.contains { !$0.isLiteral }
        outputs.hasTemplates = labelsTemplated || rule.annotationTemplates.contains { !$0.isLiteral }
        if !labelsTemplated {
          outputs.staticAlertOverlay = LabelOverlay(rule.labels.pairs + [Label("alertname", rule.name)], removingMetricName: true)
        }
        var externalURL = options.externalURL
        while externalURL.hasSuffix("/") { externalURL.removeLast() }
        outputs.generatorURL = externalURL + TemplateText.expressionBrowserLink(rule.query.canonicalText, tab: 1)
        outputs.parameters = AlertingRuleState.Parameters(
          holdMs: rule.holdMs, keepFiringForMs: rule.keepFiringForMs, limit: group.limit, resolvedRetentionMs: resolvedRetentionMs)
        outputs.historyDetail = "rule \(goQuoted(rule.name)) of group \(goQuoted(group.name)) in \(group.file)"
      }
      return outputs
    }
    state = Mutex(GroupState(rules: Array(repeating: RuleRuntimeState(), count: group.rules.count)))
  }

  /// Puts back stored alerts (after a restart), by rule key.
  func restore(_ records: [String: [RuleAlertStateRecord]]) {
    state.withLock { state in
      for (index, rule) in group.rules.enumerated() where rule.kind == .alerting {
        for record in records[ruleKeys[index]] ?? [] {
          if let alert = AlertPersistence.alert(record) { state.rules[index].alerts.restore(alert) }
        }
      }
    }
  }

  /// Takes over the state of the same rules from the group this one replaces (a reload that
  /// changed the group) and returns the alerts of rules that are gone.
  func adopt(_ old: GroupState, from previous: GroupRuntime) -> [AbandonedAlerts] {
    var abandoned: [AbandonedAlerts] = []
    var byKey: [String: Int] = [:]
    for (index, key) in previous.ruleKeys.enumerated() { byKey[key] = index }
    state.withLock { state in
      state.staleSeries = old.staleSeries
      state.lastEvaluationMs = old.lastEvaluationMs
      state.evaluationSeconds = old.evaluationSeconds
      state.iterations = old.iterations
      state.iterationsMissed = old.iterationsMissed
      state.ruleEvaluations = old.ruleEvaluations
      state.ruleEvaluationFailures = old.ruleEvaluationFailures
      state.lastEvaluationSamples = old.lastEvaluationSamples
      state.samplesWritten = old.samplesWritten
      for (index, key) in ruleKeys.enumerated() {
        guard let oldIndex = byKey[key], previous.group.rules[oldIndex].kind == group.rules[index].kind else { continue }
        byKey[key] = nil
        state.rules[index] = old.rules[oldIndex]
      }
    }
    for oldIndex in byKey.values.sorted() {
      state.withLock { $0.staleSeries += old.rules[oldIndex].previousSeries }
      let alerts = old.rules[oldIndex].alerts.activeAlerts
      if !alerts.isEmpty {
        abandoned.append(AbandonedAlerts(ruleKey: previous.ruleKeys[oldIndex], outputs: previous.outputs[oldIndex], alerts: alerts))
      }
    }
    return abandoned
  }

  /// Stops the group: waits for an evaluation in progress, stops its loop, and returns its
  /// final state.
  func retire() async -> GroupState {
    await lock.acquire()
    stopSignal.stop()
    let final = state.withLock { $0 }
    await lock.release()
    return final
  }

  /// The alerts of every alerting rule, for a group that is removed.
  static func abandonedAlerts(of runtime: GroupRuntime, state: GroupState) -> [AbandonedAlerts] {
    runtime.group.rules.indices.compactMap { index in
      let alerts = state.rules[index].alerts.activeAlerts
      return alerts.isEmpty ? nil : AbandonedAlerts(ruleKey: runtime.ruleKeys[index], outputs: runtime.outputs[index], alerts: alerts)
    }
  }
}

/// Pending and firing alerts of a rule that a reload removed: resolved now rather than left to
/// expire at the receiver.
struct AbandonedAlerts: Sendable {
  var ruleKey: String
  var outputs: RuleOutputs
  var alerts: [RuleAlert]
}
