// Encodes sorted records into a block payload and back. Payload layout (before zstd):
// count, first timestamp, timestamp deltas, line lengths, metadata counts and fields, then every
// line back to back (docs/format/logs.md). Columns first keeps like with like for zstd.
import Codecs
import WardenCore

enum LogBlockCodec {
  /// A payload claiming more than this is corruption (blocks are cut near 256 KiB; one over-long
  /// line can push one to a few MiB).
  static let maxPayloadBytes = 64 << 20

  /// Seals `lines[order]` (order: indices sorted by time) into a compressed block with its filter.
  static func seal(_ lines: LogLines, order: [Int], level: Int32) -> SealedLogBlock {
    var payload: [UInt8] = []
    var lineBytes = 0
    for index in order { lineBytes += lines.lineEnds[index] - lines.lineStart(index) }
    payload.reserveCapacity(lineBytes + order.count * 4 + 16)
    Varint.append(UInt64(order.count), to: &payload)
    var previous: Int64 = 0
    for (position, index) in order.enumerated() {
      let timestamp = lines.timestampsNs[index]
      if position == 0 {
        Varint.appendZigZag(timestamp, to: &payload)
      } else {
        Varint.append(UInt64(bitPattern: timestamp &- previous), to: &payload)
      }
      previous = timestamp
    }
    for index in order { Varint.append(UInt64(lines.lineEnds[index] - lines.lineStart(index)), to: &payload) }
    for index in order { Varint.append(UInt64(lines.metadata(index).count), to: &payload) }
    for index in order {
      for field in lines.metadata(index) {
        Varint.append(UInt64(field.name.utf8.count), to: &payload)
        payload.append(contentsOf: field.name.utf8)
        Varint.append(UInt64(field.value.utf8.count), to: &payload)
        payload.append(contentsOf: field.value.utf8)
      }
    }
    let linesStart = payload.count
    var lineEnds: [Int] = []
    lineEnds.reserveCapacity(order.count)
    for index in order {
      payload.append(contentsOf: lines.lineSlice(index))
      lineEnds.append(payload.count - linesStart)
    }
    let bloom = payload.withUnsafeBytes { bytes in
      GramBloom.build(bytes: UnsafeRawBufferPointer(rebasing: bytes[linesStart...]), lineEnds: lineEnds)
    }
    let compressed = Zstd.compress(payload, level: level)
    let first = order.first.map { lines.timestampsNs[$0] } ?? 0
    let last = order.last.map { lines.timestampsNs[$0] } ?? 0
    let info = LogBlockInfo(
      minTimeNs: first, maxTimeNs: last, count: order.count, lineBytes: lineBytes, payloadBytes: payload.count,
      compressedBytes: compressed.count, crc: CRC32C.checksum(compressed))
    return SealedLogBlock(info: info, compressed: compressed, bloom: bloom)
  }

