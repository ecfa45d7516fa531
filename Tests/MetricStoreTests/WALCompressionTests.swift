// Compressed WAL records: groups round-trip, old uncompressed segments still replay next to new
// compressed ones, damage anywhere in a compressed record cuts the segment before it, and hostile
// frames (a checksum that matches, contents that do not) are refused without a crash or a large
// allocation. Chained records (compressed against the group before them) are covered in
// WALChainTests.
import Codecs
import Foundation
@testable import MetricStore
import Synchronization
import Testing
import WardenCore

struct WALCompressionTests {
  private let cpu = labels(["__name__": "node_cpu_seconds_total", "cpu": "0", "mode": "idle"])

  /// A scrape round as the head logs it: new series, then one sample of each.
  private func scrapeRecords(series count: Int, at timestampMs: Int64, firstID: SeriesID = 1) -> [UInt8] {
    var records: [UInt8] = []
    let series = (0..<count).map { n in
      (id: firstID + SeriesID(n), labels: labels(["__name__": "node_network_receive_bytes_total", "device": "eth\(n)"]))
    }
    WALRecord.appendSeries(series, to: &records)
    let samples = series.map { WALSample(seriesID: $0.id, timestampMs: timestampMs, value: Double($0.id) * 1024) }
    WALRecord.appendSamples(samples, to: &records)
    return records
  }

  /// Every record the scanner hands out, as (type, payload bytes).
  private func visited(_ bytes: [UInt8]) -> (records: [(WALRecordType, [UInt8])], scan: WALSegmentScanner.Result) {
    var records: [(WALRecordType, [UInt8])] = []
    let scan = WALSegmentScanner.scan(bytes) { type, payload in
      records.append((type, Array(payload)))
      return true
    }
    return (records, scan)
  }

  /// One sealed record with exactly this payload.
  private func record(_ type: WALRecordType, _ payload: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = []
    WALRecord.append(type, to: &bytes) { $0.append(contentsOf: payload) }
    return bytes
  }

  private func compressedPayload(claiming length: Int, frameOf content: [UInt8]) -> [UInt8] {
    var payload: [UInt8] = []
    Varint.append(UInt64(length), to: &payload)
    return payload + Zstd.compress(content, level: 3)
  }

  @Test func groupRoundTripsAndShrinks() {
    var records = scrapeRecords(series: 300, at: 1_700_000_000_000)
    WALRecord.appendDeletions([WALDeletion(seriesID: 3, startMs: 0, endMs: 10)], to: &records)
    let compressor = WALGroupCompressor()
    let onDisk = compressor.encode(records)
    #expect(onDisk[8] == WALRecordType.compressed.rawValue)
    #expect(walRecordStarts(onDisk) == [0], "one group, one compressed record")
    #expect(onDisk.count * 3 < records.count, "\(onDisk.count) bytes on disk for \(records.count)")
    let original = visited(records)
    let decoded = visited(onDisk)
    #expect(decoded.scan.problem == nil)
    #expect(decoded.scan.validLength == onDisk.count)
    #expect(decoded.records.map(\.0) == [.series, .samples, .deletions])
    #expect(decoded.records.map(\.1) == original.records.map(\.1))
    // The context is reused: a second, different group (chained to the first) comes out right too.
    let second = scrapeRecords(series: 40, at: 1_700_000_015_000, firstID: 301)
    let both = visited(onDisk + compressor.encode(second))
    #expect(both.scan.problem == nil)
    #expect(both.records.dropFirst(3).map(\.1) == visited(second).records.map(\.1))
  }

  @Test func smallGroupsAreWrittenAsTheyAre() {
    var records: [UInt8] = []
    WALRecord.appendSamples([WALSample(seriesID: 1, timestampMs: 5, value: 1)], to: &records)
    #expect(records.count < WALRecord.minCompressedGroupBytes)
    #expect(WALGroupCompressor().encode(records) == records)
    #expect(WALGroupCompressor().encode([]) == [])
  }

