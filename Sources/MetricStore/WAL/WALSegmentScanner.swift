// Walks the records of one WAL segment, checking each frame (length within bounds, CRC32C, known
// type), and says where the valid data ends so a torn or corrupted tail can be cut off.
import Codecs

struct WALSegmentScanner {
  struct Result {
    /// Bytes from the start of the segment that hold whole, valid records.
    var validLength: Int
    /// Why scanning stopped early, or nil when the whole segment was valid.
    var problem: String?
  }

  /// Calls `visit` for each valid record in order; a record `visit` rejects (returns false)
  /// counts as corruption too.
  static func scan(_ bytes: [UInt8], visit: (WALRecordType, UnsafeRawBufferPointer) -> Bool) -> Result {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        guard buffer.count - offset >= WALRecord.headerSize else {
          return Result(validLength: offset, problem: "torn record header at byte \(offset)")
        }
        let length = Int(buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
        let storedCRC = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).bigEndian
        guard length <= WALRecord.maxPayloadBytes, length <= buffer.count - offset - WALRecord.headerSize else {
          return Result(validLength: offset, problem: "record at byte \(offset) claims \(length) bytes past the end")
        }
        let checked = UnsafeRawBufferPointer(rebasing: buffer[(offset + 8)..<(offset + WALRecord.headerSize + length)])
        guard CRC32C.checksum(checked) == storedCRC else {
          return Result(validLength: offset, problem: "checksum mismatch in record at byte \(offset)")
        }
        guard let type = WALRecordType(rawValue: buffer[offset + 8]) else {
          return Result(validLength: offset, problem: "unknown record type \(buffer[offset + 8]) at byte \(offset)")
        }
        let payload = UnsafeRawBufferPointer(rebasing: checked.dropFirst())
        guard visit(type, payload) else {
          return Result(validLength: offset, problem: "undecodable \(type) record at byte \(offset)")
        }
        offset += WALRecord.headerSize + length
      }
      return Result(validLength: offset, problem: nil)
    }
  }
}
