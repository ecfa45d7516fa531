// The alerting tables' reads and writes: silences, the notification log, the alert history and
// rule alert states. Writes take batches so an evaluation cycle or a flush is one transaction.
package import WardenCore
import GRDB

extension CatalogDatabase {
  // MARK: Silences

  /// Inserts or replaces silences by id.
  package func saveSilences(_ silences: [SilenceRecord]) async throws(CatalogError) {
    try await write("cannot save silences") { db in
      for silence in silences { try silence.save(db) }
    }
  }

  /// Every stored silence.
  package func silences() async throws(CatalogError) -> [SilenceRecord] {
    try await read("cannot read silences") { db in try SilenceRecord.fetchAll(db) }
  }

  /// Deletes silences that ended before `ms`; returns how many.
  @discardableResult
  package func deleteSilences(endedBeforeMs ms: Int64) async throws(CatalogError) -> Int {
    try await write("cannot delete expired silences") { db in
      try SilenceRecord.filter(Column("ends_at_ms") < ms).deleteAll(db)
    }
  }

  // MARK: Notification log

  /// Inserts or replaces entries by (group, receiver, integration, index).
  package func saveNotificationLog(_ entries: [NotificationLogRecord]) async throws(CatalogError) {
    try await write("cannot save the notification log") { db in
      for entry in entries { try entry.save(db) }
    }
  }

  /// Every entry not yet expired at `nowMs`.
  package func notificationLog(nowMs: Int64) async throws(CatalogError) -> [NotificationLogRecord] {
    try await read("cannot read the notification log") { db in
      try NotificationLogRecord.filter(Column("expires_at_ms") > nowMs).fetchAll(db)
    }
  }

  /// Forgets entries expired at `nowMs`; returns how many.
  @discardableResult
  package func deleteNotificationLog(expiredAtMs nowMs: Int64) async throws(CatalogError) -> Int {
    try await write("cannot delete expired notification log entries") { db in
      try NotificationLogRecord.filter(Column("expires_at_ms") <= nowMs).deleteAll(db)
    }
  }

  // MARK: Alert history

  /// Appends state changes to the alert history.
  package func recordAlertEvents(_ events: [AlertEventRecord]) async throws(CatalogError) {
    guard !events.isEmpty else { return }
    try await write("cannot record alert events") { db in
      for var event in events { try event.insert(db) }
    }
  }

  /// Appends delivery attempts to the alert history.
  package func recordNotificationAttempts(_ attempts: [NotificationAttemptRecord]) async throws(CatalogError) {
    guard !attempts.isEmpty else { return }
    try await write("cannot record notification attempts") { db in
      for var attempt in attempts { try attempt.insert(db) }
    }
  }

  /// Alert state changes in `[sinceMs, untilMs]`, newest first, optionally of one alert or one
  /// alert name.
  package func alertEvents(
    sinceMs: Int64, untilMs: Int64 = .max, fingerprint: AlertFingerprint? = nil, alertname: String? = nil, limit: Int = 1000
  ) async throws(CatalogError) -> [AlertEventRecord] {
    try await read("cannot read the alert history") { db in
      var request = AlertEventRecord.filter(Column("at_ms") >= sinceMs && Column("at_ms") <= untilMs)
      if let fingerprint { request = request.filter(Column("fingerprint") == fingerprint.description) }
      if let alertname { request = request.filter(Column("alertname") == alertname) }
      return try request.order(Column("at_ms").desc, Column("id").desc).limit(limit).fetchAll(db)
    }
  }

  /// Delivery attempts in `[sinceMs, untilMs]`, newest first, optionally of one receiver.
  package func notificationAttempts(
    sinceMs: Int64, untilMs: Int64 = .max, receiver: String? = nil, limit: Int = 1000
  ) async throws(CatalogError) -> [NotificationAttemptRecord] {
    try await read("cannot read notification attempts") { db in
      var request = NotificationAttemptRecord.filter(Column("at_ms") >= sinceMs && Column("at_ms") <= untilMs)
      if let receiver { request = request.filter(Column("receiver") == receiver) }
      return try request.order(Column("at_ms").desc, Column("id").desc).limit(limit).fetchAll(db)
    }
  }

  /// Deletes history older than `ms` (the history's retention); returns how many rows.
  @discardableResult
  package func deleteAlertHistory(olderThanMs ms: Int64) async throws(CatalogError) -> Int {
    try await write("cannot trim the alert history") { db in
      try AlertEventRecord.filter(Column("at_ms") < ms).deleteAll(db)
        + NotificationAttemptRecord.filter(Column("at_ms") < ms).deleteAll(db)
    }
  }

  // MARK: Rule alert states

  /// Stores `upserts` and removes `deletions` (rule key, fingerprint) in one transaction.
  package func updateRuleAlertStates(
    upserts: [RuleAlertStateRecord], deletions: [(ruleKey: String, fingerprint: AlertFingerprint)]
  ) async throws(CatalogError) {
    guard !upserts.isEmpty || !deletions.isEmpty else { return }
    let deletions = deletions.map { ($0.ruleKey, $0.fingerprint.description) }
    try await write("cannot save rule alert states") { db in
      for record in upserts { try record.save(db) }
      for (ruleKey, fingerprint) in deletions {
        try db.execute(sql: "DELETE FROM rule_alert_state WHERE rule_key = ? AND fingerprint = ?", arguments: [ruleKey, fingerprint])
      }
    }
  }

  /// Removes every state of rules not in `keeping` (rules deleted from the files).
  @discardableResult
  package func deleteRuleAlertStates(keepingRules keeping: Set<String>) async throws(CatalogError) -> Int {
    let keep = Array(keeping)
    return try await write("cannot delete stale rule alert states") { db in
      try RuleAlertStateRecord.filter(!keep.contains(Column("rule_key"))).deleteAll(db)
    }
  }

  /// Every stored rule alert state.
  package func ruleAlertStates() async throws(CatalogError) -> [RuleAlertStateRecord] {
    try await read("cannot read rule alert states") { db in try RuleAlertStateRecord.fetchAll(db) }
  }
}
