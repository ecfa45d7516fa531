// The `rule_alert_state` table: the pending and firing alerts of each alerting rule, written when
// they change, read at start so `for` is not restarted and nothing is sent twice.
package import GRDB
package import WardenCore

/// One active alert of one alerting rule.
package struct RuleAlertStateRecord: Sendable, Equatable, FetchableRecord, PersistableRecord {
  package static let databaseTableName = "rule_alert_state"
  /// Identifies the rule across restarts: file, group and rule name plus its index (Alerting
  /// decides the exact text).
  package var ruleKey: String
  package var labels: Labels
  package var annotations: Labels
  /// "pending" or "firing".
  package var state: String
  package var value: Double
  package var activeAtMs: Int64
  package var firedAtMs: Int64
  package var resolvedAtMs: Int64
  package var lastSentAtMs: Int64
  package var keepFiringSinceMs: Int64

  package var fingerprint: AlertFingerprint { AlertFingerprint(labels.stableHash) }

  package init(
    ruleKey: String, labels: Labels, annotations: Labels, state: String, value: Double, activeAtMs: Int64, firedAtMs: Int64 = 0,
    resolvedAtMs: Int64 = 0, lastSentAtMs: Int64 = 0, keepFiringSinceMs: Int64 = 0
  ) {
    self.ruleKey = ruleKey
    self.labels = labels
    self.annotations = annotations
    self.state = state
    self.value = value
    self.activeAtMs = activeAtMs
    self.firedAtMs = firedAtMs
    self.resolvedAtMs = resolvedAtMs
    self.lastSentAtMs = lastSentAtMs
    self.keepFiringSinceMs = keepFiringSinceMs
  }

  package init(row: Row) {
    ruleKey = row["rule_key"]
    labels = LabelsJSON.decode(row["labels_json"])
    annotations = LabelsJSON.decode(row["annotations_json"])
    state = row["state"]
    value = row["value"]
    activeAtMs = row["active_at_ms"]
    firedAtMs = row["fired_at_ms"]
    resolvedAtMs = row["resolved_at_ms"]
    lastSentAtMs = row["last_sent_at_ms"]
    keepFiringSinceMs = row["keep_firing_since_ms"]
  }

  package func encode(to container: inout PersistenceContainer) {
    container["rule_key"] = ruleKey
    container["fingerprint"] = fingerprint.description
    container["labels_json"] = LabelsJSON.encode(labels)
    container["annotations_json"] = LabelsJSON.encode(annotations)
    container["state"] = state
    container["value"] = value
    container["active_at_ms"] = activeAtMs
    container["fired_at_ms"] = firedAtMs
    container["resolved_at_ms"] = resolvedAtMs
    container["last_sent_at_ms"] = lastSentAtMs
    container["keep_firing_since_ms"] = keepFiringSinceMs
  }
}
