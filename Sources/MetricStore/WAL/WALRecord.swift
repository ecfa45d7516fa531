// The write-ahead log's records: new series (id and labels), samples (series id, timestamp,
// value), deletions, and compressed groups of those (alone or chained to the previous group).
// Byte layout: docs/format/metrics-wal.md.
// Encoders append into the caller's buffer.
import Codecs
import WardenCore

enum WALRecordType: UInt8 {
  case series = 1
  case samples = 2
  /// Samples deleted from the head: series id and an inclusive time range.
  case deletions = 3
  /// Whole records of the types above, zstd-compressed together (`WALGroupCompressor`).
  case compressed = 4
  /// Like `compressed`, but the zstd frame uses the records the compressed record right before
  /// it holds as a prefix: consecutive scrape rounds compress to little more than their changes.
  case chained = 5
  /// Samples coded against the group's reference (`WALValuePredictions`); only inside records
  /// of the two types above, and turned back into a `samples` record when they are opened.
  case predictedSamples = 6
  /// Samples grouped by series, each series' as a decimal-delta chunk (`WALSeriesChunks`):
  /// written by checkpoints before version 4 blocks, turned into a `samples` record by the
  /// scanner before anyone sees it.
  case seriesChunks = 7
  /// As `seriesChunks`, with decimal-planes chunks (encoding 4): written by checkpoints.
  case seriesPlanes = 8
}

enum WALRecord {
  /// Bytes before the payload: length (u32), CRC32C (u32), type (u8).
  static let headerSize = 9
  /// A length above this is treated as corruption, not as a request to allocate it.
  static let maxPayloadBytes = 256 << 20
  /// The most record bytes one compressed record holds once decompressed: the writer never packs
  /// more, and a reader refuses a record claiming more (so a hostile frame cannot make it
  /// allocate without bound).
  static let maxCompressedGroupBytes = 16 << 20
  /// Runs of records shorter than this are written as they are: zstd's frame would eat the gain.
  static let minCompressedGroupBytes = 128

