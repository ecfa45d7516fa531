// Garbage collection of head series that stopped: gone from the table and the index once their
// samples are in blocks, back as new series when they return, and consistent in the WAL.
import Foundation
@testable import MetricStore
import Testing
import WardenCore

struct HeadGCTests {
  private let hour: Int64 = 3_600_000
  private let stopped = labels(["__name__": "gone_metric", "job": "old"])
  private let alive = labels(["__name__": "live_metric", "job": "new"])
  private let farFuture = Int64(Date().timeIntervalSince1970 * 1000) + 24 * 3_600_000

  private func fill(_ store: MetricStore) async throws {
    var batch = SampleBatch()
    let stoppedIndex = batch.addSeries(stopped)
    let aliveIndex = batch.addSeries(alive)
    for minute in 0..<300 {
      if minute < 180 { batch.append(seriesIndex: stoppedIndex, timestampMs: Int64(minute) * 60_000, value: 1) }
      batch.append(seriesIndex: aliveIndex, timestampMs: Int64(minute) * 60_000, value: 2)
    }
    _ = try await store.append(batch)
  }

  @Test func stoppedSeriesLeaveTheTableAndTheIndex() async throws {
    let store = try makeStore()
    try await fill(store)
    #expect(store.seriesCount == 2)
    let removed = store.head.truncate(before: 4 * hour, nowMs: farFuture)
    #expect(removed == 1)
    #expect(store.seriesCount == 1)
    #expect(try store.select([matcher(.equal, "__name__", "gone_metric")], startMs: .min, endMs: .max).isEmpty)
    #expect(try store.labelValues("job", [], startMs: .min, endMs: .max) == ["new"])
    #expect(store.head.index.select([matcher(.equal, "job", "old")]).isEmpty)
    #expect(store.head.index.allNames().contains("job"))
    store.close()
  }

  @Test func youngSeriesAreSpared() async throws {
    let store = try makeStore()
    try await fill(store)
    // "Now" is the real time: both series were created moments ago.
    #expect(store.head.truncate(before: 4 * hour) == 0)
    #expect(store.seriesCount == 2)
    store.close()
  }

  @Test func aReturningSeriesGetsANewIdAndSurvivesReopen() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    try await fill(store)
    let oldID = try #require(store.head.table.find(stopped)?.id)
    store.head.truncate(before: 4 * hour, nowMs: farFuture)
    try store.checkpointWAL(cutMs: 4 * hour)

    var back = SampleBatch()
    back.append(stopped, timestampMs: 299 * 60_000, value: 3)
    let report = try await store.append(back)
    #expect(report.seriesCreated == 1)
    #expect(report.appended == 1)
    #expect(try #require(store.head.table.find(stopped)?.id) != oldID)
    store.close()

    let reopened = try makeStore(directory: directory)
    let series = try reopened.select([matcher(.equal, "__name__", "gone_metric")], startMs: .min, endMs: .max)
    #expect(series.first?.timestampsMs == [299 * 60_000])
    #expect(series.first?.values == [3])
    let live = try reopened.select([matcher(.equal, "__name__", "live_metric")], startMs: .min, endMs: .max)
    #expect(live.first?.timestampsMs.count == 60)  // 4h..5h
    reopened.close()
  }

  @Test func appenderHoldingACollectedSeriesResolvesAgain() throws {
    var chunks = SeriesChunks()
    chunks.isDeleted = true
    #expect(chunks.append(timestampMs: 1, value: 1, oldestAcceptedMs: .min, samplesPerChunk: 120, blockRangeMs: hour) == .seriesDeleted)
  }
}
