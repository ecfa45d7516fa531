// Opens the compressed records of one WAL file in order: a `compressed` record on its own, a
// `chained` one against the records held by the compressed record right before it, which this
// keeps, and turns predicted-samples records back into the samples records they were made from.
// Sizes are checked before anything is allocated. Byte layout: docs/format/metrics-wal.md.
import CZstd
import Codecs

/// Not thread-safe: one per scan of one file, fed every record of it in order.
final class WALGroupDecompressor {
  private let context: OpaquePointer
  /// What the last record held if it was a compressed record that opened: the only thing the
  /// next `chained` record may refer to.
  private var previous: [UInt8]?
  /// The last value of each series in `previous`: what its predicted samples are coded against.
  private var predictions = WALValuePredictions()
  private let noPredictions = WALValuePredictions()
  private var samples: [WALSample] = []

  init() {
    // Only a failed allocation of a few hundred bytes makes ZSTD_createDCtx return nil.
    guard let context = ZSTD_createDCtx() else { fatalError("cannot allocate a zstd decompression context") }
    self.context = context
  }

  deinit { ZSTD_freeDCtx(context) }

  /// The record just seen was not compressed: a `chained` record right after it is corruption.
  func breakChain() { previous = nil }

  /// The records inside a `compressed` or `chained` record, still framed; they become the next
  /// record's reference.
  /// - Throws: `CodecError` if a size is out of range, a chained record has no reference or
  ///   another one than it was written against, or the frame does not decompress to exactly the
  ///   size recorded. The chain is then broken.
  func open(_ type: WALRecordType, _ payload: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
    let reference = previous
    previous = nil
    let subject = "WAL \(type) record"
    var reader = ByteReader(payload, subject: subject)
    let length = try reader.readVarint()
    guard length > 0, length <= UInt64(WALRecord.maxCompressedGroupBytes) else {
      throw CodecError(
        code: .corrupt, subject: subject,
        reason: "claims \(length) decompressed bytes (limit \(WALRecord.maxCompressedGroupBytes))")
    }
    var prefix: [UInt8] = []
    switch type {
    case .compressed: break
    case .chained:
      let expectedCRC = try reader.readUInt32BE()
      guard let reference else {
        throw .corrupt(subject, "refers to the previous compressed record, and the record before it is not one")
      }
      guard CRC32C.checksum(reference) == expectedCRC else {
        throw .corrupt(subject, "was written against other contents than the compressed record before it holds")
      }
      prefix = reference
    default:
      preconditionFailure("BUG: \(type) record handed to the group decompressor")
    }
    let content = try decompress(
      UnsafeRawBufferPointer(rebasing: payload[reader.offset...]), size: Int(length), prefix: prefix, subject: subject)
    let records = try restoreSamples(content, against: type == .chained ? predictions : noPredictions, subject: subject)
    // Learned in place (a copy would duplicate the table for every group replayed).
    let learning: Result<Void, CodecError> = records.withUnsafeBytes { bytes in
      do throws(CodecError) {
        try predictions.learn(from: bytes)
        return .success(())
      } catch {
        predictions.removeAll()
        return .failure(error)
      }
    }
    try learning.get()
    previous = records
    return records
  }

  /// `content` with each predicted-samples record replaced by the samples record it was made
  /// from; the other records (and any damage, which the scanner reports) are left as they are.
  private func restoreSamples(
    _ content: [UInt8], against predictions: WALValuePredictions, subject: String
  ) throws(CodecError) -> [UInt8] {
    let result: Result<[UInt8], CodecError> = content.withUnsafeBytes { bytes in
      var records: [UInt8] = []
      var offset = 0
      var copied = 0
      while bytes.count - offset >= WALRecord.headerSize {
        let length = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
        guard length <= bytes.count - offset - WALRecord.headerSize else { break }
        let end = offset + WALRecord.headerSize + length
        if bytes[offset + 8] == WALRecordType.predictedSamples.rawValue {
          let checked = UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<end])
          guard CRC32C.checksum(checked) == bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).bigEndian else {
            return .failure(.corrupt(subject, "checksum mismatch in the predicted samples record at byte \(offset) inside"))
          }
          records.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied..<offset]))
          samples.removeAll(keepingCapacity: true)
          do throws(CodecError) {
            try predictions.decodeRecord(UnsafeRawBufferPointer(rebasing: checked.dropFirst()), into: &samples)
          } catch {
            return .failure(error)
          }
          WALRecord.appendSamples(samples, to: &records)
          guard records.count <= WALRecord.maxCompressedGroupBytes else {
            return .failure(.corrupt(subject, "holds more than \(WALRecord.maxCompressedGroupBytes) bytes of records once restored"))
          }
          copied = end
        }
        offset = end
      }
      if copied == 0 { return .success(content) }
      records.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[copied...]))
      guard records.count <= WALRecord.maxCompressedGroupBytes else {
        return .failure(.corrupt(subject, "holds more than \(WALRecord.maxCompressedGroupBytes) bytes of records once restored"))
      }
      return .success(records)
    }
    return try result.get()
  }

  private func decompress(
    _ frame: UnsafeRawBufferPointer, size: Int, prefix: [UInt8], subject: String
  ) throws(CodecError) -> [UInt8] {
    guard !frame.isEmpty else { throw .corrupt(subject, "no zstd frame") }
    var output = [UInt8](repeating: 0, count: size)
    // A failed frame may leave the previous prefix set: start every frame from a clean context.
    _ = ZSTD_DCtx_reset(context, ZSTD_reset_session_and_parameters)
    let result = prefix.withUnsafeBytes { prefix in
      if !prefix.isEmpty {
        let status = ZSTD_DCtx_refPrefix(context, prefix.baseAddress, prefix.count)
        guard ZSTD_isError(status) == 0 else { return status }
      }
      return output.withUnsafeMutableBytes { destination in
        ZSTD_decompressDCtx(context, destination.baseAddress, destination.count, frame.baseAddress, frame.count)
      }
    }
    guard ZSTD_isError(result) == 0 else {
      throw .corrupt(subject, "zstd frame: \(String(cString: ZSTD_getErrorName(result)))")
    }
    guard result == size else { throw .corrupt(subject, "zstd frame holds \(result) bytes, expected \(size)") }
    return output
  }
}
