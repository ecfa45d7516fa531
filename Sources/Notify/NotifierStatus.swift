// What the notifier reports about itself: the data of `/api/v2/status` (configuration text,
// start time, version) and counters for Warden's own metrics.
import WardenCore

/// `/api/v2/status`'s data.
package struct NotifierStatus: Sendable, Equatable {
  /// The configuration as written (`config.original`).
  package var configurationText: String
  /// When the notifier started (Unix ms); the API's `uptime` is this time.
  package var startedAtMs: Int64
  package var version: String
  package var revision: String
  package var branch: String

  package init(configurationText: String, startedAtMs: Int64, version: String, revision: String, branch: String) {
    self.configurationText = configurationText
    self.startedAtMs = startedAtMs
    self.version = version
    self.revision = revision
    self.branch = branch
  }
}

/// A cheap snapshot of the notifier's health for Warden's own `/metrics`: totals since start and
/// current sizes.
package struct NotifierStatistics: Sendable, Equatable {
  package var alertsReceived = 0
  /// Alerts refused because `maxAlerts` were already kept.
  package var alertsRejected = 0
  /// Kept alerts (resolved ones awaiting their notification included).
  package var alertsStored = 0
  /// Unresolved alerts by API state (`active`, `suppressed`).
  package var alertsByState: [AlertStatus.State: Int] = [:]
  package var aggregationGroups = 0
  package var silencesByState: [SilenceState: Int] = [:]
  /// Notifications delivered, per integration kind (`webhook`, `email`...).
  package var notificationsSent: [String: Int] = [:]
  /// Notifications that failed for good (refused, or retried until the flush deadline), per kind.
  package var notificationsFailed: [String: Int] = [:]
  /// From the flush that started a notification to its delivery, summed over deliveries.
  package var notificationLatencySecondsSum = 0.0
  package var notificationLatencyCount = 0
  /// History records dropped because the catalog fell too far behind.
  package var historyRecordsDropped = 0

  package init() {}
}

/// What `receive` did with a batch.
package struct ReceiveReport: Sendable, Equatable {
  package var accepted: Int
  /// Alerts refused because the notifier already holds `maxAlerts` alerts.
  package var rejected: Int

  package init(accepted: Int, rejected: Int) {
    self.accepted = accepted
    self.rejected = rejected
  }
}

/// The result of one test delivery to one integration (`warden alerts test-receiver`).
package struct DeliveryAttemptSummary: Sendable, Equatable {
  package var receiver: String
  package var integration: String
  package var integrationIndex: Int
  package var outcome: DeliveryOutcome
  package var durationMs: Int64

  package init(receiver: String, integration: String, integrationIndex: Int, outcome: DeliveryOutcome, durationMs: Int64) {
    self.receiver = receiver
    self.integration = integration
    self.integrationIndex = integrationIndex
    self.outcome = outcome
    self.durationMs = durationMs
  }
}
