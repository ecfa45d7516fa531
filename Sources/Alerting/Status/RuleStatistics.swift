// Counters for Warden's own /metrics (the lead renders them in Prometheus's rule metric names):
// evaluations and failures per group, durations, missed iterations, samples written, and alerts
// by state. A cheap snapshot, read under each group's lock without copying its state.

package struct RuleStatistics: Sendable, Equatable {
  package struct Group: Sendable, Equatable {
    package var name: String
    package var file: String
    package var ruleCount: Int
    package var intervalSeconds: Double
    /// Completed group evaluations (Prometheus's iterations).
    package var iterations: Int
    /// Slots skipped because an evaluation overran the interval.
    package var iterationsMissed: Int
    /// Rule evaluations, and how many of them failed.
    package var ruleEvaluations: Int
    package var ruleEvaluationFailures: Int
    package var lastDurationSeconds: Double
    /// 0 before the first evaluation.
    package var lastEvaluationMs: Int64
    /// Samples (results, ALERTS series, staleness markers) the last evaluation wrote, and in total.
    package var lastEvaluationSamples: Int
    package var samplesWritten: Int
  }

  package var groups: [Group]
  package var pendingAlerts: Int
  package var firingAlerts: Int
  /// Resolved alerts still kept for re-sending.
  package var resolvedAlerts: Int
}
