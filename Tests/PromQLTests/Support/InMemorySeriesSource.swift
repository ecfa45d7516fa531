// A `SeriesSource` held in memory, for engine tests and the conformance runner: the scripts load a
// few series at 1970 timestamps and in any order, which is all this needs to hold. Matching uses
// the same `LabelMatcher` semantics as the store.
import Synchronization
import WardenCore

final class InMemorySeriesSource: SeriesSource {
  private let series = Mutex<[Labels: (timestamps: [Int64], values: [Double])]>([:])

  init() {}

  /// Adds samples to the series `labels`; a timestamp already present is overwritten.
  func add(labels: Labels, timestampsMs: [Int64], values: [Double]) {
    precondition(timestampsMs.count == values.count)
    series.withLock { all in
      var entry = all[labels] ?? (timestamps: [], values: [])
      var merged: [Int64: Double] = [:]
      for (t, v) in zip(entry.timestamps, entry.values) { merged[t] = v }
      for (t, v) in zip(timestampsMs, values) { merged[t] = v }
      let sorted = merged.keys.sorted()
      entry.timestamps = sorted
      entry.values = sorted.map { merged[$0]! }
      all[labels] = entry
    }
  }

  func removeAll() {
    series.withLock { $0.removeAll() }
  }

  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    let snapshot = series.withLock { $0 }
    var result: [SeriesSamples] = []
    for (labels, data) in snapshot where Self.matches(labels, matchers) {
      let lower = data.timestamps.firstIndex { $0 >= startMs } ?? data.timestamps.count
      let upper = data.timestamps.lastIndex { $0 <= endMs }.map { $0 + 1 } ?? 0
      guard lower < upper else { continue }
      result.append(SeriesSamples(labels: labels, timestampsMs: Array(data.timestamps[lower..<upper]), values: Array(data.values[lower..<upper])))
    }
    return result.sorted { $0.labels < $1.labels }
  }

  func series(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] {
    try select(matchers, startMs: startMs, endMs: endMs).map(\.labels)
  }

  func labelNames(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    let selected = matchers.isEmpty ? series.withLock { Array($0.keys) } : try series(matchers, startMs: startMs, endMs: endMs)
    return Set(selected.flatMap { $0.pairs.map(\.name) }).sorted()
  }

  func labelValues(_ name: String, _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    let selected = matchers.isEmpty ? series.withLock { Array($0.keys) } : try series(matchers, startMs: startMs, endMs: endMs)
    return Set(selected.map { $0[name] }.filter { !$0.isEmpty }).sorted()
  }

  private static func matches(_ labels: Labels, _ matchers: [LabelMatcher]) -> Bool {
    matchers.allSatisfy { $0.matches(labels[$0.name]) }
  }
}
