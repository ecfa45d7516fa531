// The head cut into blocks and back: reads across blocks and the head, reopening, a crash between
// writing a block and checkpointing the WAL, retention by time and size, and quarantine.
import Foundation
@testable import MetricStore
import Synchronization
import Testing
import WardenCore

struct BlockLifecycleTests {
  private let hour: Int64 = 3_600_000

  /// `hours` hours of one sample a minute for 10 series.
  private func fill(_ store: MetricStore, hours: Int, from startMinute: Int = 0) async throws {
    var batch = SampleBatch()
    let indices = (0..<10).map { batch.addSeries(labels(["__name__": "lifecycle", "series": "\($0)"])) }
    for minute in startMinute..<(startMinute + hours * 60) {
      for (number, index) in indices.enumerated() {
        batch.append(seriesIndex: index, timestampMs: Int64(minute) * 60_000, value: Double(minute * 100 + number))
      }
    }
    _ = try await store.append(batch)
  }

  private func check(_ store: MetricStore, minutes: Range<Int>, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let all = try store.select([matcher(.equal, "__name__", "lifecycle")], startMs: .min, endMs: .max)
    #expect(all.count == 10, sourceLocation: sourceLocation)
    for series in all {
      let number = Int(series.labels["series"])!
      #expect(series.timestampsMs == minutes.map { Int64($0) * 60_000 }, sourceLocation: sourceLocation)
      #expect(series.values == minutes.map { Double($0 * 100 + number) }, sourceLocation: sourceLocation)
    }
  }

  @Test func cutsBlocksReadsAcrossThemAndReopens() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    try await fill(store, hours: 7)
    let report = try store.maintain(nowMs: 7 * hour)
    #expect(report.blocksWritten == 2)  // [0,2h) and [2h,4h); [4h,6h) waits for 7h
    #expect(store.blocks.current.map(\.meta.minTimeMs) == [0, 2 * hour])
    try check(store, minutes: 0..<420)
    // Sub-ranges straddling a block and the head.
    let part = try store.select([matcher(.equal, "series", "3")], startMs: 3 * hour, endMs: 5 * hour)
    #expect(part.first?.timestampsMs.first == 3 * hour)
    #expect(part.first?.timestampsMs.last == 5 * hour)
    #expect(try store.labelValues("series", [], startMs: 0, endMs: hour).count == 10)
    store.close()

    let reopened = try makeStore(directory: directory)
    #expect(reopened.blocks.current.count == 2)
    try check(reopened, minutes: 0..<420)
    reopened.close()
  }

  @Test func crashBetweenBlockAndCheckpointDoesNotDuplicate() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    try await fill(store, hours: 6)
    // Write the block the way maintain does, but "crash" before truncating and checkpointing.
    let series = try store.head.blockSeries(startMs: 0, endMs: 2 * hour)
    _ = try BlockWriter.write(series, minTimeMs: 0, maxTimeMs: 2 * hour, level: 1, sources: [], into: store.blocksDirectory)
    store.close()

    let reopened = try makeStore(directory: directory)
    #expect(reopened.blocks.current.count == 1)
    try check(reopened, minutes: 0..<360)
    // And the next maintenance does not write [0,2h) again.
    let report = try reopened.maintain(nowMs: 6 * hour)
    #expect(reopened.blocks.current.map(\.meta.minTimeMs) == [0, 2 * hour])
    #expect(report.blocksWritten == 1)
    try check(reopened, minutes: 0..<360)
    reopened.close()
  }

  @Test func retentionDeletesOldBlocksByTimeAndBySize() async throws {
    var options = StoreOptions()
    options.retentionMs = 3 * hour
    let store = try makeStore(options)
    try await fill(store, hours: 9)
    _ = try store.maintain(nowMs: 9 * hour)
    // Blocks [0,2h), [2h,4h), [4h,6h) end at or before 6h = 9h - 3h: all gone.
    #expect(store.blocks.current.isEmpty)
    #expect(store.metrics.blocksDeleted.load(ordering: .relaxed) == 3)
    let left = try store.select([matcher(.equal, "series", "0")], startMs: .min, endMs: .max)
    #expect(left.first?.timestampsMs.first == 6 * hour)
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.blocksDirectory).isEmpty)
    store.close()

    var sized = StoreOptions()
    sized.retentionMs = 0
    sized.compactionRangesMs = [2 * hour]  // keep the three 2-hour blocks apart
    let bySize = try makeStore(sized)
    try await fill(bySize, hours: 9)
    _ = try bySize.maintain(nowMs: 9 * hour)
    #expect(bySize.blocks.current.count == 3)
    let oneBlock = bySize.blocks.current[0].sizeBytes
    bySize.close()
    sized.retentionBytes = oneBlock + oneBlock / 2
    let reopened = try makeStore(sized, directory: bySize.directory)
    _ = try reopened.applyRetention(nowMs: 9 * hour)
    #expect(reopened.blocks.current.map(\.meta.minTimeMs) == [4 * hour], "only the newest block fits")
    reopened.close()
  }

  @Test func corruptedBlockIsQuarantinedAndTheRestServed() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    try await fill(store, hours: 7)
    _ = try store.maintain(nowMs: 7 * hour)
    let damaged = store.blocks.current[0]
    store.close()
    // Flip a byte in the middle of its index.
    let indexPath = damaged.directory + "/index"
    var bytes = try Data(contentsOf: URL(fileURLWithPath: indexPath))
    bytes[bytes.count / 2] ^= 0xff
    try bytes.write(to: URL(fileURLWithPath: indexPath))

    let reopened = try makeStore(directory: directory)
    #expect(reopened.blocks.current.map(\.meta.id) == [store.blocks.current[1].meta.id])
    #expect(reopened.metrics.blocksQuarantined.load(ordering: .relaxed) == 1)
    #expect(FileManager.default.fileExists(atPath: directory + "/quarantine/" + damaged.meta.id + "/index"))
    let series = try reopened.select([matcher(.equal, "series", "1")], startMs: .min, endMs: .max)
    #expect(series.first?.timestampsMs.first == 2 * hour, "the healthy block and the head are still served")
    reopened.close()
  }
}
