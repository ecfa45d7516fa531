// The `notification_log` table: per aggregation group and integration, which alerts the last
// successful notification carried, so a restart neither repeats nor forgets one.
package import GRDB
package import WardenCore

/// The last successful notification of one group to one integration.
package struct NotificationLogRecord: Sendable, Equatable, FetchableRecord, PersistableRecord {
  package static let databaseTableName = "notification_log"
  package var groupKey: String
  package var receiver: String
  package var integration: String
  package var integrationIndex: Int
  package var firing: [AlertFingerprint]
  package var resolved: [AlertFingerprint]
  package var sentAtMs: Int64
  /// After this the entry is forgotten (Alertmanager keeps them for its data retention).
  package var expiresAtMs: Int64

  package init(
    groupKey: String, receiver: String, integration: String, integrationIndex: Int, firing: [AlertFingerprint],
    resolved: [AlertFingerprint], sentAtMs: Int64, expiresAtMs: Int64
  ) {
    self.groupKey = groupKey
    self.receiver = receiver
    self.integration = integration
    self.integrationIndex = integrationIndex
    self.firing = firing
    self.resolved = resolved
    self.sentAtMs = sentAtMs
    self.expiresAtMs = expiresAtMs
  }

  package init(row: Row) {
    groupKey = row["group_key"]
    receiver = row["receiver"]
    integration = row["integration"]
    integrationIndex = row["integration_index"]
    firing = LabelsJSON.decodeFingerprints(row["firing_json"])
    resolved = LabelsJSON.decodeFingerprints(row["resolved_json"])
    sentAtMs = row["sent_at_ms"]
    expiresAtMs = row["expires_at_ms"]
  }

  package func encode(to container: inout PersistenceContainer) {
    container["group_key"] = groupKey
    container["receiver"] = receiver
    container["integration"] = integration
    container["integration_index"] = integrationIndex
    container["firing_json"] = LabelsJSON.encode(firing)
    container["resolved_json"] = LabelsJSON.encode(resolved)
    container["sent_at_ms"] = sentAtMs
    container["expires_at_ms"] = expiresAtMs
  }
}
