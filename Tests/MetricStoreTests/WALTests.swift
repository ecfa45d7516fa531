// The write-ahead log: what was acknowledged is there after reopening; a torn or corrupted tail
// is cut at the last whole record wherever the damage starts; records round-trip exactly.
import Codecs
import Foundation
import Synchronization
@testable import MetricStore
import Testing
import WardenCore

struct WALTests {
  private let cpu = labels(["__name__": "node_cpu_seconds_total", "cpu": "0", "mode": "idle"])

  @Test func recordsRoundTrip() throws {
    var buffer: [UInt8] = []
    let series: [(id: SeriesID, labels: Labels)] = [(7, cpu), (9, labels(["__name__": "up", "ü": "ÿ"]))]
    let samples = [
      WALSample(seriesID: 7, timestampMs: 1_700_000_000_000, value: .staleMarker),
      WALSample(seriesID: 9, timestampMs: 1_699_999_999_000, value: -0.0),
      WALSample(seriesID: 7, timestampMs: Int64.max, value: .infinity),
    ]
    WALRecord.appendSeries(series, to: &buffer)
    WALRecord.appendSamples(samples, to: &buffer)
    let deletions = [WALDeletion(seriesID: 9, startMs: -5, endMs: Int64.max)]
    WALRecord.appendDeletions(deletions, to: &buffer)
    var decodedSeries: [(id: SeriesID, labels: Labels)] = []
    var decodedSamples: [WALSample] = []
    var decodedDeletions: [WALDeletion] = []
    let scan = WALSegmentScanner.scan(buffer) { type, payload in
      switch type {
      case .series: decodedSeries = (try? WALRecord.decodeSeries(payload)) ?? []
      case .samples: try? WALRecord.decodeSamples(payload, into: &decodedSamples)
      case .deletions: decodedDeletions = (try? WALRecord.decodeDeletions(payload)) ?? []
      case .compressed, .chained, .predictedSamples, .seriesChunks, .seriesPlanes: Issue.record("the scanner handed out a compressed record")
      }
      return true
    }
    #expect(decodedDeletions == deletions)
    #expect(scan.problem == nil)
    #expect(scan.validLength == buffer.count)
    #expect(decodedSeries.map(\.id) == [7, 9])
    #expect(decodedSeries.map(\.labels) == [series[0].labels, series[1].labels])
    #expect(decodedSamples == samples)
  }

  @Test func acknowledgedSamplesSurviveReopen() async throws {
    let directory = temporaryStoreDirectory()
    do {
      let store = try makeStore(directory: directory)
      _ = try await store.append(seriesBatch(cpu, from: 0, count: 300))
      _ = try await store.append(seriesBatch(labels(["__name__": "up"]), from: 0, count: 5))
      store.close()
    }
    let reopened = try makeStore(directory: directory)
    #expect(try storedTimestamps(reopened, cpu) == (0..<300).map { Int64($0) * 15_000 })
    #expect(reopened.seriesCount == 2)
    // New series after a restart get ids that do not collide with replayed ones.
    _ = try await reopened.append(seriesBatch(labels(["__name__": "new"]), from: 0, count: 3))
    reopened.close()
    let third = try makeStore(directory: directory)
    #expect(try storedTimestamps(third, labels(["__name__": "new"])).count == 3)
    #expect(try storedTimestamps(third, cpu).count == 300)
    #expect(try storedTimestamps(third, labels(["__name__": "up"])).count == 5)
    third.close()
  }

  /// Cut the last record at every byte offset: reopening keeps every earlier batch, drops only
  /// the torn one, and never fails.
  @Test func tornTailAtEveryOffsetOfTheLastRecordIsCutOff() async throws {
    let directory = temporaryStoreDirectory()
    do {
      let store = try makeStore(directory: directory)
      _ = try await store.append(seriesBatch(cpu, from: 0, count: 50))
      _ = try await store.append(seriesBatch(cpu, from: 50 * 15_000, count: 7))
      store.close()
    }
    let segment = directory + "/wal/" + FileNames.walSegment(1)
    let full = try Data(contentsOf: URL(fileURLWithPath: segment))
    // The last record is the 7-sample batch.
    let lastStart = try #require(walRecordStarts(Array(full)).last)
    for cut in lastStart..<full.count {
      let copy = temporaryStoreDirectory()
      try FileManager.default.createDirectory(atPath: copy + "/wal", withIntermediateDirectories: true)
      try full.prefix(cut).write(to: URL(fileURLWithPath: copy + "/wal/" + FileNames.walSegment(1)))
      let store = try makeStore(directory: copy)
      #expect(try storedTimestamps(store, cpu).count == 50, "cut at \(cut)")
      store.close()
      // The damaged tail was removed from disk.
      let repaired = try Data(contentsOf: URL(fileURLWithPath: copy + "/wal/" + FileNames.walSegment(1)))
      #expect(repaired.count == lastStart)
      try? FileManager.default.removeItem(atPath: copy)
    }
  }

