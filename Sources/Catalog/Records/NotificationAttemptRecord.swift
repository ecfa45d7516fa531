// The `notification_attempt` table: every delivery attempt of every notification and its outcome,
// the other half of the alert history.
package import GRDB
package import WardenCore

/// One delivery attempt.
package struct NotificationAttemptRecord: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  package static let databaseTableName = "notification_attempt"
  package var id: Int64?
  package var atMs: Int64
  package var receiver: String
  package var integration: String
  package var integrationIndex: Int
  package var groupKey: String
  package var fingerprints: [AlertFingerprint]
  /// The notification's status: "firing" or "resolved".
  package var status: String
  /// 1 for the first attempt, counting up through retries.
  package var attempt: Int
  /// "delivered", "retryable" (failed, will retry) or "failed" (gave up or permanent).
  package var outcome: String
  package var detail: String
  package var durationMs: Int64

  package init(
    atMs: Int64, receiver: String, integration: String, integrationIndex: Int, groupKey: String,
    fingerprints: [AlertFingerprint], status: String, attempt: Int, outcome: String, detail: String, durationMs: Int64
  ) {
    self.atMs = atMs
    self.receiver = receiver
    self.integration = integration
    self.integrationIndex = integrationIndex
    self.groupKey = groupKey
    self.fingerprints = fingerprints
    self.status = status
    self.attempt = attempt
    self.outcome = outcome
    self.detail = detail
    self.durationMs = durationMs
  }

  package init(row: Row) {
    id = row["id"]
    atMs = row["at_ms"]
    receiver = row["receiver"]
    integration = row["integration"]
    integrationIndex = row["integration_index"]
    groupKey = row["group_key"]
    fingerprints = LabelsJSON.decodeFingerprints(row["fingerprints_json"])
    status = row["status"]
    attempt = row["attempt"]
    outcome = row["outcome"]
    detail = row["detail"]
    durationMs = row["duration_ms"]
  }

  package func encode(to container: inout PersistenceContainer) {
    container["id"] = id
    container["at_ms"] = atMs
    container["receiver"] = receiver
    container["integration"] = integration
    container["integration_index"] = integrationIndex
    container["group_key"] = groupKey
    container["fingerprints_json"] = LabelsJSON.encode(fingerprints)
    container["status"] = status
    container["attempt"] = attempt
    container["outcome"] = outcome
    container["detail"] = detail
    container["duration_ms"] = durationMs
  }

  package mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
