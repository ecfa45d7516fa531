// The inverted index of the head: label name → value → ascending list of series ids, plus the
// list of every id. Resolves selectors with Prometheus's matcher semantics, including matchers
// that accept the empty value (which also select series that lack the label).
import Synchronization
import WardenCore

/// Thread-safe: one `Mutex`; series are created far less often than samples are appended, so
/// this lock is off the sample hot path.
final class PostingsIndex: Sendable {
  private struct State {
    var byName: [String: [String: [SeriesID]]] = [:]
    var all: [SeriesID] = []
  }

  private let state = Mutex(State())

  /// Indexes a new series. Ids must be added in increasing order (they are dense and
  /// allocated under the series-table lock), which keeps every list sorted by appending.
  func add(_ id: SeriesID, _ labels: Labels) {
    state.withLock { state in
      for label in labels.pairs {
        if let nameIndex = state.byName.index(forKey: label.name) {
          if let valueIndex = state.byName.values[nameIndex].index(forKey: label.value) {
            state.byName.values[nameIndex].values[valueIndex].append(id)
          } else {
            state.byName.values[nameIndex][label.value] = [id]
          }
        } else {
          state.byName[label.name] = [label.value: [id]]
        }
      }
      state.all.append(id)
    }
  }

  /// Removes series from every list they are on, in one pass per affected list.
  func remove(_ series: [(id: SeriesID, labels: Labels)]) {
    guard !series.isEmpty else { return }
    var byPair: [String: [String: Set<SeriesID>]] = [:]
    var all = Set<SeriesID>()
    for (id, labels) in series {
      all.insert(id)
      for label in labels.pairs { byPair[label.name, default: [:]][label.value, default: []].insert(id) }
    }
    state.withLock { state in
      for (name, values) in byPair {
        guard var lists = state.byName[name] else { continue }
        for (value, ids) in values {
          guard let list = lists[value] else { continue }
          let kept = list.filter { !ids.contains($0) }
          lists[value] = kept.isEmpty ? nil : kept
        }
        state.byName[name] = lists.isEmpty ? nil : lists
      }
      state.all.removeAll { all.contains($0) }
    }
  }

  /// Ids of series matching every matcher, ascending.
  func select(_ matchers: [LabelMatcher]) -> [SeriesID] {
    state.withLock { state in
      var result: [SeriesID]?
      // Matchers that reject the empty value narrow by intersection; do them first, so the
      // subtractions below work on small lists.
      for matcher in matchers where !matcher.matchesEmpty {
        let lists = Self.lists(state.byName[matcher.name] ?? [:], accepting: matcher.matches, setValues: matcher.setValues)
        let ids = PostingsList.union(lists)
        result = result.map { PostingsList.intersect($0, ids) } ?? ids
        if result?.isEmpty == true { return [] }
      }
      var ids = result ?? state.all
      for matcher in matchers where matcher.matchesEmpty {
        // A series passes if it lacks the label or its value matches: remove those whose
        // value exists and does not match.
        let values = state.byName[matcher.name] ?? [:]
        let excluded = PostingsList.union(values.compactMap { matcher.matches($0.key) ? nil : $0.value })
        ids = PostingsList.subtract(ids, excluded)
      }
      return ids
    }
  }

  private static func lists(
    _ values: [String: [SeriesID]], accepting: (String) -> Bool, setValues: [String]?
  ) -> [[SeriesID]] {
    if let setValues {
      return setValues.compactMap { values[$0] }
    }
    return values.compactMap { accepting($0.key) ? $0.value : nil }
  }

  /// Every label name with at least one series, unsorted.
  func allNames() -> [String] {
    state.withLock { Array($0.byName.keys) }
  }

  /// Every value of `name`, unsorted.
  func allValues(of name: String) -> [String] {
    state.withLock { state in state.byName[name].map { Array($0.keys) } ?? [] }
  }

  /// Runs `body` on the name → value → ids map under the index lock (for statistics).
  func withState<Result>(_ body: ([String: [String: [SeriesID]]]) -> Result) -> Result {
    state.withLock { body($0.byName) }
  }

  var seriesCount: Int { state.withLock { $0.all.count } }
}
