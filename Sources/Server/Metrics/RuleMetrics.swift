// The rule engine on Warden's own /metrics, under Prometheus's rule metric names with the
// `warden_` prefix (`warden_rule_group_last_duration_seconds{rule_group="file;name"}`...), so
// dashboards and alerts written for Prometheus's rule manager carry over.
import Alerting
import WardenCore

enum RuleMetrics {
  static func emit<E: MetricEmitter>(_ statistics: RuleStatistics, into emitter: inout E) {
    typealias Column = (name: String, type: MetricType, help: String, value: (RuleStatistics.Group) -> Double)
    let columns: [Column] = [
      ("warden_rule_group_rules", .gauge, "Rules in the group.", { Double($0.ruleCount) }),
      ("warden_rule_group_interval_seconds", .gauge, "The group's evaluation interval.", { $0.intervalSeconds }),
      ("warden_rule_group_iterations_total", .counter, "Completed evaluations of the group.", { Double($0.iterations) }),
      (
        "warden_rule_group_iterations_missed_total", .counter, "Evaluations skipped because the previous one overran the interval.",
        { Double($0.iterationsMissed) }
      ),
      ("warden_rule_evaluations_total", .counter, "Rule evaluations.", { Double($0.ruleEvaluations) }),
      ("warden_rule_evaluation_failures_total", .counter, "Rule evaluations that failed.", { Double($0.ruleEvaluationFailures) }),
      ("warden_rule_group_last_duration_seconds", .gauge, "How long the group's last evaluation took.", { $0.lastDurationSeconds }),
      (
        "warden_rule_group_last_evaluation_timestamp_seconds", .gauge, "When the group was last evaluated (0: never).",
        { Double($0.lastEvaluationMs) / 1000 }
      ),
      ("warden_rule_group_last_evaluation_samples", .gauge, "Samples the group's last evaluation wrote.", { Double($0.lastEvaluationSamples) }),
      ("warden_rule_samples_written_total", .counter, "Samples rule evaluations wrote (results, ALERTS, staleness markers).", { Double($0.samplesWritten) }),
    ]
    for column in columns {
      emitter.family(column.name, type: column.type, help: column.help)
      for group in statistics.groups {
        emitter.sample(column.name, labels: [Label("rule_group", group.file + ";" + group.name)], value: column.value(group))
      }
    }
    emitter.family("warden_rule_alerts", type: .gauge, help: "Alerts of alerting rules by state (resolved: kept for re-sending).")
    for (state, count) in [("pending", statistics.pendingAlerts), ("firing", statistics.firingAlerts), ("resolved", statistics.resolvedAlerts)] {
      emitter.sample("warden_rule_alerts", labels: [Label("state", state)], value: Double(count))
    }
  }
}