  /// Appends one framed record whose payload `writePayload` appends.
  static func append(
    _ type: WALRecordType, to buffer: inout [UInt8], writePayload: (inout [UInt8]) -> Void
  ) {
    let start = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: headerSize))
    buffer[start + 8] = type.rawValue
    writePayload(&buffer)
    seal(&buffer, recordAt: start)
  }

  /// Fills in the length and checksum of the record that starts at `start` and runs to the end
  /// of `buffer` (its type byte and payload already written).
  static func seal(_ buffer: inout [UInt8], recordAt start: Int) {
    let payloadLength = buffer.count - start - headerSize
    BigEndian.store(UInt32(payloadLength), into: &buffer, at: start)
    let crc = buffer.withUnsafeBytes { bytes in
      CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[(start + 8)...]))
    }
    BigEndian.store(crc, into: &buffer, at: start + 4)
  }

  static func appendSeries(_ series: [(id: SeriesID, labels: Labels)], to buffer: inout [UInt8]) {
    guard !series.isEmpty else { return }
    append(.series, to: &buffer) { out in
      Varint.append(UInt64(series.count), to: &out)
      for (id, labels) in series {
        Varint.append(UInt64(id), to: &out)
        Varint.append(UInt64(labels.count), to: &out)
        for label in labels.pairs {
          appendString(label.name, to: &out)
          appendString(label.value, to: &out)
        }
      }
    }
  }

  static func appendSamples(_ samples: [WALSample], to buffer: inout [UInt8]) {
    guard let first = samples.first else { return }
    append(.samples, to: &buffer) { out in
      Varint.append(UInt64(samples.count), to: &out)
      Varint.appendZigZag(first.timestampMs, to: &out)
      for sample in samples {
        Varint.append(UInt64(sample.seriesID), to: &out)
        Varint.appendZigZag(sample.timestampMs &- first.timestampMs, to: &out)
        BigEndian.append(sample.value.bitPattern, to: &out)
      }
    }
  }

  static func appendDeletions(_ deletions: [WALDeletion], to buffer: inout [UInt8]) {
    guard !deletions.isEmpty else { return }
    append(.deletions, to: &buffer) { out in
      Varint.append(UInt64(deletions.count), to: &out)
      for deletion in deletions {
        Varint.append(UInt64(deletion.seriesID), to: &out)
        Varint.appendZigZag(deletion.startMs, to: &out)
        Varint.appendZigZag(deletion.endMs, to: &out)
      }
    }
  }

  static func decodeDeletions(_ payload: UnsafeRawBufferPointer) throws(CodecError) -> [WALDeletion] {
    var reader = ByteReader(payload, subject: "WAL deletions record")
    let count = try reader.readVarint()
    guard count <= UInt64(payload.count) else {
      throw CodecError(code: .corrupt, subject: "WAL deletions record", reason: "count \(count) exceeds record size")
    }
    var result: [WALDeletion] = []
    for _ in 0..<count {
      let id = try reader.readVarint()
      guard id <= UInt64(UInt32.max) else {
        throw CodecError(code: .corrupt, subject: "WAL deletions record", reason: "series id out of range")
      }
      result.append(WALDeletion(seriesID: SeriesID(id), startMs: try reader.readZigZagVarint(), endMs: try reader.readZigZagVarint()))
    }
    return result
  }

  private static func appendString(_ string: String, to buffer: inout [UInt8]) {
    Varint.append(UInt64(string.utf8.count), to: &buffer)
    buffer.append(contentsOf: string.utf8)
  }

  // MARK: - Decoding payloads

  static func decodeSeries(_ payload: UnsafeRawBufferPointer) throws(CodecError) -> [(id: SeriesID, labels: Labels)] {
    var reader = ByteReader(payload, subject: "WAL series record")
    let count = try reader.readVarint()
    guard count <= UInt64(payload.count) else { throw CodecError(code: .corrupt, subject: "WAL series record", reason: "count \(count) exceeds record size") }
    var result: [(SeriesID, Labels)] = []
    result.reserveCapacity(Int(count))
    for _ in 0..<count {
      let id = try reader.readVarint()
      let labelCount = try reader.readVarint()
      guard id <= UInt64(UInt32.max), labelCount <= UInt64(reader.remaining) else {
        throw CodecError(code: .corrupt, subject: "WAL series record", reason: "series id or label count out of range")
      }
      var pairs: [Label] = []
      pairs.reserveCapacity(Int(labelCount))
      for _ in 0..<labelCount {
        let name = try readString(&reader)
        let value = try readString(&reader)
        pairs.append(Label(name, value))
      }
      result.append((SeriesID(id), Labels(pairs)))
    }
    return result
  }

  static func decodeSamples(_ payload: UnsafeRawBufferPointer, into samples: inout [WALSample]) throws(CodecError) {
    var reader = ByteReader(payload, subject: "WAL samples record")
    let count = try reader.readVarint()
    guard count <= UInt64(payload.count) else { throw CodecError(code: .corrupt, subject: "WAL samples record", reason: "count \(count) exceeds record size") }
    let base = try reader.readZigZagVarint()
    samples.reserveCapacity(samples.count + Int(count))
    for _ in 0..<count {
      let id = try reader.readVarint()
      guard id <= UInt64(UInt32.max) else {
        throw CodecError(code: .corrupt, subject: "WAL samples record", reason: "series id out of range")
      }
      let delta = try reader.readZigZagVarint()
      let bits = try reader.readUInt64BE()
      samples.append(WALSample(seriesID: SeriesID(id), timestampMs: base &+ delta, value: Double(bitPattern: bits)))
    }
  }

  private static func readString(_ reader: inout ByteReader) throws(CodecError) -> String {
    let length = try reader.readVarint()
    guard length <= UInt64(reader.remaining) else {
      throw CodecError(code: .truncated, subject: reader.subject, reason: "string of \(length) bytes past the end")
    }
    return String(decoding: try reader.readBytes(count: Int(length)), as: UTF8.self)
  }
}

/// Samples of one series deleted from the head, `[startMs, endMs]`.
struct WALDeletion: Sendable, Equatable {
  var seriesID: SeriesID
  var startMs: Int64
  var endMs: Int64
}

/// One sample as the WAL stores it.
struct WALSample: Sendable, Equatable {
  var seriesID: SeriesID
  var timestampMs: Int64
  var value: Double

  static func == (lhs: WALSample, rhs: WALSample) -> Bool {
    lhs.seriesID == rhs.seriesID && lhs.timestampMs == rhs.timestampMs && lhs.value.bitPattern == rhs.value.bitPattern
  }
}
