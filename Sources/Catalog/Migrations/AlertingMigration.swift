// The tables of alerting and notification (issue 7): silences, the notification log, the alert
// history (state changes and delivery attempts) and the rule engine's alert states.
import GRDB

enum AlertingMigration {
  static func create(_ db: Database) throws {
    // Alertmanager's silences; matchers as JSON ([{"name","value","isRegex","isEqual"}]).
    try db.create(table: "silence") { table in
      table.primaryKey("id", .text)
      table.column("matchers_json", .text).notNull()
      table.column("starts_at_ms", .integer).notNull()
      table.column("ends_at_ms", .integer).notNull()
      table.column("updated_at_ms", .integer).notNull()
      table.column("created_by", .text).notNull()
      table.column("comment", .text).notNull()
    }
    // What was last sent per aggregation group and integration, so a restart neither repeats
    // a notification nor forgets one (Alertmanager's nflog).
    try db.create(table: "notification_log") { table in
      table.column("group_key", .text).notNull()
      table.column("receiver", .text).notNull()
      table.column("integration", .text).notNull()
      table.column("integration_index", .integer).notNull()
      table.column("firing_json", .text).notNull()
      table.column("resolved_json", .text).notNull()
      table.column("sent_at_ms", .integer).notNull()
      table.column("expires_at_ms", .integer).notNull()
      table.primaryKey(["group_key", "receiver", "integration", "integration_index"])
    }
    // Every state change of every alert (from rules and from the API), newest read first.
    try db.create(table: "alert_event") { table in
      table.autoIncrementedPrimaryKey("id")
      table.column("at_ms", .integer).notNull()
      table.column("fingerprint", .text).notNull()
      table.column("alertname", .text).notNull()
      table.column("labels_json", .text).notNull()
      table.column("source", .text).notNull()
      table.column("state", .text).notNull()
      table.column("value", .double)
      table.column("detail", .text).notNull()
    }
    try db.create(index: "alert_event_at", on: "alert_event", columns: ["at_ms"])
    try db.create(index: "alert_event_fingerprint", on: "alert_event", columns: ["fingerprint", "at_ms"])
    // Every delivery attempt with its outcome.
    try db.create(table: "notification_attempt") { table in
      table.autoIncrementedPrimaryKey("id")
      table.column("at_ms", .integer).notNull()
      table.column("receiver", .text).notNull()
      table.column("integration", .text).notNull()
      table.column("integration_index", .integer).notNull()
      table.column("group_key", .text).notNull()
      table.column("fingerprints_json", .text).notNull()
      table.column("status", .text).notNull()
      table.column("attempt", .integer).notNull()
      table.column("outcome", .text).notNull()
      table.column("detail", .text).notNull()
      table.column("duration_ms", .integer).notNull()
    }
    try db.create(index: "notification_attempt_at", on: "notification_attempt", columns: ["at_ms"])
    // Pending and firing alerts of alerting rules, so a restart keeps `activeAt`.
    try db.create(table: "rule_alert_state") { table in
      table.column("rule_key", .text).notNull()
      table.column("fingerprint", .text).notNull()
      table.column("labels_json", .text).notNull()
      table.column("annotations_json", .text).notNull()
      table.column("state", .text).notNull()
      table.column("value", .double).notNull()
      table.column("active_at_ms", .integer).notNull()
      table.column("fired_at_ms", .integer).notNull()
      table.column("resolved_at_ms", .integer).notNull()
      table.column("last_sent_at_ms", .integer).notNull()
      table.column("keep_firing_since_ms", .integer).notNull()
      table.primaryKey(["rule_key", "fingerprint"])
    }
  }
}
