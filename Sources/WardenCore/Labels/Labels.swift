// A series' identity: its label set, sorted by name, `__name__` included. One value type used by
// ingestion, the store and the query engines alike.

/// A sorted set of labels with unique names. Empty values are dropped, as in Prometheus (a label
/// with an empty value is the same as no label).
package struct Labels: Hashable, Sendable, Comparable, CustomStringConvertible {
  package static let metricName = "__name__"

  /// Sorted by name; names unique; no empty values.
  package private(set) var pairs: [Label]

  package init() {
    pairs = []
  }

  /// Builds a label set from pairs in any order; later duplicates win; empty values are dropped.
  package init(_ unsorted: some Sequence<Label>) {
    var sorted = unsorted.filter { !$0.value.isEmpty }
    sorted.sort { $0.name < $1.name }
    var unique: [Label] = []
    unique.reserveCapacity(sorted.count)
    for label in sorted {
      if let last = unique.last, last.name == label.name {
        unique[unique.count - 1] = label
      } else {
        unique.append(label)
      }
    }
    pairs = unique
  }

  package init(_ dictionary: [String: String]) {
    self.init(dictionary.map { Label($0.key, $0.value) })
  }

  /// Trusts the caller that `pairs` is already sorted, unique and without empty values.
  package init(sortedPairs pairs: [Label]) {
    self.pairs = pairs
  }

  package var count: Int { pairs.count }
  package var isEmpty: Bool { pairs.isEmpty }

  /// The value of `name`, or "" when absent (Prometheus semantics).
  package subscript(name: String) -> String {
    // Label sets are small; a linear scan beats binary search below ~16 entries.
    for label in pairs where label.name == name { return label.value }
    return ""
  }

  package var metricName: String { self[Labels.metricName] }

  /// A copy with `name` set to `value` (removed when `value` is empty).
  package func setting(_ name: String, to value: String) -> Labels {
    var copy = pairs.filter { $0.name != name }
    if !value.isEmpty {
      let index = copy.firstIndex { $0.name > name } ?? copy.endIndex
      copy.insert(Label(name, value), at: index)
    }
    return Labels(sortedPairs: copy)
  }

  /// A copy without the named labels.
  package func removing(_ names: Set<String>) -> Labels {
    Labels(sortedPairs: pairs.filter { !names.contains($0.name) })
  }

  /// `{__name__="up", job="node"}` as Prometheus prints series (`up{job="node"}`).
  package var description: String {
    let name = metricName
    let rest = pairs.filter { $0.name != Labels.metricName }
    let inner = rest.map { "\($0.name)=\"\(Self.escape($0.value))\"" }.joined(separator: ", ")
    if name.isEmpty { return "{\(inner)}" }
    return rest.isEmpty ? name : "\(name){\(inner)}"
  }

  private static func escape(_ value: String) -> String {
    var out = ""
    for character in value {
      switch character {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      default: out.append(character)
      }
    }
    return out
  }

  /// Orders label sets the way Prometheus sorts series: pair by pair, name then value.
  package static func < (lhs: Labels, rhs: Labels) -> Bool {
    for (left, right) in zip(lhs.pairs, rhs.pairs) {
      if left.name != right.name { return left.name < right.name }
      if left.value != right.value { return left.value < right.value }
    }
    return lhs.pairs.count < rhs.pairs.count
  }

  /// A hash that is the same in every process (Swift's `Hasher` is seeded per process), for
  /// sharding and anything persisted. FNV-1a over names and values with separators.
  package var stableHash: UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for label in pairs {
      for byte in label.name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      hash = (hash ^ 0xff) &* 0x100_0000_01b3
      for byte in label.value.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      hash = (hash ^ 0xfe) &* 0x100_0000_01b3
    }
    return hash
  }
}
