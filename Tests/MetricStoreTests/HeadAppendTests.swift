// Appending to the head: what is stored, what is rejected and why, chunk cutting, the
// out-of-order window, staleness markers, and concurrent appenders.
import Codecs
import Foundation
import Synchronization
@testable import MetricStore
import Testing
import WardenCore

struct HeadAppendTests {
  private let up = labels(["__name__": "up", "job": "node"])

  private func samples(_ store: MetricStore, _ labels: Labels, _ start: Int64 = .min, _ end: Int64 = .max) throws -> [(Int64, Double)] {
    let selected = try store.select(labels.pairs.map { matcher(.equal, $0.name, $0.value) }, startMs: start, endMs: end)
    guard let series = selected.first else { return [] }
    return Array(zip(series.timestampsMs, series.values))
  }

  @Test func storesAndReadsBackInOrder() async throws {
    let store = try makeStore()
    var batch = SampleBatch()
    let index = batch.addSeries(up)
    for step in 0..<1000 { batch.append(seriesIndex: index, timestampMs: Int64(step) * 15_000, value: Double(step % 7)) }
    let report = try await store.append(batch)
    #expect(report.appended == 1000)
    #expect(report.seriesCreated == 1)
    let read = try samples(store, up)
    #expect(read.count == 1000)
    #expect(read.map(\.0) == (0..<1000).map { Int64($0) * 15_000 })
    #expect(read.map(\.1) == (0..<1000).map { Double($0 % 7) })
    // A sub-range.
    #expect(try samples(store, up, 15_000, 45_000).map(\.0) == [15_000, 30_000, 45_000])
  }

  /// Rows of one series come in runs (appended under one lock acquisition each); a series may
  /// have several runs in a batch, between runs of others, and rows of refused series in between.
  @Test func seriesWithSeveralRunsInOneBatch() async throws {
    let store = try makeStore()
    let down = labels(["__name__": "down", "job": "node"])
    let bad = labels(["job": "no-metric-name"])
    var batch = SampleBatch()
    let a = batch.addSeries(up)
    let b = batch.addSeries(down)
    let c = batch.addSeries(bad)
    let order: [(Int32, Int64)] = [(a, 1), (a, 2), (b, 1), (a, 3), (c, 1), (c, 2), (b, 2), (b, 3), (a, 3), (a, 4), (b, 4)]
    for (series, step) in order { batch.append(seriesIndex: series, timestampMs: step * 15_000, value: Double(step)) }
    let report = try await store.append(batch)
    #expect(report.appended == 8)
    #expect(report.duplicatesIgnored == 1)  // a at step 3 again, same value
    #expect(report.invalidLabels == 2)
    #expect(report.rejected == 2)
    #expect(report.seriesCreated == 2)
    #expect(try samples(store, up).map(\.0) == [15_000, 30_000, 45_000, 60_000])
    #expect(try samples(store, up).map(\.1) == [1, 2, 3, 4])
    #expect(try samples(store, down).map(\.0) == [15_000, 30_000, 45_000, 60_000])
  }

  @Test func cutsChunksBySampleCountAndSpan() {
    var chunks = SeriesChunks()
    for step in 0..<250 {
      _ = chunks.append(timestampMs: Int64(step) * 1000, value: 1, oldestAcceptedMs: .min, samplesPerChunk: 120, blockRangeMs: .max)
    }
    #expect(chunks.closed.map(\.count) == [120, 120])
    #expect(chunks.open.count == 10)

    var spanning = SeriesChunks()
    for step in 0..<10 {
      _ = spanning.append(timestampMs: Int64(step) * 3_600_000, value: 1, oldestAcceptedMs: .min, samplesPerChunk: 120, blockRangeMs: 7_200_000)
    }
    // Chunks align to 2 h block ranges: none straddles a boundary.
    #expect(spanning.closed.allSatisfy { $0.minTimestampMs / 7_200_000 == $0.maxTimestampMs / 7_200_000 })
    #expect(spanning.chunkCount == 5)
    #expect(SeriesChunks.blockStart(-1, 7_200_000) == -7_200_000)
    #expect(SeriesChunks.blockStart(7_199_999, 7_200_000) == 0)
  }

  @Test func duplicatesAndOutOfOrderWindow() async throws {
    var options = StoreOptions()
    options.outOfOrderWindowMs = 60_000
    let store = try makeStore(options)
    var batch = SampleBatch()
    let index = batch.addSeries(up)
    batch.append(seriesIndex: index, timestampMs: 100_000, value: 1)
    batch.append(seriesIndex: index, timestampMs: 100_000, value: 1)  // identical: ignored
    batch.append(seriesIndex: index, timestampMs: 100_000, value: 2)  // conflicting
    batch.append(seriesIndex: index, timestampMs: 70_000, value: 3)  // 30 s old: in the window
    batch.append(seriesIndex: index, timestampMs: 70_000, value: 4)  // conflicts with the OOO sample
    batch.append(seriesIndex: index, timestampMs: 30_000, value: 5)  // 70 s old: beyond the window
    let report = try await store.append(batch)
    #expect(report.appended == 2)
    #expect(report.duplicatesIgnored == 1)
    #expect(report.duplicateTimestamp == 2)
    #expect(report.outOfOrder == 1)
    #expect(report.rejected == 3)
    #expect(try samples(store, up).map(\.0) == [70_000, 100_000])
    #expect(try samples(store, up).map(\.1) == [3, 1])
  }

