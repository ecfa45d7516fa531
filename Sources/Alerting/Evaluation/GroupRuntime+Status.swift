// A group's status as `/api/v1/rules` shows it, read from a snapshot of its state (an
// evaluation in progress is not waited for).
import Synchronization
import WardenCore

extension GroupRuntime {
  func status() -> RuleGroupStatus {
    let snapshot = state.withLock { $0 }
    let rules = group.rules.enumerated().map { index, rule in
      let ruleState = snapshot.rules[index]
      let alerts = ruleState.alerts.activeAlerts.sorted { $0.labels < $1.labels }.map(ActiveAlertStatus.init)
      return RuleStatus(
        kind: rule.kind, name: rule.name, query: rule.query.canonicalText, labels: rule.labels, annotations: rule.annotations,
        durationSeconds: Double(rule.holdMs) / 1000, keepFiringForSeconds: Double(rule.keepFiringForMs) / 1000,
        health: ruleState.health, lastError: ruleState.lastError, evaluationTimeSeconds: ruleState.evaluationSeconds,
        lastEvaluationMs: ruleState.lastEvaluationMs, state: ruleState.alerts.ruleState, alerts: alerts)
    }
    return RuleGroupStatus(
      name: group.name, file: group.file, language: group.language, rules: rules, intervalSeconds: Double(schedule.intervalMs) / 1000,
      limit: group.limit, queryOffsetSeconds: Double(queryOffsetMs) / 1000, evaluationTimeSeconds: snapshot.evaluationSeconds,
      lastEvaluationMs: snapshot.lastEvaluationMs, iterationsMissed: snapshot.iterationsMissed, iterations: snapshot.iterations)
  }

  /// The group's counters, and its alerts counted by state (pending, firing, resolved).
  func statistics() -> (group: RuleStatistics.Group, alerts: (pending: Int, firing: Int, resolved: Int)) {
    state.withLock { state in
      var alerts = (pending: 0, firing: 0, resolved: 0)
      for rule in state.rules {
        for alert in rule.alerts.alerts.values {
          switch alert.state {
          case .pending: alerts.pending += 1
          case .firing: alerts.firing += 1
          case .inactive: alerts.resolved += 1
          }
        }
      }
      let group = RuleStatistics.Group(
        name: self.group.name, file: self.group.file, ruleCount: self.group.rules.count, intervalSeconds: Double(schedule.intervalMs) / 1000,
        iterations: state.iterations, iterationsMissed: state.iterationsMissed, ruleEvaluations: state.ruleEvaluations,
        ruleEvaluationFailures: state.ruleEvaluationFailures, lastDurationSeconds: state.evaluationSeconds,
        lastEvaluationMs: state.lastEvaluationMs, lastEvaluationSamples: state.lastEvaluationSamples, samplesWritten: state.samplesWritten)
      return (group, alerts)
    }
  }

  /// Pending and firing alerts of every alerting rule.
  func activeAlerts() -> [ActiveAlertStatus] {
    state.withLock { state in
      state.rules.flatMap { $0.alerts.activeAlerts.map(ActiveAlertStatus.init) }
    }
  }
}
