// Downsampling: 5m and 1h aggregates of old blocks, stored once and equal to what raw samples
// give; queries mix stored and computed windows; deletions and reopening keep them right.
import Foundation
@testable import MetricStore
import Testing
import WardenCore

struct DownsamplingTests {
  private let hour: Int64 = 3_600_000
  private let minute: Int64 = 60_000

  private func options() -> StoreOptions {
    var options = StoreOptions()
    options.downsampleAfterMs = 4 * hour
    options.compactionRangesMs = [2 * hour]  // keep the 2h blocks apart: easier to reason about
    return options
  }

  private func fill(_ store: MetricStore, hours: Int) async throws {
    var batch = SampleBatch()
    let indices = (0..<4).map { batch.addSeries(labels(["__name__": "ds", "series": "\($0)"])) }
    for m in 0..<(hours * 60) {
      for (number, index) in indices.enumerated() {
        // A sawtooth per hour, offset per series, so min/max/sum/last all differ.
        batch.append(seriesIndex: index, timestampMs: Int64(m) * minute, value: Double(m % 60 + number * 1000))
      }
    }
    _ = try await store.append(batch)
  }

  /// Aggregates straight from raw samples, the reference the stored copies must equal.
  private func reference(_ store: MetricStore, _ resolution: DownsampleResolution, _ start: Int64, _ end: Int64) throws -> [AggregatedSeries] {
    let width = resolution.rawValue
    let first = MetricStore.floor(start, width)
    return try store.mergedSelect([matcher(.equal, "__name__", "ds")], startMs: first, endMs: MetricStore.floor(end, width) + width - 1)
      .map { AggregatedSeries.fold($0, resolution: resolution) }
  }

  @Test func foldSkipsStaleMarkersAndAlignsWindows() {
    var samples = SeriesSamples(labels: labels(["__name__": "x"]))
    for (t, v) in [(Int64(-1000), 5.0), (0, 1), (60_000, 3), (120_000, .staleMarker), (299_999, 2), (300_000, 7)] {
      samples.timestampsMs.append(t)
      samples.values.append(v)
    }
    let folded = AggregatedSeries.fold(samples, resolution: .fiveMinutes)
    #expect(folded.windowStartsMs == [-300_000, 0, 300_000])
    #expect(folded.min == [5, 1, 7])
    #expect(folded.max == [5, 3, 7])
    #expect(folded.sum == [5, 6, 7])
    #expect(folded.count == [1, 3, 1])
    #expect(folded.last == [5, 2, 7])
  }

  @Test func gapsBetweenCoveredRanges() {
    #expect(MetricStore.gaps(in: (0, 99), covered: []).map { [$0.0, $0.1] } == [[0, 99]])
    #expect(MetricStore.gaps(in: (0, 99), covered: [(0, 49)]).map { [$0.0, $0.1] } == [[50, 99]])
    #expect(MetricStore.gaps(in: (0, 99), covered: [(20, 29), (50, 200)]).map { [$0.0, $0.1] } == [[0, 19], [30, 49]])
    #expect(MetricStore.gaps(in: (0, 99), covered: [(-10, 120)]).isEmpty)
  }

  @Test func storedAggregatesEqualRawOnesAndSurviveReopen() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(options(), directory: directory)
    try await fill(store, hours: 10)
    let report = try store.maintain(nowMs: 10 * hour)
    #expect(store.blocks.current.count == 4)  // [0,8h) in 2h blocks
    #expect(report.blocksDownsampled == 3)  // those ending by 10h - 4h
    for resolution in DownsampleResolution.allCases {
      let stored = try store.selectAggregated([matcher(.equal, "__name__", "ds")], startMs: 0, endMs: 10 * hour - 1, resolution: resolution)
      #expect(stored == (try reference(store, resolution, 0, 10 * hour - 1)), "\(resolution)")
      #expect(stored.count == 4)
      #expect(stored[0].windowStartsMs.count == Int(10 * hour / resolution.rawValue))
    }
    let hourly = try store.selectAggregated([matcher(.equal, "series", "1")], startMs: 90 * minute, endMs: 3 * hour, resolution: .oneHour)
    #expect(hourly.first?.windowStartsMs == [hour, 2 * hour, 3 * hour])
    #expect(hourly.first?.min == [1000, 1000, 1000])
    #expect(hourly.first?.max == [1059, 1059, 1059])
    #expect(hourly.first?.count == [60, 60, 60])
    #expect(hourly.first?.last == [1059, 1059, 1059])
    store.close()

    let reopened = try makeStore(options(), directory: directory)
    #expect(try reopened.maintain(nowMs: 10 * hour).blocksDownsampled == 0)
    #expect(try reopened.selectAggregated([], startMs: 0, endMs: 10 * hour - 1, resolution: .fiveMinutes) == (try reference(reopened, .fiveMinutes, 0, 10 * hour - 1)))
    reopened.close()
  }

  @Test func deletionsInvalidateAndRebuildTheCopies() async throws {
    let store = try makeStore(options())
    try await fill(store, hours: 10)
    _ = try store.maintain(nowMs: 10 * hour)
    let first = try #require(store.blocks.current.first)
    #expect(store.downsampled.isComplete(first.meta.id))
    _ = try await store.delete([matcher(.equal, "series", "2")], startMs: 30 * minute, endMs: 40 * minute)
    #expect(!store.downsampled.isComplete(first.meta.id))
    let afterDelete = try store.selectAggregated([matcher(.equal, "series", "2")], startMs: 0, endMs: hour - 1, resolution: .oneHour)
    #expect(afterDelete.first?.count == [49])
    #expect(try store.maintain(nowMs: 10 * hour).blocksDownsampled == 1)
    #expect(try store.selectAggregated([matcher(.equal, "series", "2")], startMs: 0, endMs: hour - 1, resolution: .oneHour) == afterDelete)
    store.close()
  }

  @Test func orphanedCopiesAreRemovedAtLoad() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(options(), directory: directory)
    try await fill(store, hours: 10)
    _ = try store.maintain(nowMs: 10 * hour)
    let first = try #require(store.blocks.current.first)
    store.close()
    try FileManager.default.removeItem(atPath: first.directory)
    let reopened = try makeStore(options(), directory: directory)
    #expect(!FileManager.default.fileExists(atPath: directory + "/downsampled/5m/" + first.meta.id))
    reopened.close()
  }
}
