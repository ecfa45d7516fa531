// Compaction end to end: 30 hours of data cut and merged into 6- and 24-hour blocks, read back
// exactly once before and after reopening; a crash between writing the merged block and deleting
// its inputs; a quarantined merged block; and merging blocks that overlap in time.
import Codecs
import Foundation
@testable import MetricStore
import Synchronization
import Testing
import WardenCore

struct CompactionTests {
  private let hour: Int64 = 3_600_000
  private let seriesCount = 20

  /// One sample a minute for 20 series over `hours`; the value encodes the minute and series.
  private func fill(_ store: MetricStore, hours: Range<Int>) async throws {
    var batch = SampleBatch()
    let indices = (0..<seriesCount).map { batch.addSeries(labels(["__name__": "compaction", "series": "\($0)"])) }
    for minute in (hours.lowerBound * 60)..<(hours.upperBound * 60) {
      for (number, index) in indices.enumerated() {
        batch.append(seriesIndex: index, timestampMs: Int64(minute) * 60_000, value: Double(minute * 100 + number))
      }
    }
    _ = try await store.append(batch)
  }

  /// Every stored sample timestamp per series, block by block and then the head, without merging:
  /// a sample held twice shows up twice.
  private func rawTimestamps(_ store: MetricStore) throws -> [String: [Int64]] {
    var result: [String: [Int64]] = [:]
    let matchers = [matcher(.equal, "__name__", "compaction")]
    for block in store.blocks.current {
      for series in try block.select(matchers, startMs: .min, endMs: .max) {
        for chunk in series.chunks {
          var iterator = chunk.samples()
          while let sample = try iterator.next() { result[series.labels["series"], default: []].append(sample.timestampMs) }
        }
      }
    }
    for series in try store.head.select(matchers, startMs: .min, endMs: .max) {
      result[series.labels["series"], default: []] += series.timestampsMs
    }
    return result
  }

  /// Every sample of `minutes` is stored exactly once, and reads return it with its value over
  /// the full range and sub-ranges across block and head boundaries.
  private func checkExactlyOnce(
    _ store: MetricStore, minutes: Range<Int>, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let expected = minutes.map { Int64($0) * 60_000 }
    let raw = try rawTimestamps(store)
    #expect(raw.count == seriesCount, sourceLocation: sourceLocation)
    for (_, timestamps) in raw {
      #expect(timestamps.sorted() == expected, "every sample stored once", sourceLocation: sourceLocation)
    }
    let ranges: [(Int64, Int64)] = [
      (.min, .max), (5 * hour, 7 * hour), (23 * hour, 25 * hour), (hour + 1, 24 * hour - 1),
      (Int64(minutes.upperBound) * 60_000 - 3 * hour, .max),
    ]
    for (start, end) in ranges {
      let wanted = minutes.filter { Int64($0) * 60_000 >= start && Int64($0) * 60_000 <= end }
      let all = try store.select([matcher(.equal, "__name__", "compaction")], startMs: start, endMs: end)
      #expect(all.count == (wanted.isEmpty ? 0 : seriesCount), sourceLocation: sourceLocation)
      for series in all {
        let number = Int(series.labels["series"])!
        #expect(series.timestampsMs == wanted.map { Int64($0) * 60_000 }, sourceLocation: sourceLocation)
        #expect(series.values == wanted.map { Double($0 * 100 + number) }, sourceLocation: sourceLocation)
      }
    }
  }