  /// Flip each byte of the last record in turn: the checksum catches it and the record is cut.
  @Test func corruptedLastRecordIsCutOff() async throws {
    let directory = temporaryStoreDirectory()
    do {
      let store = try makeStore(directory: directory)
      _ = try await store.append(seriesBatch(cpu, from: 0, count: 20))
      _ = try await store.append(seriesBatch(cpu, from: 20 * 15_000, count: 3))
      store.close()
    }
    let segment = directory + "/wal/" + FileNames.walSegment(1)
    let full = Array(try Data(contentsOf: URL(fileURLWithPath: segment)))
    let lastStart = try #require(walRecordStarts(full).last)
    for position in lastStart..<full.count {
      var damaged = full
      damaged[position] ^= 0x5a
      let copy = temporaryStoreDirectory()
      try FileManager.default.createDirectory(atPath: copy + "/wal", withIntermediateDirectories: true)
      try Data(damaged).write(to: URL(fileURLWithPath: copy + "/wal/" + FileNames.walSegment(1)))
      let store = try makeStore(directory: copy)
      let count = try storedTimestamps(store, cpu).count
      #expect(count == 20, "flip at \(position): \(count) samples")
      #expect(store.metrics.walCorruptions.load(ordering: .relaxed) == 1)
      store.close()
      try? FileManager.default.removeItem(atPath: copy)
    }
  }

  @Test func garbageAfterValidRecordsIsReportedAndCut() async throws {
    let directory = temporaryStoreDirectory()
    do {
      let store = try makeStore(directory: directory)
      _ = try await store.append(seriesBatch(cpu, from: 0, count: 10))
      store.close()
    }
    let path = directory + "/wal/" + FileNames.walSegment(1)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37) }))
    try handle.close()
    let store = try makeStore(directory: directory)
    #expect(try storedTimestamps(store, cpu).count == 10)
    // Writing continues in a new segment.
    _ = try await store.append(seriesBatch(cpu, from: 10 * 15_000, count: 5))
    store.close()
    let again = try makeStore(directory: directory)
    #expect(try storedTimestamps(again, cpu).count == 15)
    again.close()
  }

  @Test func batchedPolicyAcknowledgesAfterTheGroupSync() async throws {
    let directory = temporaryStoreDirectory()
    let store = try MetricStore(directory: directory, fsync: .batched(.milliseconds(20)), logger: testLogger)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for writer in 0..<16 {
        group.addTask {
          _ = try await store.append(seriesBatch(labels(["__name__": "w", "writer": "\(writer)"]), from: 0, count: 100))
        }
      }
      try await group.waitForAll()
    }
    #expect(store.metrics.walFsyncDuration.count < 16, "16 concurrent batches should share syncs")
    store.close()
    let reopened = try makeStore(directory: directory)
    #expect(try reopened.select([matcher(.equal, "__name__", "w")], startMs: .min, endMs: .max).count == 16)
    reopened.close()
  }

  @Test func appendsAfterCloseAreRefused() async throws {
    let store = try makeStore()
    store.close()
    await #expect(throws: StoreError.self) { _ = try await store.append(seriesBatch(cpu, from: 0, count: 1)) }
  }

  @Test func segmentsRotateAtTheirSizeLimit() async throws {
    let directory = temporaryStoreDirectory()
    let store = try MetricStore(directory: directory, fsync: .everyBatch, walSegmentMaxBytes: 4096, logger: testLogger)
    for round in 0..<40 {
      _ = try await store.append(noisyBatch(cpu, round: round))
    }
    store.close()
    let segments = try FileManager.default.contentsOfDirectory(atPath: directory + "/wal")
    #expect(segments.count > 5)
    let reopened = try makeStore(directory: directory)
    #expect(try storedTimestamps(reopened, cpu).count == 4000)
    reopened.close()
  }

  /// 100 samples whose values have random mantissas, so compression (chained or not) cannot make
  /// a round vanish: segments fill up at a predictable pace.
  private func noisyBatch(_ labels: Labels, round: Int) -> SampleBatch {
    var batch = SampleBatch()
    let index = batch.addSeries(labels)
    var state = UInt64(round + 1) &* 0x9E37_79B9_7F4A_7C15
    for n in 0..<100 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let value = Double(bitPattern: 0x4000_0000_0000_0000 | state >> 12)  // finite, in [2, 4)
      batch.append(seriesIndex: index, timestampMs: Int64(round * 100 + n) * 15_000, value: value)
    }
    return batch
  }
}
