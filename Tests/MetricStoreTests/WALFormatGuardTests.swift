// Guards the WAL format (docs/format/metrics-wal.md): each record type must be written byte for
// byte as frozen here, and frozen records (compressed and chained ones made by the zstd
// command-line tool, not by Warden) must still read back. If one fails, the format changed: keep reading the old
// records (existing data directories must replay), or fix the bug.
import Codecs
@testable import MetricStore
import Testing
import WardenCore

struct WALFormatGuardTests {
  static let series: [(id: SeriesID, labels: Labels)] = [(7, labels(["__name__": "up", "job": "a"]))]
  static let samples = [
    WALSample(seriesID: 7, timestampMs: 1_700_000_000_000, value: 1),
    WALSample(seriesID: 7, timestampMs: 1_700_000_015_000, value: .staleMarker),
  ]
  static let deletions = [WALDeletion(seriesID: 7, startMs: 1_700_000_000_000, endMs: 1_700_000_015_000)]

  /// length | crc32c | type 1 | count 1, id 7, 2 labels, "__name__" "up", "job" "a".
  static let frozenSeries = "00000015" + "6728efac" + "01" + "010702" + "085f5f6e616d655f5f" + "027570" + "036a6f62" + "0161"
  /// length | crc32c | type 2 | count 2, base (zigzag), id 7 +0 ms 1.0, id 7 +15000 ms stale marker.
  static let frozenSamples =
    "0000001d" + "1e44b87c" + "02" + "02" + "80a0abfef962" + "07" + "00" + "3ff0000000000000" + "07" + "b0ea01"
    + "7ff0000000000002"
  /// length | crc32c | type 3 | count 1, id 7, start and end (zigzag).
  static let frozenDeletions = "0000000e" + "a3e75e7b" + "03" + "01" + "07" + "80a0abfef962" + "b08aadfef962"
  /// length | crc32c | type 4 | size 91 | the three records above as one frame from
  /// `zstd -19 --no-check` (with its content size, which Warden's writer leaves out).
  static let frozenCompressed =
    "00000060" + "c357dc8b" + "04" + "5b"
    + "28b52ffd0068b50200a404000000156728efac01010702085f5f6e616d655f5f027570036a6f6201610000001d1e44b87c02"
    + "0280a0abfef96207003ff00007b0ea017f020000000ea3e75e7b030107b08aadfef96203004a8df4327a2e0005"
  /// length | crc32c | type 5 | size 91 | CRC-32C of the reference (the 91 bytes the record above
  /// holds) | the same three records again as one frame from `zstd -19 --no-check
  /// --patch-from=<those 91 bytes>`: a single match into the reference.
  static let frozenChained =
    "00000016" + "30d2406d" + "05" + "5b" + "5cb4ee1b" + "28b52ffd205b45000008000100e74d4108"

