// Benchmarks of the metric store's hot paths, in process, on a store in a temporary directory:
//   * append.100kSeries[.everyBatch]: one batch of 100k series x 1 sample (one scrape round of a
//     big fleet) per iteration, at timestamps 15 s apart; the series exist already (created in the
//     warm-up iteration), so this is the steady state. The batch is built outside the measured part.
//     The default fsync policy (`.groupCommit`) syncs as soon as a batch is pending; the
//     `.batched100ms` variant adds a 100 ms gathering window (fewer syncs under heavy load).
//   * append.100kSeries.handles: the same, with the store's handles (found by `LabelsWireHash`
//     after the warm-up append) passed in the batch (`SampleBatch.storedHandles`), as the
//     remote_write receiver does for series the store has: no lookup by labels.
//   * select.*: reads after loading 1k series over 26 h (and 100k series over 3 h 1 min), with
//     maintenance run along the way so all but the newest 1-3 h are in 2 h blocks.
// Run: WARDEN_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark --target MetricStoreBenchmarks

import Benchmark
import Foundation
import Logging
import MetricStore
import Synchronization
import WardenCore

/// Mutable benchmark state shared between setup, the measured closure and teardown; each
/// benchmark runs on one task at a time.
final class StoreFixture: @unchecked Sendable {
  var store: MetricStore?
  var directory = ""
  var series: [Labels] = []
  /// The store's handles for `series`, found after an earlier append.
  var handles: [(any StoredSeriesHandle)?] = []
  var nextTimestampMs: Int64 = 0
  var endMs: Int64 = 0

  func open(fsync: FsyncPolicy) throws {
    directory = NSTemporaryDirectory() + "warden-msbench-\(UUID().uuidString)"
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    store = try MetricStore(directory: directory, fsync: fsync, logger: logger)
  }

  func close() {
    store?.close()
    store = nil
    try? FileManager.default.removeItem(atPath: directory)
  }
}

let stepMs: Int64 = 15_000
/// A fixed, 2 h-aligned epoch so runs are comparable.
let epochMs: Int64 = 1_790_000_000_000 - 1_790_000_000_000 % (2 * 3600 * 1000)

func makeSeries(count: Int, metric: String) -> [Labels] {
  (0..<count).map { i in
    Labels(sortedPairs: [
      Label(Labels.metricName, metric), Label("instance", "host-\(i / 100):9100"), Label("job", "node"),
      Label("series", String(i)),
    ])
  }
}

/// Counter-like values with irregular increments, deterministic.
@inline(__always) func value(series: Int, round: Int64) -> Double {
  var x = UInt64(truncatingIfNeeded: series) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: round)
  x ^= x >> 29
  x = x &* 0xBF58_476D_1CE4_E5B9
  return Double(round * 10 + Int64(x % 7)) + Double(series % 13) * 0.25
}

func roundBatch(series: [Labels], timestampMs: Int64) -> SampleBatch {
  var rows: [SampleRow] = []
  rows.reserveCapacity(series.count)
  let round = (timestampMs - epochMs) / stepMs
  for index in series.indices {
    rows.append(SampleRow(seriesIndex: Int32(index), timestampMs: timestampMs, value: value(series: index, round: round)))
  }
  return SampleBatch(series: series, samples: rows)
}

/// Loads `hours` of 15 s samples for `series`, a block range (2 h) per append, and runs
/// maintenance after each so finished ranges are cut into blocks.
func load(_ fixture: StoreFixture, series: [Labels], minutes: Int) async throws {
  guard let store = fixture.store else { return }
  let rounds = Int64(minutes) * 60 * 1000 / stepMs
  let perAppend = Int64(max(1, 480_000 / series.count))
  var round: Int64 = 0
  while round < rounds {
    var rows: [SampleRow] = []
    rows.reserveCapacity(series.count * Int(perAppend))
    for r in round..<min(round + perAppend, rounds) {
      let ts = epochMs + r * stepMs
      for index in series.indices {
        rows.append(SampleRow(seriesIndex: Int32(index), timestampMs: ts, value: value(series: index, round: r)))
      }
    }
    _ = try await store.append(SampleBatch(series: series, samples: rows))
    round += perAppend
    _ = try store.maintain(nowMs: epochMs + round * stepMs)
  }
  fixture.endMs = epochMs + (rounds - 1) * stepMs
}

func matcher(_ name: String, _ value: String) -> LabelMatcher {
  try! LabelMatcher(.equal, name, value)
}

/// The append benchmarks' settings: a fresh store with `series` series, removed afterwards.
func appendConfiguration(
  _ fixture: StoreFixture, fsync: FsyncPolicy, series: Int, metrics: [BenchmarkMetric]
) -> Benchmark.Configuration {
  .init(
    metrics: metrics, warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 60,
    setup: {
      try fixture.open(fsync: fsync)
      fixture.series = makeSeries(count: series, metric: "bench_counter_total")
      fixture.nextTimestampMs = epochMs
    },
    teardown: { fixture.close() })
}

