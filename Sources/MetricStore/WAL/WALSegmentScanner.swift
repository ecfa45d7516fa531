// Walks the records of one WAL segment, checking each frame (length within bounds, CRC32C, known
// type), opening compressed records (chained ones against the group before them) into the
// records they hold, and says where the valid data ends so a torn or corrupted tail can be cut off.
import Codecs

struct WALSegmentScanner {
  struct Result {
    /// Bytes from the start of the segment that hold whole, valid records.
    var validLength: Int
    /// Why scanning stopped early, or nil when the whole segment was valid.
    var problem: String?
  }

  /// One frame's check.
  private enum Frame {
    case record(WALRecordType, payload: UnsafeRawBufferPointer, end: Int)
    case damaged(String)
  }

  /// Calls `visit` for each valid record in order (the records inside a compressed record, never
  /// the compressed record itself); a record `visit` rejects (returns false) counts as corruption
  /// too. A compressed record is all or nothing: if any record inside it is damaged, none of them
  /// is visited and the segment is cut before it.
  /// A chained record is opened against the records of the compressed record right before it;
  /// without one (a plain record or the start of the file before it), or against other contents
  /// than it was written with, it is corruption.
  static func scan(_ bytes: [UInt8], visit: (WALRecordType, UnsafeRawBufferPointer) -> Bool) -> Result {
    let decompressor = WALGroupDecompressor()
    return bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        switch frame(at: offset, in: buffer) {
        case .damaged(let problem):
          return Result(validLength: offset, problem: problem)
        case .record(.predictedSamples, _, _):
          return Result(validLength: offset, problem: "predicted samples record outside a compressed record at byte \(offset)")
        case .record(let type, let payload, let end) where type == .compressed || type == .chained:
          let problem: String?
          do throws(CodecError) {
            problem = visitGroup(try decompressor.open(type, payload), visit: visit)
          } catch {
            problem = "\(error)"
          }
          if let problem {
            return Result(validLength: offset, problem: "\(type) record at byte \(offset): \(problem)")
          }
          offset = end
        case .record(let type, let payload, let end):
          decompressor.breakChain()
          guard visitRecord(type, payload, visit: visit) else {
            return Result(validLength: offset, problem: "undecodable \(type) record at byte \(offset)")
          }
          offset = end
        }
      }
      return Result(validLength: offset, problem: nil)
    }
  }

  /// Visits the records a compressed record held once all of them check out.
  /// - Returns: the problem, or nil when every record was visited.
  private static func visitGroup(
    _ records: [UInt8], visit: (WALRecordType, UnsafeRawBufferPointer) -> Bool
  ) -> String? {
    records.withUnsafeBytes { inner -> String? in
      var checked: [(type: WALRecordType, payload: UnsafeRawBufferPointer, offset: Int)] = []
      var offset = 0
      while offset < inner.count {
        switch frame(at: offset, in: inner) {
        case .damaged(let problem):
          return "inside: \(problem)"
        case .record(let type, _, _) where type == .compressed || type == .chained || type == .predictedSamples:
          return "inside: nested \(type) record at byte \(offset)"
        case .record(let type, let payload, let end):
          checked.append((type, payload, offset))
          offset = end
        }
      }
      for record in checked where !visitRecord(record.type, record.payload, visit: visit) {
        return "inside: undecodable \(record.type) record at byte \(record.offset)"
      }
      return nil
    }
  }

  /// Visits one record; a series-chunks record (type 7 or 8) is visited as the samples record
  /// holding the same samples, so readers of segments only ever see types 1 to 3. A series-chunks
  /// record that does not decode counts as rejected.
  private static func visitRecord(
    _ type: WALRecordType, _ payload: UnsafeRawBufferPointer, visit: (WALRecordType, UnsafeRawBufferPointer) -> Bool
  ) -> Bool {
    guard type == .seriesChunks || type == .seriesPlanes else { return visit(type, payload) }
    var samples: [WALSample] = []
    guard (try? WALSeriesChunks.decode(payload, planes: type == .seriesPlanes, into: &samples)) != nil else { return false }
    var record: [UInt8] = []
    WALRecord.appendSamples(samples, to: &record)
    // No samples: an empty samples record, as `appendSamples` writes none.
    guard !record.isEmpty else { return true }
    return record.withUnsafeBytes { visit(.samples, UnsafeRawBufferPointer(rebasing: $0[WALRecord.headerSize...])) }
  }

  private static func frame(at offset: Int, in buffer: UnsafeRawBufferPointer) -> Frame {
    guard buffer.count - offset >= WALRecord.headerSize else {
      return .damaged("torn record header at byte \(offset)")
    }
    let length = Int(buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
    let storedCRC = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).bigEndian
    guard length <= WALRecord.maxPayloadBytes, length <= buffer.count - offset - WALRecord.headerSize else {
      return .damaged("record at byte \(offset) claims \(length) bytes past the end")
    }
    let end = offset + WALRecord.headerSize + length
    let checked = UnsafeRawBufferPointer(rebasing: buffer[(offset + 8)..<end])
    guard CRC32C.checksum(checked) == storedCRC else {
      return .damaged("checksum mismatch in record at byte \(offset)")
    }
    guard let type = WALRecordType(rawValue: buffer[offset + 8]) else {
      return .damaged("unknown record type \(buffer[offset + 8]) at byte \(offset)")
    }
    return .record(type, payload: UnsafeRawBufferPointer(rebasing: checked.dropFirst()), end: end)
  }
}
