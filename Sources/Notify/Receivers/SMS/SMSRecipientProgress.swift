// Which recipients already got a notification, so the retry of an attempt that reached some of
// several phones sends only to the rest (one SMS per recipient, and a retry must not page twice).
// Bounded: entries expire after an hour and at most `capacity` notifications are remembered.
import Synchronization
import WardenCore

/// Thread-safe: guarded by `state`.
final class SMSRecipientProgress: Sendable {
  private struct Entry {
    var delivered: Set<String>
    var expiresAtMs: Int64
  }

  static let capacity = 1024
  static let lifetimeMs: Int64 = 3_600_000

  private let state = Mutex<[String: Entry]>([:])

  /// A key for one notification's content: group, and each alert's identity and state.
  static func key(_ notification: Notification) -> String {
    var key = notification.groupKey
    for alert in notification.alerts {
      key += "|\(alert.fingerprint)\(alert.isResolved(atMs: notification.nowMs) ? "r" : "f")\(alert.startsAtMs)"
    }
    return key
  }

  func delivered(_ key: String, nowMs: Int64) -> Set<String> {
    state.withLock { entries in
      guard let entry = entries[key], entry.expiresAtMs > nowMs else { return [] }
      return entry.delivered
    }
  }

  func record(_ recipient: String, for key: String, nowMs: Int64) {
    state.withLock { entries in
      if entries[key] == nil, entries.count >= Self.capacity {
        entries = entries.filter { $0.value.expiresAtMs > nowMs }
        if entries.count >= Self.capacity, let oldest = entries.min(by: { $0.value.expiresAtMs < $1.value.expiresAtMs }) {
          entries[oldest.key] = nil
        }
      }
      entries[key, default: Entry(delivered: [], expiresAtMs: nowMs + Self.lifetimeMs)].delivered.insert(recipient)
    }
  }

  /// Forgets a notification once every recipient has it.
  func finish(_ key: String) {
    _ = state.withLock { $0.removeValue(forKey: key) }
  }
}