let benchmarks: @Sendable () -> Void = {
  let appendMetrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, .throughput, .peakMemoryResident]
  let selectMetrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, .throughput]
  let appendSeries = 100_000

  for (suffix, fsync) in [("", FsyncPolicy.groupCommit), (".batched100ms", .batched(.milliseconds(100)))] {
    let fixture = StoreFixture()
    Benchmark(
      "append.100kSeries\(suffix)",
      configuration: appendConfiguration(fixture, fsync: fsync, series: appendSeries, metrics: appendMetrics)
    ) { benchmark in
      guard let store = fixture.store else { return }
      let batch = roundBatch(series: fixture.series, timestampMs: fixture.nextTimestampMs)
      fixture.nextTimestampMs += stepMs
      benchmark.startMeasurement()
      let report = try await store.append(batch)
      benchmark.stopMeasurement()
      precondition(report.appended == appendSeries, "appended \(report.appended)")
      blackHole(report)
    }
  }

  let handled = StoreFixture()
  Benchmark(
    "append.100kSeries.handles",
    configuration: appendConfiguration(handled, fsync: .groupCommit, series: appendSeries, metrics: appendMetrics)
  ) { benchmark in
    guard let store = handled.store else { return }
    let plain = roundBatch(series: handled.series, timestampMs: handled.nextTimestampMs)
    handled.nextTimestampMs += stepMs
    if handled.handles.isEmpty {
      // The warm-up iteration: creates the series and keeps the store's handles for them.
      _ = try await store.append(plain)
      handled.handles = handled.series.map { store.series(labelsHash: LabelsWireHash.of($0)) }
      return
    }
    var batch = SampleBatch()
    for index in handled.series.indices {
      _ = batch.addSeries(handled.series[index], storedAs: handled.handles[index])
    }
    batch.samples = plain.samples
    benchmark.startMeasurement()
    let report = try await store.append(batch)
    benchmark.stopMeasurement()
    precondition(report.appended == appendSeries, "appended \(report.appended)")
    blackHole(report)
  }

  // 1k series over 26 h: the last 1-3 h stay in the head, the rest is in 2 h blocks.
  let small = StoreFixture()
  let smallSetup: @Sendable () async throws -> Void = {
    guard small.store == nil else { return }
    try small.open(fsync: .everyBatch)
    small.series = makeSeries(count: 1000, metric: "bench_counter_total")
    try await load(small, series: small.series, minutes: 26 * 60)
  }
  let hourMs: Int64 = 3600 * 1000
  let selectCases: [(String, [LabelMatcher], Int64, Int, Bool)] = [
    // name, matchers, range, expected series, range in the middle (blocks only) instead of the end
    ("select.1series.1h", [matcher("__name__", "bench_counter_total"), matcher("series", "42")], hourMs, 1, false),
    ("select.1kSeries.1h", [matcher("__name__", "bench_counter_total")], hourMs, 1000, false),
    ("select.1kSeries.1h.blocks", [matcher("__name__", "bench_counter_total")], hourMs, 1000, true),
    ("select.1kSeries.24h", [matcher("__name__", "bench_counter_total")], 24 * hourMs, 1000, false),
  ]
  for (name, matchers, range, expected, middle) in selectCases {
    Benchmark(
      name,
      configuration: .init(
        metrics: selectMetrics, warmupIterations: 1, maxDuration: .seconds(5), maxIterations: 1000,
        setup: smallSetup)
    ) { benchmark in
      guard let store = small.store else { return }
      let end = middle ? small.endMs - 12 * hourMs : small.endMs
      benchmark.startMeasurement()
      let result = try store.select(matchers, startMs: end - range + 1, endMs: end)
      benchmark.stopMeasurement()
      precondition(result.count == expected, "\(name): \(result.count) series")
      blackHole(result)
    }
  }

  // 100k series over 3 h 1 min: 1 h at the end (head), and the first 2 h (one block).
  let big = StoreFixture()
  let bigSetup: @Sendable () async throws -> Void = {
    guard big.store == nil else { return }
    try big.open(fsync: .everyBatch)
    big.series = makeSeries(count: 100_000, metric: "bench_big_total")
    try await load(big, series: big.series, minutes: 3 * 60 + 1)
  }
  for (name, middle) in [("select.100kSeries.1h", false), ("select.100kSeries.1h.blocks", true)] {
    Benchmark(
      name,
      configuration: .init(
        metrics: selectMetrics + [.peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(10),
        maxIterations: 20, setup: bigSetup)
    ) { benchmark in
      guard let store = big.store else { return }
      let end = middle ? epochMs + 2 * hourMs - 1 : big.endMs
      benchmark.startMeasurement()
      let result = try store.select([matcher("__name__", "bench_big_total")], startMs: end - hourMs + 1, endMs: end)
      benchmark.stopMeasurement()
      precondition(result.count == 100_000, "\(name): \(result.count) series")
      blackHole(result)
    }
  }
}
