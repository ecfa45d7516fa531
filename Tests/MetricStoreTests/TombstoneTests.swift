// Deleting series data by matchers and time range: from the head (WAL-logged, so it survives
// restarts and checkpoints), and from blocks (tombstones applied on read, for good at compaction).
import Foundation
@testable import MetricStore
import Testing
import WardenCore

struct TombstoneTests {
  private let hour: Int64 = 3_600_000
  private let minute: Int64 = 60_000

  private func fill(_ store: MetricStore, hours: Int, from startMinute: Int = 0) async throws {
    var batch = SampleBatch()
    let indices = (0..<3).map { batch.addSeries(labels(["__name__": "deleteme", "series": "\($0)"])) }
    for m in startMinute..<(startMinute + hours * 60) {
      for index in indices { batch.append(seriesIndex: index, timestampMs: Int64(m) * minute, value: Double(m)) }
    }
    _ = try await store.append(batch)
  }

  private func minutes(_ store: MetricStore, series: String) throws -> [Int64] {
    (try store.select([matcher(.equal, "series", series)], startMs: .min, endMs: .max).first?.timestampsMs ?? []).map { $0 / minute }
  }

  @Test func headDeletionIsImmediateDurableAndSelective() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    try await fill(store, hours: 3)
    let report = try await store.delete([matcher(.equal, "series", "1")], startMs: 30 * minute, endMs: 60 * minute)
    #expect(report.headSeries == 1)
    let expected = Array(0..<30) + Array(61..<180)
    #expect(try minutes(store, series: "1") == expected.map(Int64.init))
    #expect(try minutes(store, series: "0").count == 180)
    // A sample appended after the deletion, inside its range, stays.
    var late = SampleBatch()
    late.append(labels(["__name__": "deleteme", "series": "1"]), timestampMs: 175 * minute + 30_000, value: 1)
    _ = try await store.append(late)
    store.close()

    let reopened = try makeStore(directory: directory)
    #expect(try minutes(reopened, series: "1").count == expected.count + 1)
    #expect(try minutes(reopened, series: "1").prefix(31) == (Array(0..<30) + [61]).map(Int64.init)[...])
    // Through a checkpoint too.
    reopened.head.truncate(before: 0)
    try reopened.checkpointWAL(cutMs: 0)
    reopened.close()
    let again = try makeStore(directory: directory)
    #expect(try minutes(again, series: "1").count == expected.count + 1)
    again.close()
  }

  @Test func blockTombstonesApplyOnReadPersistAndCompactAway() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    try await fill(store, hours: 7)
    _ = try store.maintain(nowMs: 7 * hour)
    #expect(store.blocks.current.count == 2)
    let report = try await store.delete([matcher(.regexMatch, "series", "2")], startMs: hour, endMs: 3 * hour)
    #expect(report.blocks == 2)
    #expect(report.headSeries == 0)
    let kept = try minutes(store, series: "2")
    #expect(!kept.contains { $0 >= 60 && $0 <= 180 })
    #expect(kept.count == 420 - 121)
    #expect(try minutes(store, series: "0").count == 420)
    store.close()

    let reopened = try makeStore(directory: directory)
    #expect(try minutes(reopened, series: "2").count == 420 - 121)
    // More data, so [4h,6h) is cut and the three 2h blocks are compacted into one 6h block.
    try await fill(reopened, hours: 2, from: 420)
    _ = try reopened.maintain(nowMs: 9 * hour)
    let merged = try #require(reopened.blocks.current.first)
    #expect(merged.meta.maxTimeMs - merged.meta.minTimeMs == 6 * hour)
    #expect(!FileManager.default.fileExists(atPath: merged.directory + "/" + FileNames.blockTombstones))
    #expect(try minutes(reopened, series: "2").count == 540 - 121)
    #expect(try minutes(reopened, series: "1").count == 540)
    reopened.close()
  }

  @Test func snapshotsCarryTombstones() async throws {
    let store = try makeStore()
    try await fill(store, hours: 7)
    _ = try store.maintain(nowMs: 7 * hour)
    _ = try await store.delete([matcher(.equal, "series", "0")], startMs: 0, endMs: hour)
    let target = temporaryStoreDirectory()
    _ = try store.snapshot(into: target)
    let copy = try makeStore(directory: target)
    #expect(try minutes(copy, series: "0").first == 61)
    copy.close()
    store.close()
  }

  @Test func deletingNothingTouchesNothing() async throws {
    let store = try makeStore()
    try await fill(store, hours: 1)
    let report = try await store.delete([matcher(.equal, "series", "nope")], startMs: .min, endMs: .max)
    #expect(report == MetricStore.DeleteReport())
    #expect(try minutes(store, series: "0").count == 60)
    store.close()
  }
}
