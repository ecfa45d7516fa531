// The `alert_event` table: the durable alert history, one row per state change of an alert
// (rule alerts: pending, firing, resolved, inactive; API alerts: firing, resolved).
package import GRDB
package import WardenCore

/// One state change of one alert.
package struct AlertEventRecord: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  package static let databaseTableName = "alert_event"
  package var id: Int64?
  package var atMs: Int64
  package var labels: Labels
  /// "rule" (Warden's rule engine) or "api" (received on /api/v2/alerts).
  package var source: String
  /// "pending", "firing", "resolved" or "inactive" (a pending alert that never fired).
  package var state: String
  /// The expression's value at the change, for rule alerts.
  package var value: Double?
  /// Free text: the rule's group and file, or the sender's generator URL.
  package var detail: String

  package var fingerprint: AlertFingerprint { AlertFingerprint(labels.stableHash) }

  package init(atMs: Int64, labels: Labels, source: String, state: String, value: Double? = nil, detail: String = "") {
    self.atMs = atMs
    self.labels = labels
    self.source = source
    self.state = state
    self.value = value
    self.detail = detail
  }

  package init(row: Row) {
    id = row["id"]
    atMs = row["at_ms"]
    labels = LabelsJSON.decode(row["labels_json"])
    source = row["source"]
    state = row["state"]
    value = row["value"]
    detail = row["detail"]
  }

  package func encode(to container: inout PersistenceContainer) {
    container["id"] = id
    container["at_ms"] = atMs
    container["fingerprint"] = fingerprint.description
    container["alertname"] = labels["alertname"]
    container["labels_json"] = LabelsJSON.encode(labels)
    container["source"] = source
    container["state"] = state
    container["value"] = value
    container["detail"] = detail
  }

  package mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
