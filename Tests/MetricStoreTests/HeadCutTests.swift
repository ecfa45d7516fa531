// Cutting a range out of the head for a block: which range is ready, exact samples including
// out-of-order ones, truncation, and the WAL checkpoint that lets old segments go.
import Codecs
import Foundation
@testable import MetricStore
import Synchronization
import Testing
import WardenCore

struct HeadCutTests {
  private let hour: Int64 = 3_600_000
  private let up = labels(["__name__": "up", "job": "node"])

  private func decode(_ chunks: [BlockChunk]) throws -> [(Int64, Double)] {
    var samples: [(Int64, Double)] = []
    for chunk in chunks {
      var iterator = chunk.samples()
      while let sample = try iterator.next() { samples.append((sample.timestampMs, sample.value)) }
    }
    return samples
  }

  @Test func readyRangeAndExactBlockSamples() async throws {
    let store = try makeStore()
    // 5 hours at one sample a minute.
    var batch = SampleBatch()
    let index = batch.addSeries(up)
    for minute in 0..<300 { batch.append(seriesIndex: index, timestampMs: Int64(minute) * 60_000, value: Double(minute)) }
    _ = try await store.append(batch)
    // One out-of-order sample, 30 s before the newest one (well inside the 10-minute window).
    var late = SampleBatch()
    late.append(up, timestampMs: 299 * 60_000 - 30_000, value: -1)
    #expect(try await store.append(late).appended == 1)

    let range = try #require(store.head.rangeReadyToCut())
    #expect(range.startMs == 0)
    #expect(range.endMs == 2 * hour)
    let series = try store.head.blockSeries(startMs: range.startMs, endMs: range.endMs)
    #expect(series.map(\.labels) == [up])
    let samples = try decode(series[0].chunks)
    #expect(samples.map(\.0) == (0..<120).map { Int64($0) * 60_000 })
    #expect(samples.allSatisfy { $0.1 == Double($0.0 / 60_000) })

    store.head.truncate(before: range.endMs)
    let left = try store.select([matcher(.equal, "__name__", "up")], startMs: .min, endMs: .max)
    #expect(left.first?.timestampsMs.first == 2 * hour)
    #expect(left.first?.timestampsMs.count == 181)  // 180 in order + the late one
    // Appends before the cut are now too old.
    var old = SampleBatch()
    old.append(up, timestampMs: hour, value: 1)
    #expect(try await store.append(old).tooOld == 1)
    // [2h, 4h) is ready only once the newest sample is half a block range past its end.
    #expect(store.head.rangeReadyToCut() == nil)
    var later = SampleBatch()
    later.append(up, timestampMs: 5 * hour, value: 1)
    _ = try await store.append(later)
    #expect(store.head.rangeReadyToCut()?.startMs == 2 * hour)
    store.close()
  }

  @Test func outOfOrderSamplesAreMergedIntoBlockChunks() throws {
    var chunks = SeriesChunks()
    for minute in stride(from: 0, to: 120, by: 2) {
      _ = chunks.append(timestampMs: Int64(minute) * 60_000, value: 1, oldestAcceptedMs: .min, samplesPerChunk: 120, blockRangeMs: 2 * hour)
    }
    for minute in stride(from: 1, to: 120, by: 2) {
      #expect(chunks.append(timestampMs: Int64(minute) * 60_000, value: 2, oldestAcceptedMs: .min, samplesPerChunk: 120, blockRangeMs: 2 * hour) == .appended)
    }
    let block = try chunks.blockChunks(startMs: 0, endMs: 2 * hour, samplesPerChunk: 50)
    #expect(block.count == 3)
    let samples = try decode(block)
    #expect(samples.map(\.0) == (0..<120).map { Int64($0) * 60_000 })
    #expect(samples.map(\.1) == (0..<120).map { $0 % 2 == 0 ? 1 : 2 })
    #expect(zip(block, block.dropFirst()).allSatisfy { $0.maxTimeMs < $1.minTimeMs })
  }

  @Test func checkpointReplacesOldSegmentsAndReplayStillHasEverything() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    for round in 0..<3 {
      var batch = SampleBatch()
      let index = batch.addSeries(up)
      for minute in 0..<100 {
        batch.append(seriesIndex: index, timestampMs: Int64(round * 100 + minute) * 60_000, value: Double(round * 100 + minute))
      }
      _ = try await store.append(batch)
    }
    // Keep everything from minute 200 on, as if minutes 0..<200 had gone to a block.
    let cut: Int64 = 200 * 60_000
    store.head.truncate(before: cut)
    try store.checkpointWAL(cutMs: cut)
    var after = SampleBatch()
    after.append(up, timestampMs: 400 * 60_000, value: 400)
    _ = try await store.append(after)
    store.close()

    let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/wal").sorted()
    #expect(names.contains { $0.hasPrefix("checkpoint.") })
    #expect(!names.contains("00000001"), "the checkpointed segment should be gone: \(names)")
    // The checkpoint is written compressed, like the segments.
    let checkpoint = try #require(names.first { $0.hasPrefix("checkpoint.") })
    let checkpointBytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/wal/" + checkpoint)))
    #expect(walRecordStarts(checkpointBytes).map { checkpointBytes[$0 + 8] } == [WALRecordType.compressed.rawValue])

    let reopened = try makeStore(directory: directory)
    let samples = try reopened.select([matcher(.equal, "__name__", "up")], startMs: .min, endMs: .max)
    let expected: [Int64] = (200..<300).map { Int64($0) * 60_000 } + [400 * 60_000]
    #expect(samples.first?.timestampsMs == expected)
    reopened.close()
  }
}
