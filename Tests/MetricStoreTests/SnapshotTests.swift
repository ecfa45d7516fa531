// Snapshots: blocks hard-linked, the head written as a block, and the result a store that opens.
import Foundation
@testable import MetricStore
import Testing
import WardenCore

struct SnapshotTests {
  private let hour: Int64 = 3_600_000

  private func fill(_ store: MetricStore, hours: Int) async throws {
    var batch = SampleBatch()
    let indices = (0..<5).map { batch.addSeries(labels(["__name__": "snap", "series": "\($0)"])) }
    for minute in 0..<(hours * 60) {
      for index in indices { batch.append(seriesIndex: index, timestampMs: Int64(minute) * 60_000, value: Double(minute)) }
    }
    _ = try await store.append(batch)
  }

  @Test func snapshotOpensAsAStoreWithEverything() async throws {
    let store = try makeStore()
    try await fill(store, hours: 7)
    _ = try store.maintain(nowMs: 7 * hour)
    #expect(store.blocks.current.count == 2)

    let target = temporaryStoreDirectory()
    let report = try store.snapshot(into: target)
    #expect(report.blocks == 2)
    #expect(report.headSeries == 5)
    // Linked, not copied.
    let original = store.blocks.current[0].directory + "/chunks"
    let attributes = try FileManager.default.attributesOfItem(atPath: original)
    #expect((attributes[.referenceCount] as? Int) == 2)

    let copy = try makeStore(directory: target)
    let series = try copy.select([matcher(.equal, "__name__", "snap")], startMs: .min, endMs: .max)
    #expect(series.count == 5)
    #expect(series.allSatisfy { $0.timestampsMs == (0..<420).map { Int64($0) * 60_000 } })
    copy.close()

    let withoutHead = temporaryStoreDirectory()
    #expect(try store.snapshot(into: withoutHead, includeHead: false).headSeries == 0)
    let blocksOnly = try makeStore(directory: withoutHead)
    let last = try blocksOnly.select([matcher(.equal, "series", "0")], startMs: .min, endMs: .max).first?.timestampsMs.last
    #expect(last == 4 * hour - 60_000)
    blocksOnly.close()
    store.close()
  }

  @Test func refusesAnExistingDirectory() async throws {
    let store = try makeStore()
    let target = temporaryStoreDirectory()
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
    #expect(throws: StoreError.self) { _ = try store.snapshot(into: target) }
    store.close()
  }
}