  /// The records of a compressed block with `startNs <= t < endNs`, in time order.
  /// - Throws: `CodecError` when the bytes fail their checksum or do not decode as `info` says.
  static func decode(
    _ compressed: UnsafeRawBufferPointer, info: LogBlockInfo, startNs: Int64, endNs: Int64
  ) throws(CodecError) -> LogLines {
    let subject = "log block"
    guard compressed.count == info.compressedBytes, CRC32C.checksum(compressed) == info.crc else {
      throw .corrupt(subject, "checksum mismatch")
    }
    guard info.payloadBytes <= maxPayloadBytes else { throw .tooLarge(subject, info.payloadBytes, maxPayloadBytes) }
    let payload = try Zstd.decompress(compressed, expectedSize: info.payloadBytes)
    let result: Result<LogLines, CodecError> = payload.withUnsafeBytes { bytes in
      do throws(CodecError) {
        return .success(try parse(bytes, info: info, startNs: startNs, endNs: endNs))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private static func parse(
    _ bytes: UnsafeRawBufferPointer, info: LogBlockInfo, startNs: Int64, endNs: Int64
  ) throws(CodecError) -> LogLines {
    let subject = "log block"
    var reader = ByteReader(bytes, subject: subject)
    let count = try reader.readVarint()
    guard count == UInt64(info.count), count <= UInt64(bytes.count) else {
      throw .corrupt(subject, "holds \(count) records, its index says \(info.count)")
    }
    let n = Int(count)
    var timestamps = [Int64](repeating: 0, count: n)
    var previous: Int64 = 0
    for index in 0..<n {
      if index == 0 {
        previous = try reader.readZigZagVarint()
      } else {
        previous = previous &+ Int64(bitPattern: try reader.readVarint())
      }
      timestamps[index] = previous
    }
    var lengths = [Int](repeating: 0, count: n)
    var totalLineBytes = 0
    for index in 0..<n {
      let length = try reader.readVarint()
      guard length <= UInt64(bytes.count) else { throw .corrupt(subject, "line \(index) claims \(length) bytes") }
      lengths[index] = Int(length)
      totalLineBytes += Int(length)
    }
    var fieldCounts = [Int](repeating: 0, count: n)
    var totalFields = 0
    for index in 0..<n {
      let fields = try reader.readVarint()
      guard fields <= UInt64(reader.remaining) else { throw .corrupt(subject, "record \(index) claims \(fields) metadata fields") }
      fieldCounts[index] = Int(fields)
      totalFields += Int(fields)
      guard totalFields <= bytes.count else { throw .corrupt(subject, "more metadata fields than bytes") }
    }
    // Records in range: timestamps are sorted, so a contiguous run.
    let low = timestamps.partitioningIndex { $0 >= startNs }
    let high = timestamps.partitioningIndex { $0 >= endNs }
    // Fields of records in range become strings; the others are only stepped over.
    var fields: [LogField] = []
    var perRecordFields: [Int] = []
    perRecordFields.reserveCapacity(max(0, high - low))
    for index in 0..<n {
      let inRange = index >= low && index < high
      for _ in 0..<fieldCounts[index] {
        let name = try readBytes(&reader)
        let value = try readBytes(&reader)
        if inRange {
          fields.append(LogField(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
      }
      if inRange { perRecordFields.append(fields.count) }
    }
    guard reader.remaining == totalLineBytes else {
      throw .corrupt(subject, "\(reader.remaining) line bytes, the lengths add up to \(totalLineBytes)")
    }
    guard timestamps.isEmpty || (timestamps[0] == info.minTimeNs && timestamps[n - 1] == info.maxTimeNs) else {
      throw .corrupt(subject, "time range differs from its index entry")
    }
    let linesBase = reader.offset
    var lineStart = linesBase
    for index in 0..<low { lineStart += lengths[index] }
    var rangeBytes = 0
    for index in low..<max(low, high) { rangeBytes += lengths[index] }
    // The columns are built whole (one copy of the lines in range), not record by record.
    let records = max(0, high - low)
    var lineEnds = [Int](repeating: 0, count: records)
    var end = 0
    for index in 0..<records {
      end += lengths[low + index]
      lineEnds[index] = end
    }
    let lineBytes = Array(bytes[lineStart..<lineStart + rangeBytes])
    let metadataEnds = perRecordFields.map { Int32($0) }
    return LogLines(timestampsNs: Array(timestamps[low..<low + records]), lineBytes: lineBytes, lineEnds: lineEnds, metadata: fields, metadataEnds: metadataEnds)
  }

  private static func readBytes(_ reader: inout ByteReader) throws(CodecError) -> UnsafeRawBufferPointer {
    let length = try reader.readVarint()
    guard length <= UInt64(reader.remaining) else {
      throw .truncated(reader.subject, "string of \(length) bytes past the end at byte \(reader.offset)")
    }
    return try reader.readBytes(count: Int(length))
  }
}

extension Array {
  /// The first index whose element satisfies `predicate`, which must be false then true along the array.
  func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if predicate(self[middle]) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
