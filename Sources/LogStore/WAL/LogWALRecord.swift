// The log WAL's one record type: the accepted records of (part of) a batch, with the label sets
// of the streams they belong to, so every record replays without any other. Byte layout:
// docs/format/logs.md. Encoders append into the caller's buffer.
import Codecs
import WardenCore

enum LogWALRecord {
  /// Bytes before the payload: length (u32), CRC32C (u32), type (u8).
  static let headerSize = 9
  /// A length above this is treated as corruption, not as a request to allocate it.
  static let maxPayloadBytes = 64 << 20
  /// The writer starts another record once a payload passes this.
  static let targetPayloadBytes = 8 << 20
  /// The type byte of an entries record (the only type so far).
  static let entriesType: UInt8 = 1

  /// Appends the records of `lines` (their streams given by `ordinals` into `streams`) as one or
  /// more entries records.
  static func appendEntries(streams: [Labels], lines: LogLines, ordinals: [Int32], to buffer: inout [UInt8]) {
    var index = 0
    while index < lines.count {
      let start = buffer.count
      buffer.append(contentsOf: repeatElement(0, count: headerSize))
      buffer[start + 8] = entriesType
      Varint.append(UInt64(streams.count), to: &buffer)
      for labels in streams {
        Varint.append(UInt64(labels.count), to: &buffer)
        for label in labels.pairs {
          appendString(label.name, to: &buffer)
          appendString(label.value, to: &buffer)
        }
      }
      // The record count is not known until the payload is full, so it goes in a fixed 5-byte
      // varint slot (padded with continuation bits), filled in below.
      let countAt = buffer.count
      buffer.append(contentsOf: [0x80, 0x80, 0x80, 0x80, 0x00])
      var count: UInt32 = 0
      var previous: Int64 = 0
      while index < lines.count, buffer.count - start < targetPayloadBytes {
        Varint.append(UInt64(ordinals[index]), to: &buffer)
        let timestamp = lines.timestampsNs[index]
        Varint.appendZigZag(timestamp &- previous, to: &buffer)
        previous = timestamp
        let line = lines.lineSlice(index)
        Varint.append(UInt64(line.count), to: &buffer)
        buffer.append(contentsOf: line)
        let fields = lines.metadata(index)
        Varint.append(UInt64(fields.count), to: &buffer)
        for field in fields {
          appendString(field.name, to: &buffer)
          appendString(field.value, to: &buffer)
        }
        count += 1
        index += 1
      }
      for byte in 0..<5 {
        let group = UInt8(truncatingIfNeeded: count >> (7 * UInt32(byte))) & 0x7F
        buffer[countAt + byte] = byte < 4 ? group | 0x80 : group
      }
      seal(&buffer, recordAt: start)
    }
  }

  /// Fills in the length and checksum of the record that starts at `start` and runs to the end
  /// of `buffer`.
  static func seal(_ buffer: inout [UInt8], recordAt start: Int) {
    let payloadLength = buffer.count - start - headerSize
    BigEndian.store(UInt32(payloadLength), into: &buffer, at: start)
    let crc = buffer.withUnsafeBytes { bytes in
      CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[(start + 8)...]))
    }
    BigEndian.store(crc, into: &buffer, at: start + 4)
  }

  private static func appendString(_ string: String, to buffer: inout [UInt8]) {
    Varint.append(UInt64(string.utf8.count), to: &buffer)
    buffer.append(contentsOf: string.utf8)
  }

  // MARK: - Decoding

  /// Adds the records of one entries payload to `batch`.
  static func decodeEntries(_ payload: UnsafeRawBufferPointer, into batch: inout LogBatch) throws(CodecError) {
    let subject = "log WAL entries record"
    var reader = ByteReader(payload, subject: subject)
    let streamCount = try reader.readVarint()
    guard streamCount <= UInt64(reader.remaining) else {
      throw .corrupt(subject, "stream count \(streamCount) exceeds the record size")
    }
    var ordinals: [Int32] = []
    ordinals.reserveCapacity(Int(streamCount))
    for _ in 0..<streamCount {
      let labelCount = try reader.readVarint()
      guard labelCount <= UInt64(reader.remaining) else {
        throw .corrupt(subject, "label count \(labelCount) exceeds the record size")
      }
      var pairs: [Label] = []
      pairs.reserveCapacity(Int(labelCount))
      for _ in 0..<labelCount {
        let name = try readString(&reader)
        pairs.append(Label(name, try readString(&reader)))
      }
      ordinals.append(batch.stream(Labels(pairs)))
    }
    let count = try reader.readVarint()
    guard count <= UInt64(reader.remaining) else {
      throw .corrupt(subject, "record count \(count) exceeds the record size")
    }
    var previous: Int64 = 0
    var fields: [LogField] = []
    for _ in 0..<count {
      let ordinal = try reader.readVarint()
      guard ordinal < UInt64(ordinals.count) else {
        throw .corrupt(subject, "stream \(ordinal) of \(ordinals.count) at byte \(reader.offset)")
      }
      previous = previous &+ (try reader.readZigZagVarint())
      let length = try reader.readVarint()
      guard length <= UInt64(reader.remaining) else {
        throw .truncated(subject, "line of \(length) bytes past the end at byte \(reader.offset)")
      }
      let line = try reader.readBytes(count: Int(length))
      let fieldCount = try reader.readVarint()
      guard fieldCount <= UInt64(reader.remaining) else {
        throw .corrupt(subject, "metadata count \(fieldCount) exceeds the record size")
      }
      fields.removeAll(keepingCapacity: true)
      for _ in 0..<fieldCount {
        let name = try readString(&reader)
        fields.append(LogField(name, try readString(&reader)))
      }
      batch.append(stream: ordinals[Int(ordinal)], timestampNs: previous, line: line, metadata: fields)
    }
    guard reader.isAtEnd else { throw .corrupt(subject, "\(reader.remaining) bytes after the last record") }
  }

  private static func readString(_ reader: inout ByteReader) throws(CodecError) -> String {
    let length = try reader.readVarint()
    guard length <= UInt64(reader.remaining) else {
      throw .truncated(reader.subject, "string of \(length) bytes past the end at byte \(reader.offset)")
    }
    return String(decoding: try reader.readBytes(count: Int(length)), as: UTF8.self)
  }
}