  @Test func outOfOrderSamplesMergeIntoReads() async throws {
    let store = try makeStore()
    var batch = SampleBatch()
    let index = batch.addSeries(up)
    for t in stride(from: Int64(0), through: 300_000, by: 30_000) { batch.append(seriesIndex: index, timestampMs: t, value: Double(t)) }
    #expect(try await store.append(batch).appended == 11)
    var late = SampleBatch()
    let lateIndex = late.addSeries(up)
    for t in stride(from: Int64(15_000), through: 285_000, by: 30_000) { late.append(seriesIndex: lateIndex, timestampMs: t, value: Double(t)) }
    #expect(try await store.append(late).appended == 10)
    let read = try samples(store, up)
    #expect(read.map(\.0) == Array(stride(from: Int64(0), through: 300_000, by: 15_000)))
    #expect(read.allSatisfy { Double($0.0) == $0.1 })
  }

  @Test func staleMarkersAreStoredBitExactly() async throws {
    let store = try makeStore()
    var batch = SampleBatch()
    let index = batch.addSeries(up)
    batch.append(seriesIndex: index, timestampMs: 1000, value: 1)
    batch.append(seriesIndex: index, timestampMs: 2000, value: Double(bitPattern: staleNaNBitPattern))
    batch.append(seriesIndex: index, timestampMs: 3000, value: -0.0)
    batch.append(seriesIndex: index, timestampMs: 4000, value: .infinity)
    #expect(try await store.append(batch).appended == 4)
    let values = try samples(store, up).map(\.1)
    #expect(values[1].bitPattern == staleNaNBitPattern)
    #expect(values[2].bitPattern == (-0.0).bitPattern)
    #expect(values[3] == .infinity)
  }

  @Test func rejectsInvalidLabelsAndRespectsTheSeriesLimit() async throws {
    var options = StoreOptions()
    options.maxSeries = 2
    options.maxLabelsPerSeries = 3
    let store = try makeStore(options)
    var batch = SampleBatch()
    batch.append(labels(["job": "no-metric-name"]), timestampMs: 1, value: 1)
    batch.append(labels(["__name__": "bad-name"]), timestampMs: 1, value: 1)
    batch.append(labels(["__name__": "x", "a": "1", "b": "2", "c": "3"]), timestampMs: 1, value: 1)
    batch.append(labels(["__name__": "a"]), timestampMs: 1, value: 1)
    batch.append(labels(["__name__": "b"]), timestampMs: 1, value: 1)
    batch.append(labels(["__name__": "c"]), timestampMs: 1, value: 1)
    let report = try await store.append(batch)
    #expect(report.invalidLabels == 3)
    #expect(report.appended == 2)
    #expect(report.overSeriesLimit == 1)
    #expect(store.seriesCount == 2)
  }

  @Test func tooOldSamplesAreRefused() async throws {
    let store = try makeStore()
    store.head.minValidTimestampMs.store(10_000, ordering: .relaxed)
    var batch = SampleBatch()
    batch.append(up, timestampMs: 9_999, value: 1)
    batch.append(up, timestampMs: 10_000, value: 1)
    let report = try await store.append(batch)
    #expect(report.tooOld == 1)
    #expect(report.appended == 1)
  }

  @Test func concurrentAppendersLoseNothing() async throws {
    let store = try makeStore()
    let writers = 8
    let seriesPerWriter = 200
    let samplesPerSeries = 50
    await withTaskGroup(of: Void.self) { group in
      for writer in 0..<writers {
        group.addTask {
          for step in 0..<samplesPerSeries {
            var batch = SampleBatch()
            for series in 0..<seriesPerWriter {
              // Half the series are shared between writers, to race on creation.
              let id = series < seriesPerWriter / 2 ? "shared-\(series)" : "w\(writer)-\(series)"
              batch.append(
                labels(["__name__": "m", "id": id, "writer": series < seriesPerWriter / 2 ? "" : "\(writer)"]),
                timestampMs: Int64(step * 1000 + writer), value: Double(step))
            }
            _ = try? await store.append(batch)
          }
        }
      }
    }
    let expectedSeries = seriesPerWriter / 2 + writers * seriesPerWriter / 2
    #expect(store.seriesCount == expectedSeries)
    let all = try store.select([matcher(.equal, "__name__", "m")], startMs: .min, endMs: .max)
    #expect(all.count == expectedSeries)
    let privateSeries = all.filter { !$0.labels["writer"].isEmpty }
    #expect(privateSeries.allSatisfy { $0.timestampsMs.count == samplesPerSeries })
    // Shared series got one sample per step from each writer (distinct timestamps), in order.
    let shared = all.filter { $0.labels["writer"].isEmpty }
    #expect(shared.allSatisfy { $0.timestampsMs == $0.timestampsMs.sorted() && $0.timestampsMs.count == writers * samplesPerSeries })
  }
}