  private func blockDirectories(_ store: MetricStore) throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: store.blocksDirectory))
  }

  @Test func thirtyHoursAreCompactedIntoADayAndReadBackOnce() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    var total = MetricStore.MaintenanceReport()
    for hourIndex in 0..<30 {
      try await fill(store, hours: hourIndex..<(hourIndex + 1))
      let report = try store.maintain(nowMs: Int64(hourIndex + 1) * hour)
      total.blocksWritten += report.blocksWritten
      total.compactions += report.compactions
      total.blocksCompacted += report.blocksCompacted
      if hourIndex == 9 {
        // [0,6h) merged, [6h,8h) waits for the rest of its window.
        #expect(store.blocks.current.map { [$0.meta.minTimeMs, $0.meta.maxTimeMs] } == [[0, 6 * hour], [6 * hour, 8 * hour]])
      }
    }
    #expect(total.blocksWritten == 14)  // [0,2h) … [26h,28h)
    #expect(total.compactions == 5)  // four 6-hour blocks, then the day
    #expect(total.blocksCompacted == 16)
    #expect(store.metrics.compactions.load(ordering: .relaxed) == 5)
    let metas = store.blocks.current.map(\.meta)
    #expect(metas.map { [$0.minTimeMs, $0.maxTimeMs] } == [[0, 24 * hour], [24 * hour, 26 * hour], [26 * hour, 28 * hour]])
    #expect(metas.map(\.level) == [3, 1, 1])
    #expect(metas[0].sources.count == 12 && metas[0].sources == metas[0].sources.sorted())
    #expect(metas[0].samples == 24 * 60 * seriesCount && metas[0].series == seriesCount)
    #expect(try blockDirectories(store) == Set(metas.map(\.id)), "only the live blocks are on disk")
    try checkExactlyOnce(store, minutes: 0..<(30 * 60))

    var exposition = ExpositionEncoder()
    store.emitMetrics(into: &exposition)
    #expect(String(decoding: exposition.bytes, as: UTF8.self).contains("warden_tsdb_compactions_total 5"))
    store.close()

    let reopened = try makeStore(directory: directory)
    #expect(reopened.blocks.current.map(\.meta) == metas)
    #expect(try blockDirectories(reopened) == Set(metas.map(\.id)))
    try checkExactlyOnce(reopened, minutes: 0..<(30 * 60))
    let again = try reopened.maintain(nowMs: 30 * hour)
    #expect(again.compactions == 0 && again.blocksWritten == 0)
    reopened.close()
  }

  /// A store with [0,2h) … [6h,8h) as level-1 blocks and 8h to 10h in the head, not compacted.
  private func uncompactedStore(directory: String) async throws -> MetricStore {
    var options = StoreOptions()
    options.compactionRangesMs = [2 * hour]
    let store = try makeStore(options, directory: directory)
    try await fill(store, hours: 0..<10)
    _ = try store.maintain(nowMs: 10 * hour)
    #expect(store.blocks.current.count == 4)
    return store
  }

  @Test func crashAfterTheMergedBlockIsInPlaceDoesNotDuplicate() async throws {
    let directory = temporaryStoreDirectory()
    let store = try await uncompactedStore(directory: directory)
    let inputs = Array(store.blocks.current.prefix(3))
    let newest = store.blocks.current[3].meta.id
    // Compact as maintenance does, then "crash" before the inputs leave the set or the disk;
    // one of them was already renamed for deletion.
    let merged = try BlockCompactor.compact(inputs, into: store.blocksDirectory)
    try FileManager.default.moveItem(atPath: inputs[1].directory, toPath: inputs[1].directory + ".deleted")
    store.close()

    let reopened = try makeStore(directory: directory)
    #expect(reopened.blocks.current.map(\.meta.id) == [merged.id, newest])
    #expect(reopened.blocks.current[0].meta.sources == inputs.map(\.meta.id).sorted())
    #expect(try blockDirectories(reopened) == [merged.id, newest])
    try checkExactlyOnce(reopened, minutes: 0..<600)
    // Nothing more to merge: [6h,12h) is not complete.
    #expect(try reopened.maintain(nowMs: 10 * hour).compactions == 0)
    reopened.close()
  }

  @Test func inputsOfAQuarantinedMergedBlockAreKept() async throws {
    let directory = temporaryStoreDirectory()
    let store = try await uncompactedStore(directory: directory)
    let before = store.blocks.current.map(\.meta.id)
    let merged = try BlockCompactor.compact(Array(store.blocks.current.prefix(3)), into: store.blocksDirectory)
    store.close()
    let indexPath = store.blocksDirectory + "/" + merged.id + "/index"
    var bytes = try Data(contentsOf: URL(fileURLWithPath: indexPath))
    bytes[bytes.count / 2] ^= 0xff
    try bytes.write(to: URL(fileURLWithPath: indexPath))

    let reopened = try makeStore(directory: directory)
    #expect(reopened.blocks.current.map(\.meta.id) == before)
    #expect(reopened.metrics.blocksQuarantined.load(ordering: .relaxed) == 1)
    try checkExactlyOnce(reopened, minutes: 0..<600)
    reopened.close()
  }

  /// One series' block chunks: `minutes` at one sample a minute with `value`, 120 per chunk.
  private func chunks(_ minutes: Range<Int>, value: Double) -> [BlockChunk] {
    var result: [BlockChunk] = []
    var encoder = XORChunkEncoder()
    for minute in minutes {
      if encoder.count == 120 {
        result.append(BlockChunk(minTimeMs: encoder.firstTimestampMs, maxTimeMs: encoder.lastTimestampMs, bytes: encoder.bytes))
        encoder = XORChunkEncoder()
      }
      encoder.append(timestampMs: Int64(minute) * 60_000, value: value)
    }
    result.append(BlockChunk(minTimeMs: encoder.firstTimestampMs, maxTimeMs: encoder.lastTimestampMs, bytes: encoder.bytes))
    return result
  }

  @Test func overlappingBlocksAreMergedWithTheLaterBlockWinning() throws {
    let directory = temporaryStoreDirectory() + "/blocks"
    let x = labels(["__name__": "x"])
    let y = labels(["__name__": "y"])
    let first = try BlockWriter.write(
      [BlockSeries(labels: x, chunks: chunks(0..<150, value: 1))], minTimeMs: 0, maxTimeMs: 2 * hour, level: 1,
      sources: [], into: directory)
    let second = try BlockWriter.write(
      [BlockSeries(labels: x, chunks: chunks(100..<250, value: 2)), BlockSeries(labels: y, chunks: chunks(60..<70, value: 3))],
      minTimeMs: hour, maxTimeMs: 5 * hour, level: 1, sources: [], into: directory)
    let plan = CompactionPlanner.plan([first, second], rangesMs: StoreOptions().compactionRangesMs)
    #expect(plan.map { $0.map(\.id) } == [[first.id, second.id]], "overlapping blocks are merged")
    let inputs = [try Block.open(directory + "/" + second.id), try Block.open(directory + "/" + first.id)]
    let meta = try BlockCompactor.compact(inputs, into: directory)
    #expect(meta.minTimeMs == 0 && meta.maxTimeMs == 5 * hour && meta.level == 2)
    #expect(meta.sources == [first.id, second.id].sorted())
    #expect(meta.series == 2 && meta.samples == 250 + 10)

    let merged = try Block.open(directory + "/" + meta.id)
    let series = try merged.select([], startMs: .min, endMs: .max)
    #expect(series.map(\.labels) == [x, y])
    #expect(series[0].chunks.map(\.sampleCount) == [120, 120, 10])
    var samples: [(Int64, Double)] = []
    for chunk in series[0].chunks {
      var iterator = chunk.samples()
      while let sample = try iterator.next() { samples.append((sample.timestampMs, sample.value)) }
    }
    #expect(samples.map(\.0) == (0..<250).map { Int64($0) * 60_000 })
    #expect(samples.map(\.1) == (0..<250).map { $0 < 100 ? 1 : 2 })
    let original = try inputs[0].select([matcher(.equal, "__name__", "y")], startMs: .min, endMs: .max)
    #expect(series[1].chunks == original[0].chunks, "a series in one block only keeps its chunks")
  }
}
