// What the notifier still has to write to the catalog: notification log entries, silences, and
// the history (delivery attempts, alert state changes). Flushes add to it without waiting for
// SQLite; one writer drains it in a transaction per kind. Bounded: if the catalog falls behind,
// the oldest history records are dropped and counted (log entries and silences are kept, latest
// per key, since they are what makes a restart correct).
import Catalog
import Synchronization

/// The writes not yet made.
///
/// Thread-safe: guarded by `state`.
final class PendingWrites: Sendable {
  struct Batch: Sendable {
    var notificationLog: [NotificationLogRecord] = []
    var silences: [SilenceRecord] = []
    var attempts: [NotificationAttemptRecord] = []
    var events: [AlertEventRecord] = []

    var isEmpty: Bool { notificationLog.isEmpty && silences.isEmpty && attempts.isEmpty && events.isEmpty }
  }

  private struct State {
    var batch = Batch()
    var droppedRecords = 0
  }

  private let state = Mutex(State())
  private let maxRecords: Int

  init(maxRecords: Int) {
    self.maxRecords = maxRecords
  }

  var droppedRecords: Int { state.withLock { $0.droppedRecords } }
  var isEmpty: Bool { state.withLock { $0.batch.isEmpty } }

  func add(notificationLog records: [NotificationLogRecord]) {
    state.withLock { $0.batch.notificationLog.append(contentsOf: records) }
  }

  func add(silences records: [SilenceRecord]) {
    state.withLock { $0.batch.silences.append(contentsOf: records) }
  }

  func add(attempts records: [NotificationAttemptRecord]) {
    guard !records.isEmpty else { return }
    state.withLock { state in
      state.batch.attempts.append(contentsOf: records)
      let excess = state.batch.attempts.count - maxRecords
      if excess > 0 {
        state.batch.attempts.removeFirst(excess)
        state.droppedRecords += excess
      }
    }
  }

  func add(events records: [AlertEventRecord]) {
    guard !records.isEmpty else { return }
    state.withLock { state in
      state.batch.events.append(contentsOf: records)
      let excess = state.batch.events.count - maxRecords
      if excess > 0 {
        state.batch.events.removeFirst(excess)
        state.droppedRecords += excess
      }
    }
  }

  /// Takes everything pending.
  func take() -> Batch {
    state.withLock { state in
      defer { state.batch = Batch() }
      return state.batch
    }
  }

  /// Puts back what could not be written, before anything added since, so the newest version
  /// of a log entry or silence is written last.
  func restore(_ batch: Batch) {
    state.withLock { state in
      state.batch.notificationLog = Self.latest(batch.notificationLog + state.batch.notificationLog) {
        "\($0.groupKey)\u{0}\($0.receiver)\u{0}\($0.integration)\u{0}\($0.integrationIndex)"
      }
      state.batch.silences = Self.latest(batch.silences + state.batch.silences) { $0.id }
    }
    add(attempts: batch.attempts)
    add(events: batch.events)
  }

  /// The last record per key, in their original order (a failing catalog cannot make these grow
  /// beyond one record per group integration or silence).
  private static func latest<Record>(_ records: [Record], key: (Record) -> String) -> [Record] {
    var seen: Set<String> = []
    var kept: [Record] = []
    for record in records.reversed() where seen.insert(key(record)).inserted { kept.append(record) }
    return kept.reversed()
  }
}
