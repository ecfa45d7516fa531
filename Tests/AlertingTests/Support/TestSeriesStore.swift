// An in-memory series store for rule tests: the query engine reads it (SeriesSource) and the
// rule manager writes to it (RuleSampleWriter), so recording rule output and ALERTS series are
// visible to later queries exactly as with the real store. Real samples, real PromQL engine.
import Alerting
import Synchronization
import WardenCore

final class TestSeriesStore: SeriesSource, RuleSampleWriter {
  /// One series' samples, sorted by time.
  private struct Stored {
    var timestamps: [Int64] = []
    var values: [Double] = []

    mutating func add(_ timestampMs: Int64, _ value: Double) {
      if let last = timestamps.last, last >= timestampMs {
        let index = timestamps.partitionPoint { $0 >= timestampMs }
        if index < timestamps.count, timestamps[index] == timestampMs {
          values[index] = value
        } else {
          timestamps.insert(timestampMs, at: index)
          values.insert(value, at: index)
        }
      } else {
        timestamps.append(timestampMs)
        values.append(value)
      }
    }
  }

  /// Series by metric name, so a selector with a name reads only its series.
  private let byName = Mutex<[String: [Labels: Stored]]>([:])
  private let writes = Mutex<[SampleBatch]>([])
  /// When set, writes fail with this message (to test write errors).
  let failure = Mutex<String?>(nil)
  /// How long each write takes (to test evaluations that overrun their interval).
  let writeDelay = Mutex<Duration>(.zero)

  init() {}

  /// Adds one sample.
  func add(_ labels: Labels, _ timestampMs: Int64, _ value: Double) {
    byName.withLock { $0[labels.metricName, default: [:]][labels, default: Stored()].add(timestampMs, value) }
  }

  /// Adds `name{labels}` with one sample per (timestamp, value).
  func add(_ name: String, _ labels: [String: String] = [:], samples: [(Int64, Double)]) {
    let set = Labels(labels).setting(Labels.metricName, to: name)
    for (timestamp, value) in samples { add(set, timestamp, value) }
  }

  /// Every batch the rule manager wrote, in order.
  var batches: [SampleBatch] { writes.withLock { $0 } }

  /// The samples of `labels`, sorted by time.
  func samples(_ labels: Labels) -> [(Int64, Double)] {
    byName.withLock { byName in
      guard let stored = byName[labels.metricName]?[labels] else { return [] }
      return Array(zip(stored.timestamps, stored.values))
    }
  }

  /// Label sets of stored series with metric name `name`.
  func seriesNamed(_ name: String) -> [Labels] {
    byName.withLock { Array(($0[name] ?? [:]).keys) }.sorted()
  }

  func write(_ batch: SampleBatch) async throws {
    if let message = failure.withLock({ $0 }) { throw TestWriteError(message: message) }
    let delay = writeDelay.withLock { $0 }
    if delay > .zero { try await Task.sleep(for: delay) }
    writes.withLock { $0.append(batch) }
    for row in batch.samples { add(batch.series[Int(row.seriesIndex)], row.timestampMs, row.value) }
  }

  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    let name = matchers.first { $0.name == Labels.metricName && $0.kind == .equal }?.value
    return byName.withLock { byName in
      var result: [SeriesSamples] = []
      let candidates = name.map { [byName[$0] ?? [:]] } ?? Array(byName.values)
      for group in candidates {
        for (labels, stored) in group where matchers.allSatisfy({ $0.matches(labels[$0.name]) }) {
          let lower = stored.timestamps.partitionPoint { $0 >= startMs }
          let upper = stored.timestamps.partitionPoint { $0 > endMs }
          if lower >= upper { continue }
          result.append(
            SeriesSamples(labels: labels, timestampsMs: Array(stored.timestamps[lower..<upper]), values: Array(stored.values[lower..<upper])))
        }
      }
      return result.sorted { $0.labels < $1.labels }
    }
  }

  func series(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] {
    try select(matchers, startMs: startMs, endMs: endMs).map(\.labels)
  }

  func labelNames(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    Set(try series(matchers, startMs: startMs, endMs: endMs).flatMap { $0.pairs.map(\.name) }).sorted()
  }

  func labelValues(_ name: String, _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    Set(try series(matchers, startMs: startMs, endMs: endMs).map { $0[name] }.filter { !$0.isEmpty }).sorted()
  }
}

extension Array where Element: Comparable {
  /// The first index whose element satisfies `predicate` (which must be false, then true).
  func partitionPoint(_ predicate: (Element) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if predicate(self[middle]) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}

struct TestWriteError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// Records what the rule manager sends.
final class RecordingAlertSender: AlertSender {
  private let sent = Mutex<[[Alert]]>([])

  init() {}

  func send(_ alerts: [Alert]) async {
    sent.withLock { $0.append(alerts) }
  }

  /// Every call's alerts, in order.
  var calls: [[Alert]] { sent.withLock { $0 } }
  var all: [Alert] { calls.flatMap { $0 } }

  func reset() { sent.withLock { $0.removeAll() } }
}
