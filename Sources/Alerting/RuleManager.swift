// The rule engine: loads rule files, evaluates each group on its interval (groups in parallel,
// rules in order), writes recording rule results and ALERTS series, moves alerts through their
// states and sends them, keeps their states in the catalog so a restart resumes them, and
// answers `/api/v1/rules` and `/api/v1/alerts`. Reloads keep the state of unchanged rules.
package import Catalog
package import ConfigDecoding
package import LogQL
package import Logging
package import PromQL
import Synchronization
import WardenCore

/// Thread-safe: the group list is guarded by a Mutex, each group's state by its own; reloads are
/// serialised by `applyLock`. `run()` must be called at most once.
package final class RuleManager: Sendable {
  private struct State {
    var runtimes: [GroupRuntime] = []
    /// Stored alert states by rule key, read once at the first `apply`.
    var restored: [String: [RuleAlertStateRecord]]?
  }

  private let context: RuleEvaluationContext
  private let state = Mutex(State())
  private let applyLock = EvaluationLock()
  /// Tells `run()` that the group list changed.
  private let changes: AsyncStream<Void>
  private let changesContinuation: AsyncStream<Void>.Continuation

  package init(
    queryEngine: QueryEngine, logEngine: LogQLEngine?, writer: any RuleSampleWriter, sender: any AlertSender, catalog: CatalogDatabase?,
    options: RuleManagerOptions, logger: Logger
  ) {
    context = RuleEvaluationContext(
      runner: RuleQueryRunner(promQL: queryEngine, logQL: logEngine), writer: writer, sender: sender, catalog: catalog, options: options,
      logger: logger)
    (changes, changesContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
  }

  /// The groups of the rule files matching `ruleFiles` (PromQL) and `logRuleFiles` (LogQL)
  /// globs; relative patterns are taken from `baseDirectory` (the configuration file's).
  /// - Throws: `ConfigError` naming the file, position, group and rule of the first problem.
  package static func loadGroups(ruleFiles: [String], logRuleFiles: [String], baseDirectory: String) throws(ConfigError) -> [RuleGroup] {
    try RuleFileLoader.loadGroups(ruleFiles: ruleFiles, logRuleFiles: logRuleFiles, baseDirectory: baseDirectory)
  }

  // MARK: - Groups

  /// Starts evaluating `groups` (the first call) or replaces the groups in force (a reload).
  /// Groups whose definition is unchanged keep running untouched; changed groups keep the
  /// state of rules that are still there; removed rules' series are marked stale and their
  /// alerts resolved.
  package func apply(_ groups: [RuleGroup]) async {
    await applyLock.acquire()
    let restored = await restoredStates()
    let nowMs = context.options.wallClockMs()
    var previous: [GroupKey: GroupRuntime] = [:]
    for runtime in state.withLock({ $0.runtimes }) { previous[runtime.key] = runtime }
    var next: [GroupRuntime] = []
    var abandoned: [AbandonedAlerts] = []
    var ended: [Labels] = []
    for group in groups {
      let key = GroupKey(file: group.file, name: group.name)
      if next.contains(where: { $0.key == key }) { continue }
      let candidate = GroupRuntime(group: group, options: context.options, resolvedRetentionMs: context.resolvedRetentionMs)
      if let existing = previous.removeValue(forKey: key) {
        if existing.group.hasSameDefinition(as: group) && existing.schedule == candidate.schedule
          && existing.queryOffsetMs == candidate.queryOffsetMs
        {
          next.append(existing)
          continue
        }
        let final = await existing.retire()
        abandoned += candidate.adopt(final, from: existing)
      } else {
        candidate.restore(restored)
      }
      next.append(candidate)
    }
    for removed in previous.values {
      let final = await removed.retire()
      abandoned += GroupRuntime.abandonedAlerts(of: removed, state: final)
      ended += final.staleSeries
      for rule in final.rules { ended += rule.previousSeries }
    }
    state.withLock { $0.runtimes = next }
    changesContinuation.yield()
    await markStale(ended, atMs: nowMs)
    await resolve(abandoned, atMs: nowMs)
    if let catalog = context.catalog {
      do {
        try await catalog.deleteRuleAlertStates(keepingRules: Set(next.flatMap(\.ruleKeys)))
      } catch {
        context.logger.warning("cannot delete states of removed rules", metadata: ["error": "\(error)"])
      }
    }
    await applyLock.release()
  }

  /// Evaluates every group on its schedule until the task is cancelled.
  package func run() async {
    await withDiscardingTaskGroup { tasks in
      var running: [ObjectIdentifier: GroupRuntime] = [:]
      var changes = self.changes.makeAsyncIterator()
      repeat {
        var stillRunning: [ObjectIdentifier: GroupRuntime] = [:]
        for runtime in state.withLock({ $0.runtimes }) {
          let id = ObjectIdentifier(runtime)
          if running[id] == nil {
            let context = self.context
            tasks.addTask { await runtime.runLoop(context: context) }
          }
          stillRunning[id] = runtime
        }
        // Replaced groups stop by their StopSignal; holding only current ones keeps ids unique.
        running = stillRunning
      } while await changes.next() != nil
    }
  }

  /// Evaluates every group once at `atMs`, one after another (tests, and tools that evaluate
  /// rules without the schedule).
  package func evaluateAll(atMs: Int64) async {
    for runtime in state.withLock({ $0.runtimes }) {
      await runtime.evaluate(atMs: atMs, context: context)
    }
  }

  // MARK: - Status

  /// Every group, in the order applied.
  package func groupsStatus() -> [RuleGroupStatus] {
    state.withLock { $0.runtimes }.map { $0.status() }
  }

  /// Every pending and firing alert, sorted by labels.
  package func activeAlerts() -> [ActiveAlertStatus] {
    state.withLock { $0.runtimes }.flatMap { $0.activeAlerts() }.sorted { $0.labels < $1.labels }
  }

  /// Counters for Warden's own metrics.
  package func statistics() -> RuleStatistics {
    var statistics = RuleStatistics(groups: [], pendingAlerts: 0, firingAlerts: 0, resolvedAlerts: 0)
    for runtime in state.withLock({ $0.runtimes }) {
      let (group, alerts) = runtime.statistics()
      statistics.groups.append(group)
      statistics.pendingAlerts += alerts.pending
      statistics.firingAlerts += alerts.firing
      statistics.resolvedAlerts += alerts.resolved
    }
    return statistics
  }

  // MARK: - Helpers

  /// The stored alert states, read from the catalog at the first call only.
  private func restoredStates() async -> [String: [RuleAlertStateRecord]] {
    if let restored = state.withLock({ $0.restored }) { return restored }
    var restored: [String: [RuleAlertStateRecord]] = [:]
    if let catalog = context.catalog {
      do {
        for record in try await catalog.ruleAlertStates() { restored[record.ruleKey, default: []].append(record) }
      } catch {
        context.logger.warning("cannot read stored alert states; alerts start afresh", metadata: ["error": "\(error)"])
      }
    }
    state.withLock { $0.restored = restored }
    return restored
  }

  /// Writes staleness markers for series whose rules are gone.
  private func markStale(_ series: [Labels], atMs: Int64) async {
    guard !series.isEmpty else { return }
    var batch = SampleBatch()
    for labels in series { batch.append(labels, timestampMs: atMs, value: .staleMarker) }
    do {
      try await context.writer.write(batch)
    } catch {
      context.logger.info("cannot mark series of removed rules stale", metadata: ["error": "\(error)"])
    }
  }

  /// Sends firing alerts of removed rules as resolved, and records the end of every one.
  private func resolve(_ abandoned: [AbandonedAlerts], atMs: Int64) async {
    guard !abandoned.isEmpty else { return }
    var sent: [Alert] = []
    var changes = CatalogChanges()
    for rule in abandoned {
      for var alert in rule.alerts {
        let wasFiring = alert.state == .firing
        alert.state = .inactive
        alert.resolvedAtMs = atMs
        let change = AlertChange(kind: wasFiring ? .resolved : .abandoned, alert: alert)
        changes.add(change, ruleKey: rule.ruleKey)
        let sentLabels = context.externalLabels.apply(to: alert.labels)
        if let event = AlertPersistence.event(change, atMs: atMs, sentLabels: sentLabels, detail: rule.outputs.historyDetail + " (removed)") {
          changes.events.append(event)
        }
        if wasFiring { sent.append(context.sentAlert(alert, generatorURL: rule.outputs.generatorURL)) }
      }
    }
    if !sent.isEmpty { await context.sender.send(sent) }
    await context.store(changes)
  }
}
