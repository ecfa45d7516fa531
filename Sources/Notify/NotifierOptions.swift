// The notifier's limits and timings that are not in Alertmanager's configuration file (where
// Alertmanager has command-line flags: data retention, silence limits), with its defaults.

/// Limits and timings of an `AlertNotifier`.
package struct NotifierOptions: Sendable {
  /// Most alerts kept at once; alerts with new fingerprints beyond it are rejected and counted.
  package var maxAlerts = 100_000
  /// Silence limits (count including expired ones, bytes per silence).
  package var silenceLimits = Silences.Limits()
  /// How long notification log entries and expired silences are kept (Alertmanager's
  /// `--data.retention`, 120h).
  package var retention: Duration = .seconds(120 * 3600)
  /// A flush may retry deliveries for its group_interval, but at least this long
  /// (Alertmanager's minimum notification timeout).
  package var minimumFlushTimeout: Duration = .seconds(10)
  /// Retries and the per-attempt timeout.
  package var retry = RetryPolicy()
  /// How often resolved alerts, expired silences and old log entries are cleaned up.
  package var maintenanceInterval: Duration = .seconds(15)
  /// Longest a finished notification waits before its log entry and attempts are written
  /// (they are written at once when nothing else is being written).
  package var persistInterval: Duration = .milliseconds(200)
  /// Most unwritten history records (attempts, alert events) kept if the catalog is slow or
  /// failing; beyond it the oldest are dropped and counted.
  package var maxPendingRecords = 100_000

  package init() {}
}
