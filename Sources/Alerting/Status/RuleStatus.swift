// What `/api/v1/rules` and `/api/v1/alerts` show, as values: groups with their rules' health,
// last error, timings and alerts, in the fields Prometheus's API uses.
package import WardenCore

/// A rule's health after its last evaluation.
package enum RuleHealth: String, Sendable, Hashable {
  case unknown
  case ok
  case err
}

/// One pending or firing alert.
package struct ActiveAlertStatus: Sendable, Equatable {
  package var labels: Labels
  package var annotations: Labels
  package var state: AlertState
  package var activeAtMs: Int64
  package var value: Double
  /// 0 unless `keep_firing_for` is holding the alert.
  package var keepFiringSinceMs: Int64

  package init(_ alert: RuleAlert) {
    labels = alert.labels
    annotations = alert.annotations
    state = alert.state
    activeAtMs = alert.activeAtMs
    value = alert.value
    keepFiringSinceMs = alert.keepFiringSinceMs
  }
}

/// One rule.
package struct RuleStatus: Sendable, Equatable {
  package var kind: Rule.Kind
  package var name: String
  /// The expression as the engine prints it.
  package var query: String
  package var labels: Labels
  package var annotations: Labels
  /// `for`, seconds (alerting rules).
  package var durationSeconds: Double
  package var keepFiringForSeconds: Double
  package var health: RuleHealth
  /// Empty when the last evaluation succeeded.
  package var lastError: String
  package var evaluationTimeSeconds: Double
  /// 0 before the first evaluation.
  package var lastEvaluationMs: Int64
  /// The most advanced state of its alerts (alerting rules).
  package var state: AlertState
  /// Pending and firing alerts, sorted by labels (alerting rules).
  package var alerts: [ActiveAlertStatus]
}

/// One rule group.
package struct RuleGroupStatus: Sendable, Equatable {
  package var name: String
  package var file: String
  package var language: RuleLanguage
  package var rules: [RuleStatus]
  package var intervalSeconds: Double
  package var limit: Int
  package var queryOffsetSeconds: Double
  package var evaluationTimeSeconds: Double
  /// 0 before the first evaluation.
  package var lastEvaluationMs: Int64
  /// Evaluations skipped because the previous one overran the interval.
  package var iterationsMissed: Int
  package var iterations: Int
}
