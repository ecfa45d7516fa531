// An in-memory series store for rule tests: the query engine reads it (SeriesSource) and the
// rule manager writes to it (RuleSampleWriter), so recording rule output and ALERTS series are
// visible to later queries exactly as with the real store. Real samples, real PromQL engine.
import Alerting
import Synchronization
import WardenCore

final class TestSeriesStore: SeriesSource, RuleSampleWriter {
  private let series = Mutex<[Labels: [Int64: Double]]>([:])
  private let writes = Mutex<[SampleBatch]>([])
  /// When set, writes fail with this message (to test write errors).
  let failure = Mutex<String?>(nil)
  /// How long each write takes (to test evaluations that overrun their interval).
  let writeDelay = Mutex<Duration>(.zero)

  init() {}

  /// Adds one sample.
  func add(_ labels: Labels, _ timestampMs: Int64, _ value: Double) {
    series.withLock { $0[labels, default: [:]][timestampMs] = value }
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
    series.withLock { ($0[labels] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
  }

  /// Label sets of stored series with metric name `name`.
  func seriesNamed(_ name: String) -> [Labels] {
    series.withLock { Array($0.keys) }.filter { $0.metricName == name }.sorted()
  }

  func write(_ batch: SampleBatch) async throws {
    if let message = failure.withLock({ $0 }) { throw TestWriteError(message: message) }
    let delay = writeDelay.withLock { $0 }
    if delay > .zero { try await Task.sleep(for: delay) }
    writes.withLock { $0.append(batch) }
    for row in batch.samples { add(batch.series[Int(row.seriesIndex)], row.timestampMs, row.value) }
  }

  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    let snapshot = series.withLock { $0 }
    var result: [SeriesSamples] = []
    for (labels, samples) in snapshot where matchers.allSatisfy({ $0.matches(labels[$0.name]) }) {
      let inRange = samples.filter { $0.key >= startMs && $0.key <= endMs }.sorted { $0.key < $1.key }
      if inRange.isEmpty { continue }
      result.append(SeriesSamples(labels: labels, timestampsMs: inRange.map(\.key), values: inRange.map(\.value)))
    }
    return result.sorted { $0.labels < $1.labels }
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
