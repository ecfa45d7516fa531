// Remembers the metric family names (and HELP texts) that meminfo and vmstat derive from field
// names in a file, so a steady-state collection builds no Strings for them.

import Synchronization

/// Family names derived from the fields of a file, by position in the file.
///
/// The kernel writes the same fields in the same order every time, so a collection compares each
/// field name with the entry at its position and rebuilds the list only when something differs.
/// Thread-safe: the list is guarded by a `Mutex` and handed out as a copy-on-write snapshot.
final class FieldNameCache: Sendable {
  /// One field: the raw bytes it was derived from and what to emit for it.
  struct Entry: Sendable {
    /// The field name bytes plus one trailing byte for the unit variant, which changes the name.
    var key: [UInt8]
    var familyName: String
    var help: String
    /// True when an earlier field produced the same family name; such a field is not emitted,
    /// since a family may appear only once in an exposition.
    var isDuplicate: Bool

    func matches(_ name: UnsafeBufferPointer<UInt8>, variant: UInt8) -> Bool {
      guard key.count == name.count + 1, key[name.count] == variant else { return false }
      for index in 0..<name.count where key[index] != name[index] { return false }
      return true
    }
  }

  private let entries = Mutex<[Entry]>([])

  init() {}

  /// The entries as last stored.
  func snapshot() -> [Entry] {
    entries.withLock { $0 }
  }

  /// Replaces the entries, marking duplicate family names.
  func store(_ newEntries: [Entry]) -> [Entry] {
    var marked = newEntries
    var seen = Set<String>()
    for index in marked.indices {
      marked[index].isDuplicate = !seen.insert(marked[index].familyName).inserted
    }
    entries.withLock { $0 = marked }
    return marked
  }
}

// MARK: - Metric names

enum MetricName {
  /// Appends `bytes` to `name`, replacing each byte that may not appear in a metric name with `_`
  /// (and a leading digit, so the result is a valid name when `name` starts empty).
  static func appendSanitized(_ bytes: some Sequence<UInt8>, to name: inout [UInt8]) {
    for byte in bytes {
      let allowed =
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
        || (byte.isDigit && !name.isEmpty)
      name.append(allowed ? byte : UInt8(ascii: "_"))
    }
  }
}
