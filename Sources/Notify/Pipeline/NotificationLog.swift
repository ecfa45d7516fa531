// The notification log (Alertmanager's nflog): per aggregation group and integration, which
// alerts the last successful notification carried and when, and the rule that decides whether a
// flush sends anything: something new fires, something resolved (for integrations that send
// resolved), everything resolved after a firing notification, or repeat_interval has passed.
package import Catalog
import Synchronization
package import WardenCore

/// One integration of one receiver for one aggregation group.
package struct NotificationLogKey: Hashable, Sendable {
  package var groupKey: String
  package var receiver: String
  package var integration: String
  package var integrationIndex: Int

  package init(groupKey: String, receiver: String, integration: String, integrationIndex: Int) {
    self.groupKey = groupKey
    self.receiver = receiver
    self.integration = integration
    self.integrationIndex = integrationIndex
  }
}

/// What the last successful notification carried.
package struct NotificationLogEntry: Sendable, Equatable {
  package var firing: Set<AlertFingerprint>
  package var resolved: Set<AlertFingerprint>
  package var sentAtMs: Int64
  package var expiresAtMs: Int64

  package init(firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint>, sentAtMs: Int64, expiresAtMs: Int64) {
    self.firing = firing
    self.resolved = resolved
    self.sentAtMs = sentAtMs
    self.expiresAtMs = expiresAtMs
  }
}

/// The log, kept in memory and mirrored to the catalog by the notifier.
///
/// Thread-safe: guarded by `entries`.
package final class NotificationLog: Sendable {
  private let entries = Mutex<[NotificationLogKey: NotificationLogEntry]>([:])

  package init() {}

  /// Replaces the log with the catalog's records (at start).
  package func load(_ records: [NotificationLogRecord]) {
    var loaded: [NotificationLogKey: NotificationLogEntry] = [:]
    for record in records {
      let key = NotificationLogKey(
        groupKey: record.groupKey, receiver: record.receiver, integration: record.integration,
        integrationIndex: record.integrationIndex)
      loaded[key] = NotificationLogEntry(
        firing: Set(record.firing), resolved: Set(record.resolved), sentAtMs: record.sentAtMs, expiresAtMs: record.expiresAtMs)
    }
    entries.withLock { $0 = loaded }
  }

  package var count: Int { entries.withLock { $0.count } }

  package func entry(_ key: NotificationLogKey) -> NotificationLogEntry? {
    entries.withLock { $0[key] }
  }

  /// Records a successful notification; returns the record to save.
  package func record(
    _ key: NotificationLogKey, firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint>, nowMs: Int64, retentionMs: Int64
  ) -> NotificationLogRecord {
    let entry = NotificationLogEntry(firing: firing, resolved: resolved, sentAtMs: nowMs, expiresAtMs: nowMs + retentionMs)
    entries.withLock { $0[key] = entry }
    return NotificationLogRecord(
      groupKey: key.groupKey, receiver: key.receiver, integration: key.integration, integrationIndex: key.integrationIndex,
      firing: firing.sorted(), resolved: resolved.sorted(), sentAtMs: nowMs, expiresAtMs: entry.expiresAtMs)
  }

  /// Forgets entries expired at `nowMs`; returns how many.
  @discardableResult
  package func collectGarbage(nowMs: Int64) -> Int {
    entries.withLock { entries in
      let before = entries.count
      entries = entries.filter { $0.value.expiresAtMs > nowMs }
      return before - entries.count
    }
  }

  /// Whether a flush with these alerts must notify, given the last notification `entry`.
  /// - Parameters:
  ///   - firing: the fingerprints firing now.
  ///   - resolved: the fingerprints resolved now.
  ///   - sendResolved: whether the integration sends resolved notifications.
  ///   - repeatIntervalMs: the route's repeat_interval.
  package static func needsUpdate(
    _ entry: NotificationLogEntry?, firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint>, sendResolved: Bool,
    repeatIntervalMs: Int64, nowMs: Int64
  ) -> Bool {
    // Never notified: notify when something fires (resolved-only groups were never seen).
    guard let entry else { return !firing.isEmpty }
    // Something fires that the last notification did not carry.
    if !firing.isSubset(of: entry.firing) { return true }
    // Everything resolved: notify once (even without send_resolved, so the log forgets the
    // firing set), unless the last notification carried nothing firing either.
    if firing.isEmpty { return !entry.firing.isEmpty }
    if sendResolved && !resolved.isSubset(of: entry.resolved) { return true }
    // Nothing changed: repeat once repeat_interval has passed since the last send.
    return entry.sentAtMs + repeatIntervalMs <= nowMs
  }
}
