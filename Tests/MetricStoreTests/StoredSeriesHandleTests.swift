// Handles of stored series (`SampleBatch.storedHandles`): the store finds a series by the hash of
// its labels (`SeriesLookup`), and a batch that passes it back skips the lookup by labels and
// lands its samples in that series; a handle of another store, of something that is not a series,
// or of a series collected since is never written through, and the labels are looked up instead.
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

  private func handle(_ store: MetricStore, _ labels: Labels) -> (any StoredSeriesHandle)? {
    store.series(labelsHash: LabelsWireHash.of(labels))
  }

  @Test func seriesFoundByHashTakeTheirSamples() async throws {
    let store = try makeStore()
    #expect(handle(store, up) == nil)
    let report = try await store.append(batch([(up, nil), (down, nil)], timestampMs: 1_000, value: 1))
    #expect(report.seriesCreated == 2)
    let upSeries = try #require(handle(store, up))
    #expect(upSeries.labels == up)
    #expect((upSeries as? MemSeries) === store.head.table.find(up))

    let again = try await store.append(batch([(up, upSeries), (down, handle(store, down))], timestampMs: 2_000, value: 2))
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
    _ = try await other.append(batch([(up, nil)], timestampMs: 1_000, value: 9))
    final class NotASeries: StoredSeriesHandle {
      let labels = Labels([Label("__name__", "down"), Label("job", "node")])
      func labelsMatch(count: Int, _ body: (Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Bool { false }
    }
    // Another store's series and an object that is no series at all: neither is written to.
    let report = try await store.append(batch([(up, handle(other, up)), (down, NotASeries())], timestampMs: 1_000, value: 1))
    #expect(report.seriesCreated == 2)
    #expect(report.appended == 2)
    #expect(try values(store, "up") == [1])
    #expect(try values(other, "up") == [9])
    store.close()
    other.close()
  }

  @Test func aCollectedSeriesHandleGetsTheLabelsAFreshSeries() async throws {
    let store = try makeStore()
    _ = try await store.append(batch([(up, nil)], timestampMs: 1_000, value: 1))
    let old = try #require(handle(store, up) as? MemSeries)
    let farFuture = Int64(Date().timeIntervalSince1970 * 1000) + 24 * hour
    #expect(store.head.truncate(before: 4 * hour, nowMs: farFuture) == 1)
    #expect(handle(store, up) == nil)

    let report = try await store.append(batch([(up, old)], timestampMs: 5 * hour, value: 2))
    #expect(report.seriesCreated == 1)
    #expect(report.appended == 1)
    let fresh = try #require(handle(store, up) as? MemSeries)
    #expect(fresh !== old)
    #expect(fresh === store.head.table.find(up))
    #expect(try values(store, "up") == [2])
    store.close()
  }

  /// A receiver adds a series it met before by handle alone, without labels: where the store
  /// cannot use the handle (another store's series, one collected since), the labels are read
  /// from it, and the samples land in the right series all the same.
  @Test func handlesAddedAloneCarryTheirLabels() async throws {
    let store = try makeStore()
    let other = try makeStore()
    _ = try await other.append(batch([(down, nil)], timestampMs: 1_000, value: 9))
    _ = try await store.append(batch([(up, nil)], timestampMs: 1_000, value: 1))
    let old = try #require(handle(store, up))
    let farFuture = Int64(Date().timeIntervalSince1970 * 1000) + 24 * hour
    #expect(store.head.truncate(before: 4 * hour, nowMs: farFuture) == 1)

    var alone = SampleBatch()
    for handle in [old, try #require(handle(other, down))] {
      let index = alone.addSeries(storedAs: handle)
      #expect(alone.series[Int(index)].isEmpty)
      alone.append(seriesIndex: index, timestampMs: 5 * hour, value: 2)
    }
    #expect(alone.labels(at: 0) == up)
    #expect(alone.labels(at: 1) == down)
    let report = try await store.append(alone)
    #expect(report.seriesCreated == 2)
    #expect(report.appended == 2)
    #expect(try values(store, "up") == [2])
    #expect(try values(store, "down") == [2])
    #expect(try values(other, "down") == [9])
    store.close()
    other.close()
  }
}
