// Chained WAL records (a zstd frame compressed against the records of the compressed record right
// before it): consecutive scrape rounds shrink to little more than their changes, every segment
// starts its own chain, and a chained record whose reference is missing or different is
// corruption that cuts the segment there, as damage anywhere in it does.
import Codecs
import Foundation
@testable import MetricStore
import Synchronization
import Testing
import WardenCore

struct WALChainTests {
  private let cpu = labels(["__name__": "node_cpu_seconds_total", "cpu": "0", "mode": "idle"])

  /// One scrape round of `count` series (ids from 1), as the head logs it once the series exist.
  private func round(_ n: Int, series count: Int = 200) -> [UInt8] {
    let samples = (0..<count).map { id in
      // Counters that grow by a varying amount, and gauges that mostly stay put.
      let value = id % 2 == 0 ? Double(1_000_000 + n * (id + 7) * 13) : Double(id % 5)
      return WALSample(seriesID: SeriesID(id + 1), timestampMs: 1_700_000_000_000 + Int64(n) * 15_000, value: value)
    }
    var records: [UInt8] = []
    WALRecord.appendSamples(samples, to: &records)
    return records
  }

  private func visited(_ bytes: [UInt8]) -> (records: [[UInt8]], scan: WALSegmentScanner.Result) {
    var records: [[UInt8]] = []
    let scan = WALSegmentScanner.scan(bytes) { _, payload in
      records.append(Array(payload))
      return true
    }
    return (records, scan)
  }

  private func payloads(_ records: [UInt8]) -> [[UInt8]] { visited(records).records }

