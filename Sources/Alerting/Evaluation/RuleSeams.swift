// What the rule engine writes to and sends to, as protocols so the manager never imports the
// store or the notifier: recording rule results and the ALERTS series go to a sample writer,
// alerts go to an alert sender (Warden's notifier, or anything Alertmanager-like).
package import WardenCore

/// Stores rule results. Thread-safe.
package protocol RuleSampleWriter: Sendable {
  /// Appends one batch (a group evaluation's results and staleness markers).
  func write(_ batch: SampleBatch) async throws
}

/// Receives alerts to notify about. Thread-safe.
package protocol AlertSender: Sendable {
  /// Firing alerts (`endsAtMs` in the future) and resolved ones (`endsAtMs` when they resolved).
  func send(_ alerts: [Alert]) async
}