  /// length | crc32c | type 6 | count 2, base (zigzag), ids as zigzag(id − previous − 1): 7, 7;
  /// timestamp offsets 0, +15000; values with no predictions: 1.0 as decimal 1 × 10^0
  /// (zigzag(1) << 6 | 0 << 2 | 1), the stale marker as raw bits (code 2, u64 BE).
  static let frozenPredictedSamples =
    "00000018" + "c6826a10" + "06" + "02" + "80a0abfef962" + "0c01" + "00b0ea01" + "8101" + "02" + "7ff0000000000002"
  /// length | crc32c | type 4 | size 86 | series, predicted samples and deletions records as one
  /// frame from `zstd -19 --no-check`.
  static let frozenCompressedPredicted =
    "00000060" + "92089b80" + "04" + "56"
    + "28b52ffd2056b10200000000156728efac01010702085f5f6e616d655f5f027570036a6f62016100000018c6826a10060280a0abfef962"
    + "0c0100b0ea018101027ff00000000000020000000ea3e75e7b03010780a0abfef962b08aadfef962"

  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  static func bytes(_ hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      result.append(UInt8(hex[index..<next], radix: 16)!)
      index = next
    }
    return result
  }

  @Test func plainRecordsAreWrittenAsFrozen() {
    var series: [UInt8] = []
    WALRecord.appendSeries(Self.series, to: &series)
    #expect(Self.hex(series) == Self.frozenSeries)
    var samples: [UInt8] = []
    WALRecord.appendSamples(Self.samples, to: &samples)
    #expect(Self.hex(samples) == Self.frozenSamples)
    var deletions: [UInt8] = []
    WALRecord.appendDeletions(Self.deletions, to: &deletions)
    #expect(Self.hex(deletions) == Self.frozenDeletions)
  }

  /// Decodes a segment's records into values; fails the test on any problem.
  private func decode(_ segment: [UInt8]) -> [String] {
    var seen: [String] = []
    let scan = WALSegmentScanner.scan(segment) { type, payload in
      switch type {
      case .series:
        guard let series = try? WALRecord.decodeSeries(payload), series.count == 1 else { return false }
        seen.append("series \(series[0].id) \(series[0].labels)")
      case .samples:
        var samples: [WALSample] = []
        guard (try? WALRecord.decodeSamples(payload, into: &samples)) != nil, samples == Self.samples else { return false }
        seen.append("samples")
      case .deletions:
        guard let deletions = try? WALRecord.decodeDeletions(payload), deletions == Self.deletions else { return false }
        seen.append("deletions")
      case .compressed, .chained, .predictedSamples, .seriesChunks, .seriesPlanes: return false
      }
      return true
    }
    #expect(scan.problem == nil)
    #expect(scan.validLength == segment.count)
    return seen
  }

  @Test func frozenRecordsReadBack() {
    let expected = ["series 7 \(Self.series[0].labels)", "samples", "deletions"]
    #expect(decode(Self.bytes(Self.frozenSeries + Self.frozenSamples + Self.frozenDeletions)) == expected)
    #expect(decode(Self.bytes(Self.frozenCompressed)) == expected)
    #expect(decode(Self.bytes(Self.frozenCompressed + Self.frozenChained)) == expected + expected)
    #expect(decode(Self.bytes(Self.frozenCompressedPredicted)) == expected)
    // Predicted samples stand only inside a compressed record.
    #expect(WALSegmentScanner.scan(Self.bytes(Self.frozenPredictedSamples)) { _, _ in true }.validLength == 0)
  }

  @Test func predictedSamplesAreWrittenAsFrozen() {
    var record: [UInt8] = []
    WALValuePredictions().appendRecord(Self.samples, to: &record)
    #expect(Self.hex(record) == Self.frozenPredictedSamples)
  }

  /// The group's records as the writer compresses them: samples records as predicted samples
  /// (coded against `predictions`).
  private func predictedContent(_ plain: [UInt8], against predictions: WALValuePredictions) -> [UInt8] {
    var content: [UInt8] = []
    var offset = 0
    while offset < plain.count {
      let length = plain[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
      let end = offset + WALRecord.headerSize + length
      if plain[offset + 8] == WALRecordType.samples.rawValue {
        var samples: [WALSample] = []
        Array(plain[(offset + WALRecord.headerSize)..<end]).withUnsafeBytes { _ = try? WALRecord.decodeSamples($0, into: &samples) }
        predictions.appendRecord(samples, to: &content)
      } else {
        content += plain[offset..<end]
      }
      offset = end
    }
    return content
  }

  /// The writer's chained record: type 5, uvarint size, CRC-32C of the previous group's records
  /// (u32 BE), one zstd frame that decodes with those records as its prefix; CRC over the bytes
  /// on disk.
  @Test func chainedRecordLayout() throws {
    let plain = Self.bytes(String(repeating: Self.frozenSeries + Self.frozenSamples + Self.frozenDeletions, count: 4))
    let compressor = WALGroupCompressor()
    let first = compressor.encode(plain)
    let record = compressor.encode(plain)
    #expect(first[8] == 4)
    #expect(record[8] == 5)
    let length = Int(UInt32(record[0]) << 24 | UInt32(record[1]) << 16 | UInt32(record[2]) << 8 | UInt32(record[3]))
    #expect(length == record.count - WALRecord.headerSize)
    let crc = UInt32(record[4]) << 24 | UInt32(record[5]) << 16 | UInt32(record[6]) << 8 | UInt32(record[7])
    #expect(crc == CRC32C.checksum(Array(record[8...])))
    var predictions = WALValuePredictions()
    try plain.withUnsafeBytes { try predictions.learn(from: $0) }
    let content = predictedContent(plain, against: predictions)
    // The repeated stale marker is now coded as "same as predicted": one byte, not nine.
    #expect(content.count == 344 - 4 * 8)
    #expect(record[9] == 0xb8 && record[10] == 0x02, "uvarint 312")
    let referenceCRC = UInt32(record[11]) << 24 | UInt32(record[12]) << 16 | UInt32(record[13]) << 8 | UInt32(record[14])
    #expect(referenceCRC == CRC32C.checksum(plain))
    #expect(Array(record[15..<19]) == [0x28, 0xb5, 0x2f, 0xfd], "zstd magic")
    #expect(record.count < first.count, "the repeat is a back-reference")
    let decompressor = WALGroupDecompressor()
    let opened = Array(first[WALRecord.headerSize...]).withUnsafeBytes { try? decompressor.open(.compressed, $0) }
    #expect(opened == plain)
    let chained = Array(record[WALRecord.headerSize...]).withUnsafeBytes { try? decompressor.open(.chained, $0) }
    #expect(chained == plain)
  }

  /// The writer's compressed record: type 4, uvarint size, one zstd frame of the plain records
  /// (compared decompressed, since zstd builds may compress differently), CRC over what is on disk.
  @Test func compressedRecordLayout() throws {
    let plain = Self.bytes(String(repeating: Self.frozenSeries + Self.frozenSamples + Self.frozenDeletions, count: 4))
    let record = WALGroupCompressor().encode(plain)
    #expect(record[8] == 4)
    let length = Int(UInt32(record[0]) << 24 | UInt32(record[1]) << 16 | UInt32(record[2]) << 8 | UInt32(record[3]))
    #expect(length == record.count - WALRecord.headerSize)
    let crc = UInt32(record[4]) << 24 | UInt32(record[5]) << 16 | UInt32(record[6]) << 8 | UInt32(record[7])
    #expect(crc == CRC32C.checksum(Array(record[8...])))
    let content = predictedContent(plain, against: WALValuePredictions())
    #expect(content.count == 344)
    #expect(record[9] == 0xd8 && record[10] == 0x02, "uvarint 344")
    #expect(Array(record[11..<15]) == [0x28, 0xb5, 0x2f, 0xfd], "zstd magic")
    #expect(try Zstd.decompress(Array(record[11...]), expectedSize: content.count) == content)
  }
}
