// Every stream the store knows (from segments and heads), with a dense in-memory id, and the
// inverted index label name → value → ascending stream ids that resolves selectors with
// Prometheus/Loki matcher semantics (a matcher accepting "" also selects streams without the label).
import Synchronization
import WardenCore

typealias StreamID = UInt32

/// Thread-safe: one `Mutex`. Appends take it once per batch (to resolve the batch's streams), not
/// per record.
final class StreamRegistry: Sendable {
  private struct State {
    var idByLabels: [Labels: StreamID] = [:]
    var labelsByID: [Labels] = []
    var postings: [String: [String: [StreamID]]] = [:]
  }

  private let state = Mutex(State())

  /// The ids of `streams`, registering the new ones.
  func resolve(_ streams: [Labels]) -> [StreamID] {
    state.withLock { state in streams.map { Self.resolve($0, in: &state) } }
  }

  func resolve(_ labels: Labels) -> StreamID {
    state.withLock { Self.resolve(labels, in: &$0) }
  }

  private static func resolve(_ labels: Labels, in state: inout State) -> StreamID {
    if let id = state.idByLabels[labels] { return id }
    let id = StreamID(state.labelsByID.count)
    state.idByLabels[labels] = id
    state.labelsByID.append(labels)
    for label in labels.pairs {
      state.postings[label.name, default: [:]][label.value, default: []].append(id)
    }
    return id
  }

  func labels(_ id: StreamID) -> Labels {
    state.withLock { $0.labelsByID[Int(id)] }
  }

  func labels(_ ids: [StreamID]) -> [Labels] {
    state.withLock { state in ids.map { state.labelsByID[Int($0)] } }
  }

  var count: Int { state.withLock { $0.labelsByID.count } }

  /// Ids of streams matching every matcher, ascending.
  func select(_ matchers: [LabelMatcher]) -> [StreamID] {
    state.withLock { state in
      var result: [StreamID]?
      // Matchers that reject the empty value narrow by intersection; do them first.
      for matcher in matchers where !matcher.matchesEmpty {
        let values = state.postings[matcher.name] ?? [:]
        let lists: [[StreamID]]
        if let set = matcher.setValues {
          lists = set.compactMap { values[$0] }
        } else {
          lists = values.compactMap { matcher.matches($0.key) ? $0.value : nil }
        }
        let ids = Self.union(lists)
        result = result.map { Self.intersect($0, ids) } ?? ids
        if result?.isEmpty == true { return [] }
      }
      var ids = result ?? Array(0..<StreamID(state.labelsByID.count))
      for matcher in matchers where matcher.matchesEmpty {
        // A stream passes if it lacks the label or its value matches.
        let values = state.postings[matcher.name] ?? [:]
        let excluded = Set(values.flatMap { matcher.matches($0.key) ? [] : $0.value })
        if !excluded.isEmpty { ids.removeAll { excluded.contains($0) } }
      }
      return ids
    }
  }

  private static func union(_ lists: [[StreamID]]) -> [StreamID] {
    if lists.count == 1 { return lists[0] }
    return Array(Set(lists.joined())).sorted()
  }

  private static func intersect(_ a: [StreamID], _ b: [StreamID]) -> [StreamID] {
    var result: [StreamID] = []
    var i = 0
    var j = 0
    while i < a.count, j < b.count {
      if a[i] == b[j] {
        result.append(a[i])
        i += 1
        j += 1
      } else if a[i] < b[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return result
  }
}
