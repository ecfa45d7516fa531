// Handles of stored series (`SampleBatch.storedHandles`): an append answers the series each label
// set went to; handing them back skips the lookup by labels and lands the samples in the same
// series; a handle of another store, of something that is not a series, or of a series collected
// since is never written through, and the labels are looked up instead.
import Foundation
@testable import MetricStore
import Testing
import WardenCore

struct StoredSeriesHandleTests {
  private let hour: Int64 = 3_600_000
  private let up = labels(["__name__": "up", "job": "node"])
  private let down = labels(["__name__": "down", "job": "node"])

  private func batch(_ entries: [(Labels, (any StoredSeriesHandle)?)], timestampMs: Int64, value: Double) -> SampleBatch {
    var batch = SampleBatch()
    for (labels, handle) in entries {
      let index = batch.addSeries(labels, storedAs: handle)
      batch.append(seriesIndex: index, timestampMs: timestampMs, value: value)
    }
    return batch
  }

  private func values(_ store: MetricStore, _ name: String) throws -> [Double] {
    try store.select([matcher(.equal, "__name__", name)], startMs: .min, endMs: .max).first?.values ?? []
  }

  @Test func handlesComeBackAndLeadToTheSameSeries() async throws {
    let store = try makeStore()
    let (report, stored) = try await store.appendReturningSeries(batch([(up, nil), (down, nil)], timestampMs: 1_000, value: 1))
    #expect(report.seriesCreated == 2)
    #expect(stored.count == 2)
    let upSeries = try #require(stored[0])
    #expect(upSeries.labels == up)
    #expect((upSeries.handle as? MemSeries) === store.head.table.find(up))

    let (again, answered) = try await store.appendReturningSeries(
      batch([(up, upSeries.handle), (down, stored[1]?.handle)], timestampMs: 2_000, value: 2))
    // Nothing new to learn: both handles were used as they were.
    #expect(answered.count == 2 && answered.allSatisfy { $0 == nil })
    #expect(again.appended == 2)
    #expect(again.seriesCreated == 0)
    #expect(try values(store, "up") == [1, 2])
    #expect(try values(store, "down") == [1, 2])
    #expect(store.seriesCount == 2)
    store.close()
  }

  @Test func foreignHandlesAreLookedUpByLabels() async throws {
    let store = try makeStore()
    let other = try makeStore()
    let (_, fromOther) = try await other.appendReturningSeries(batch([(up, nil)], timestampMs: 1_000, value: 9))
    final class NotASeries: StoredSeriesHandle {
      let labels = Labels([Label("__name__", "down"), Label("job", "node")])
      func labelsMatch(count: Int, _ body: (Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Bool { false }
    }
    // Another store's series and an object that is no series at all: neither is written to.
    let (report, stored) = try await store.appendReturningSeries(
      batch([(up, fromOther[0]?.handle), (down, NotASeries())], timestampMs: 1_000, value: 1))
    #expect(report.seriesCreated == 2)
    #expect(report.appended == 2)
    #expect((stored[0]?.handle as? MemSeries) === store.head.table.find(up))
    #expect(try values(store, "up") == [1])
    #expect(try values(other, "up") == [9])
    store.close()
    other.close()
  }

  @Test func aCollectedSeriesHandleGetsTheLabelsAFreshSeries() async throws {
    let store = try makeStore()
    let (_, stored) = try await store.appendReturningSeries(batch([(up, nil)], timestampMs: 1_000, value: 1))
    let old = try #require(stored[0]?.handle as? MemSeries)
    let farFuture = Int64(Date().timeIntervalSince1970 * 1000) + 24 * hour
    #expect(store.head.truncate(before: 4 * hour, nowMs: farFuture) == 1)

    let (report, again) = try await store.appendReturningSeries(batch([(up, old)], timestampMs: 5 * hour, value: 2))
    #expect(report.seriesCreated == 1)
    #expect(report.appended == 1)
    let fresh = try #require(again[0]?.handle as? MemSeries)
    #expect(fresh !== old)
    #expect(fresh === store.head.table.find(up))
    #expect(try values(store, "up") == [2])
    store.close()
  }

  @Test func refusedLabelSetsAnswerNil() async throws {
    var options = StoreOptions()
    options.maxSeries = 1
    let store = try makeStore(options)
    let (report, stored) = try await store.appendReturningSeries(batch([(up, nil), (down, nil)], timestampMs: 1_000, value: 1))
    #expect(report.overSeriesLimit == 1)
    #expect(stored.count == 2)
    #expect(stored[0] != nil)
    #expect(stored[1] == nil)
    store.close()
  }
}