  /// No compressed record holds more than the cap; a single record above it is kept as it is.
  @Test func groupsAboveTheCapAreSplitAtRecordBoundaries() {
    var records: [UInt8] = []
    let perRecord = 150_000  // about 1.5 MB of samples per record
    for part in 0..<12 {
      let samples = (0..<perRecord).map { n in
        WALSample(seriesID: SeriesID(n % 5000), timestampMs: Int64(part * perRecord + n), value: Double(n % 97))
      }
      WALRecord.appendSamples(samples, to: &records)
    }
    let huge = (0..<1_800_000).map { n in WALSample(seriesID: 1, timestampMs: Int64(n), value: 0) }
    WALRecord.appendSamples(huge, to: &records)
    let onDisk = WALGroupCompressor().encode(records)
    let starts = walRecordStarts(onDisk)
    #expect(starts.count >= 3)
    #expect(onDisk[8] == WALRecordType.compressed.rawValue)
    #expect(starts.dropFirst().dropLast().allSatisfy { onDisk[$0 + 8] == WALRecordType.chained.rawValue })
    let last = try! #require(starts.last)
    #expect(onDisk[last + 8] == WALRecordType.samples.rawValue, "the record above the cap stays plain")
    for start in starts.dropLast() {
      // Both compressed types start with the decompressed size.
      let size = onDisk.withUnsafeBytes { bytes in
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[(start + WALRecord.headerSize)...]))
        return try? reader.readVarint()
      }
      #expect((size ?? .max) <= UInt64(WALRecord.maxCompressedGroupBytes))
    }
    let decoded = visited(onDisk)
    #expect(decoded.scan.problem == nil)
    #expect(decoded.records.map(\.1) == visited(records).records.map(\.1))
  }

  /// A data directory written before compression (plain records only) replays, and writing then
  /// continues in compressed records; both replay together.
  @Test func oldPlainSegmentsReplayAlongsideCompressedOnes() async throws {
    let directory = temporaryStoreDirectory()
    try FileManager.default.createDirectory(atPath: directory + "/wal", withIntermediateDirectories: true)
    var old: [UInt8] = []
    WALRecord.appendSeries([(1, cpu)], to: &old)
    WALRecord.appendSamples((0..<40).map { WALSample(seriesID: 1, timestampMs: Int64($0) * 15_000, value: Double($0)) }, to: &old)
    WALRecord.appendSamples((40..<60).map { WALSample(seriesID: 1, timestampMs: Int64($0) * 15_000, value: Double($0)) }, to: &old)
    try Data(old).write(to: URL(fileURLWithPath: directory + "/wal/" + FileNames.walSegment(1)))

    let store = try makeStore(directory: directory)
    #expect(try storedTimestamps(store, cpu).count == 60)
    _ = try await store.append(seriesBatch(cpu, from: 60 * 15_000, count: 100))
    let up = labels(["__name__": "up"])
    _ = try await store.append(seriesBatch(up, from: 0, count: 50))
    store.close()
    let newer = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/wal/" + FileNames.walSegment(2))))
    #expect(newer[8] == WALRecordType.compressed.rawValue)
    #expect(walRecordStarts(newer).dropFirst().allSatisfy { newer[$0 + 8] == WALRecordType.chained.rawValue })

    let reopened = try makeStore(directory: directory)
    #expect(try storedTimestamps(reopened, cpu) == (0..<160).map { Int64($0) * 15_000 })
    #expect(try storedTimestamps(reopened, up).count == 50)
    #expect(reopened.metrics.walCorruptions.load(ordering: .relaxed) == 0)
    reopened.close()
  }

  /// Writes two compressed groups (the second chained to the first); returns the segment's bytes
  /// and where the last record starts.
  private func twoCompressedGroups() async throws -> (bytes: [UInt8], lastStart: Int) {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    _ = try await store.append(seriesBatch(cpu, from: 0, count: 50))
    _ = try await store.append(seriesBatch(cpu, from: 50 * 15_000, count: 30))
    store.close()
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/wal/" + FileNames.walSegment(1))))
    try? FileManager.default.removeItem(atPath: directory)
    let lastStart = try #require(walRecordStarts(bytes).last)
    #expect(bytes[8] == WALRecordType.compressed.rawValue)
    #expect(bytes[lastStart + 8] == WALRecordType.chained.rawValue)
    return (bytes, lastStart)
  }

  private func reopen(segment bytes: [UInt8]) throws -> (store: MetricStore, directory: String) {
    let copy = temporaryStoreDirectory()
    try FileManager.default.createDirectory(atPath: copy + "/wal", withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: copy + "/wal/" + FileNames.walSegment(1)))
    return (try makeStore(directory: copy), copy)
  }

  /// Flip each byte of the last (chained) record: it is cut, the earlier group is kept.
  @Test func corruptionAnywhereInTheLastCompressedRecordCutsIt() async throws {
    let (full, lastStart) = try await twoCompressedGroups()
    for position in lastStart..<full.count {
      var damaged = full
      damaged[position] ^= 0x5a
      let (store, copy) = try reopen(segment: damaged)
      #expect(try storedTimestamps(store, cpu).count == 50, "flip at \(position)")
      #expect(store.metrics.walCorruptions.load(ordering: .relaxed) == 1, "flip at \(position)")
      store.close()
      let repaired = try Data(contentsOf: URL(fileURLWithPath: copy + "/wal/" + FileNames.walSegment(1)))
      #expect(repaired.count == lastStart)
      try? FileManager.default.removeItem(atPath: copy)
    }
  }

  /// Cut the file at each byte of the last (chained) record: the earlier group is kept.
  @Test func tornCompressedTailAtEveryOffsetIsCutOff() async throws {
    let (full, lastStart) = try await twoCompressedGroups()
    for cut in lastStart..<full.count {
      let (store, copy) = try reopen(segment: Array(full.prefix(cut)))
      #expect(try storedTimestamps(store, cpu).count == 50, "cut at \(cut)")
      #expect(store.metrics.walCorruptions.load(ordering: .relaxed) == (cut == lastStart ? 0 : 1))
      store.close()
      try? FileManager.default.removeItem(atPath: copy)
    }
  }

  /// Records whose checksum matches but whose compressed contents are wrong: each is refused
  /// as corruption, the records before it are kept, and nothing inside it is visited.
  @Test func hostileCompressedRecordsAreRefused() {
    let good = scrapeRecords(series: 20, at: 1_000)
    let inner = scrapeRecords(series: 30, at: 2_000, firstID: 21)
    let zeros = [UInt8](repeating: 0, count: 1 << 20)
    var nested: [UInt8] = []
    nested = WALGroupCompressor().encode(inner)
    let hostile: [(String, [UInt8])] = [
      ("a size above the limit", compressedPayload(claiming: WALRecord.maxCompressedGroupBytes + 1, frameOf: inner)),
      ("a bomb: 1 MiB of zeros claiming 100 bytes", compressedPayload(claiming: 100, frameOf: zeros)),
      ("fewer bytes than claimed", compressedPayload(claiming: inner.count + 1, frameOf: inner)),
      ("a zero size", compressedPayload(claiming: 0, frameOf: inner)),
      ("no frame", [10]),
      ("no size", []),
      ("a frame cut short", Array(compressedPayload(claiming: inner.count, frameOf: inner).dropLast(5))),
      ("not zstd", [UInt8(inner.count & 0x7f) | 0x80, UInt8(inner.count >> 7)] + Array(inner.prefix(200))),
      ("records that do not check out", compressedPayload(claiming: 300, frameOf: Array(repeating: 7, count: 300))),
      ("a record cut short inside", compressedPayload(claiming: inner.count - 3, frameOf: Array(inner.dropLast(3)))),
      ("a compressed record inside", compressedPayload(claiming: nested.count, frameOf: nested)),
    ]
    for (name, payload) in hostile {
      let bytes = good + record(.compressed, payload)
      let result = visited(bytes)
      #expect(result.scan.validLength == good.count, "\(name)")
      #expect(result.scan.problem?.contains("compressed record at byte \(good.count)") == true, "\(name): \(result.scan.problem ?? "no problem")")
      #expect(result.records.count == 2, "\(name): only the good records are visited")
    }
    // The control: the same construction with honest contents is accepted.
    let honest = visited(good + record(.compressed, compressedPayload(claiming: inner.count, frameOf: inner)))
    #expect(honest.scan.problem == nil)
    #expect(honest.records.count == 4)
  }

  /// Every single-byte change inside a compressed record's payload, with the checksum made to
  /// match again so the damage reaches the decompressor: never a crash, and the record is either
  /// refused whole or (if zstd still produces sound records) accepted whole.
  @Test func mutatedFramesWithMatchingChecksumsAreAllOrNothing() {
    let onDisk = WALGroupCompressor().encode(scrapeRecords(series: 25, at: 9_000))
    #expect(onDisk[8] == WALRecordType.compressed.rawValue)
    for position in WALRecord.headerSize..<onDisk.count {
      for mask: UInt8 in [0x01, 0x80, 0xff] {
        var damaged = onDisk
        damaged[position] ^= mask
        damaged.removeSubrange(0..<WALRecord.headerSize)
        let bytes = record(.compressed, damaged)
        let result = visited(bytes)
        if result.scan.problem == nil {
          #expect(result.records.count == 2)
          #expect(result.scan.validLength == bytes.count)
        } else {
          #expect(result.records.isEmpty, "byte \(position) ^ \(mask): part of a refused group was visited")
          #expect(result.scan.validLength == 0)
        }
      }
    }
  }
}