  private func segmentBytes(_ directory: String, _ index: Int) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/wal/" + FileNames.walSegment(index))))
  }

  @Test func consecutiveRoundsChainAndShrink() {
    let rounds = (0..<20).map { round($0) }
    let chaining = WALGroupCompressor()
    let alone = WALGroupCompressor(chains: false)
    var chained: [UInt8] = []
    var unchained: [UInt8] = []
    for records in rounds {
      let encoded = chaining.encode(records)
      #expect(encoded[8] == (chained.isEmpty ? WALRecordType.compressed : WALRecordType.chained).rawValue)
      chained += encoded
      unchained += alone.encode(records)
    }
    #expect(walRecordStarts(unchained).allSatisfy { unchained[$0 + 8] == WALRecordType.compressed.rawValue })
    // Alone, each group is still coded compactly (predicted samples without predictions); the
    // chain must still do better, and far better than the records as they are.
    #expect(chained.count < unchained.count, "chained \(chained.count) bytes, alone \(unchained.count)")
    #expect(chained.count * 6 < rounds.map(\.count).reduce(0, +), "chained \(chained.count) bytes")
    let decoded = visited(chained)
    #expect(decoded.scan.problem == nil)
    #expect(decoded.scan.validLength == chained.count)
    #expect(decoded.records == rounds.flatMap(payloads))
  }

  /// A run written plain (too small to compress) or `forgetReference()` starts a fresh chain.
  @Test func plainRunsAndForgettingBreakTheChain() {
    let compressor = WALGroupCompressor()
    let first = compressor.encode(round(0))
    #expect(first[8] == WALRecordType.compressed.rawValue)
    var small: [UInt8] = []
    WALRecord.appendSamples([WALSample(seriesID: 1, timestampMs: 5, value: 1)], to: &small)
    #expect(compressor.encode(small) == small)
    let afterPlain = compressor.encode(round(1))
    #expect(afterPlain[8] == WALRecordType.compressed.rawValue)
    let chained = compressor.encode(round(2))
    #expect(chained[8] == WALRecordType.chained.rawValue)
    compressor.forgetReference()
    let afterForget = compressor.encode(round(3))
    #expect(afterForget[8] == WALRecordType.compressed.rawValue)
    let segment = first + small + afterPlain + chained + afterForget
    let decoded = visited(segment)
    #expect(decoded.scan.problem == nil)
    #expect(decoded.records == [round(0), small, round(1), round(2), round(3)].flatMap(payloads))
  }

  /// A chained record whose reference is missing (start of the file, a plain record before it) or
  /// is not what it was written against: corruption, cut right before it.
  @Test func chainedRecordWithoutItsReferenceIsCorruption() {
    let compressor = WALGroupCompressor()
    let first = compressor.encode(round(0))
    let second = compressor.encode(round(1))
    #expect(second[8] == WALRecordType.chained.rawValue)
    var plain: [UInt8] = []
    WALRecord.appendSamples([WALSample(seriesID: 1, timestampMs: 5, value: 1)], to: &plain)
    let other = WALGroupCompressor().encode(round(7, series: 150))
    // The reference checksum (after the 9-byte header and the size uvarint) changed, the record's
    // own checksum made to match: the frame would decode against the right bytes, yet it claims
    // other ones.
    var wrongReference = second
    let sizeLength = second.withUnsafeBytes { bytes in
      var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[WALRecord.headerSize...]))
      _ = try? reader.readVarint()
      return reader.offset
    }
    wrongReference[WALRecord.headerSize + sizeLength] ^= 0x01
    WALRecord.seal(&wrongReference, recordAt: 0)
    let cases: [(String, [UInt8], before: [UInt8])] = [
      ("at the start of the file", second, []),
      ("after a plain record", second, plain),
      ("after another group", second, other),
      ("with another reference checksum", wrongReference, first),
    ]
    for (name, record, before) in cases {
      let result = visited(before + record + first)
      #expect(result.scan.validLength == before.count, "\(name)")
      #expect(result.scan.problem?.contains("chained record at byte \(before.count)") == true, "\(name): \(result.scan.problem ?? "none")")
      #expect(result.records == payloads(before), "\(name): nothing of or after it is visited")
    }
    let control = visited(first + second)
    #expect(control.scan.problem == nil)
    #expect(control.records == payloads(round(0) + round(1)))
  }

  /// Every single-byte change inside a chained record's payload, with its checksum made to match
  /// again so the damage reaches the decompressor: never a crash, the record is refused whole or
  /// accepted whole, and the group before it is always kept.
  @Test func mutatedChainedFramesWithMatchingChecksumsAreAllOrNothing() {
    let compressor = WALGroupCompressor()
    let first = compressor.encode(round(0, series: 30))
    let second = compressor.encode(round(1, series: 30))
    #expect(second[8] == WALRecordType.chained.rawValue)
    for position in WALRecord.headerSize..<second.count {
      for mask: UInt8 in [0x01, 0x80, 0xff] {
        var damaged = second
        damaged[position] ^= mask
        WALRecord.seal(&damaged, recordAt: 0)
        let result = visited(first + damaged)
        if result.scan.problem == nil {
          #expect(result.records.count == 2)
        } else {
          #expect(result.records == payloads(round(0, series: 30)), "byte \(position) ^ \(mask)")
          #expect(result.scan.validLength == first.count)
        }
      }
    }
  }

  /// Damage in a chained record in the middle of a segment cuts it there: the records after it
  /// (chained to it) go too, the ones before stay.
  @Test func damageInAMiddleChainedRecordCutsTheSegmentThere() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    _ = try await store.append(seriesBatch(cpu, from: 0, count: 50))
    _ = try await store.append(seriesBatch(cpu, from: 50 * 15_000, count: 30))
    _ = try await store.append(seriesBatch(cpu, from: 80 * 15_000, count: 30))
    store.close()
    let full = try segmentBytes(directory, 1)
    try? FileManager.default.removeItem(atPath: directory)
    let starts = walRecordStarts(full)
    #expect(starts.count == 3)
    #expect(starts.dropFirst().allSatisfy { full[$0 + 8] == WALRecordType.chained.rawValue })
    for position in stride(from: starts[1], to: starts[2], by: 5) {
      var damaged = full
      damaged[position] ^= 0x5a
      let copy = temporaryStoreDirectory()
      try FileManager.default.createDirectory(atPath: copy + "/wal", withIntermediateDirectories: true)
      try Data(damaged).write(to: URL(fileURLWithPath: copy + "/wal/" + FileNames.walSegment(1)))
      let reopened = try makeStore(directory: copy)
      #expect(try storedTimestamps(reopened, cpu).count == 50, "flip at \(position)")
      #expect(reopened.metrics.walCorruptions.load(ordering: .relaxed) == 1)
      reopened.close()
      #expect(try segmentBytes(copy, 1).count == starts[1], "flip at \(position)")
      try? FileManager.default.removeItem(atPath: copy)
    }
  }

  /// Each segment starts a new chain (its first compressed record stands alone), so a segment
  /// replays without the one before it; everything replays across rotations.
  @Test func everySegmentStartsItsOwnChain() async throws {
    let directory = temporaryStoreDirectory()
    let store = try MetricStore(directory: directory, fsync: .everyBatch, walSegmentMaxBytes: 4096, logger: testLogger)
    for round in 0..<60 {
      _ = try await store.append(noisyBatch(cpu, round: round))
    }
    store.close()
    let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/wal").compactMap(FileNames.walSegmentIndex)
    #expect(names.count > 3)
    var chainedRecords = 0
    for index in names {
      let bytes = try segmentBytes(directory, index)
      let starts = walRecordStarts(bytes)
      #expect(starts.first.map { bytes[$0 + 8] } == WALRecordType.compressed.rawValue, "segment \(index)")
      chainedRecords += starts.dropFirst().filter { bytes[$0 + 8] == WALRecordType.chained.rawValue }.count
      // On its own (as replay reads it), each segment is whole.
      #expect(WALSegmentScanner.scan(bytes) { _, _ in true }.problem == nil, "segment \(index)")
    }
    #expect(chainedRecords > 0)
    let reopened = try makeStore(directory: directory)
    #expect(try storedTimestamps(reopened, cpu).count == 6000)
    #expect(reopened.metrics.walCorruptions.load(ordering: .relaxed) == 0)
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
