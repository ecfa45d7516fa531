// Turns a run of framed WAL records (one group commit, or a slice of a checkpoint) into what goes
// on disk: runs of whole records packed into `compressed` records, one zstd frame each, so the
// samples of a scrape round take a few bytes each instead of about thirteen. Byte layout:
// docs/format/metrics-wal.md. Keeps its zstd context and output buffer between calls, so the
// flusher thread allocates nothing per group once warmed up.
import CZstd
import Codecs

/// Not thread-safe: one owner at a time (the WAL flusher thread, or one checkpoint run).
final class WALGroupCompressor {
  /// Fast enough for the write path (a 30 KB group takes well under a millisecond), and most of
  /// the gain: higher levels save little more on this data.
  static let defaultLevel: Int32 = 3

  private let context: OpaquePointer
  private var output: [UInt8] = []

  init(level: Int32 = defaultLevel) {
    // Only a failed allocation of a few hundred bytes makes ZSTD_createCCtx return nil.
    guard let context = ZSTD_createCCtx() else { fatalError("cannot allocate a zstd compression context") }
    self.context = context
    _ = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
    // The reader learns the size from the record's own length field; the checksum covers the
    // bytes on disk. Neither belongs in the frame as well.
    _ = ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0)
    _ = ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 0)
  }

  deinit { ZSTD_freeCCtx(context) }

  /// `records` (whole framed records, as `WALRecord` writes them) as they should be written.
  ///
  /// Consecutive records are packed into `compressed` records of at most
  /// `WALRecord.maxCompressedGroupBytes` each; a run shorter than
  /// `WALRecord.minCompressedGroupBytes`, a record that alone is larger than the cap, or a run
  /// zstd cannot shrink, is copied as it is. The result stays valid until the next call.
  func encode(_ records: [UInt8]) -> [UInt8] {
    output.removeAll(keepingCapacity: true)
    records.withUnsafeBytes { input in
      var runStart = 0
      var offset = 0
      while offset < input.count {
        let recordLength = WALRecord.headerSize + Int(input.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
        precondition(recordLength <= input.count - offset, "BUG: WAL records handed to the compressor are not whole")
        if offset > runStart, offset + recordLength - runStart > WALRecord.maxCompressedGroupBytes {
          appendRun(UnsafeRawBufferPointer(rebasing: input[runStart..<offset]))
          runStart = offset
        }
        offset += recordLength
      }
      if offset > runStart { appendRun(UnsafeRawBufferPointer(rebasing: input[runStart..<offset])) }
    }
    return output
  }

  private func appendRun(_ run: UnsafeRawBufferPointer) {
    guard run.count >= WALRecord.minCompressedGroupBytes, run.count <= WALRecord.maxCompressedGroupBytes else {
      output.append(contentsOf: run)
      return
    }
    let start = output.count
    output.append(contentsOf: repeatElement(0, count: WALRecord.headerSize))
    output[start + 8] = WALRecordType.compressed.rawValue
    Varint.append(UInt64(run.count), to: &output)
    let frameStart = output.count
    let bound = ZSTD_compressBound(run.count)
    output.append(contentsOf: repeatElement(0, count: bound))
    let written = output.withUnsafeMutableBytes { destination in
      ZSTD_compress2(context, destination.baseAddress! + frameStart, bound, run.baseAddress, run.count)
    }
    // Only a bad parameter or too small a destination make it fail; neither can happen here.
    precondition(ZSTD_isError(written) == 0, "BUG: zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
    output.removeLast(bound - written)
    guard output.count - start < run.count else {
      // Incompressible: the records as they are are smaller.
      output.removeLast(output.count - start)
      output.append(contentsOf: run)
      return
    }
    WALRecord.seal(&output, recordAt: start)
  }
}
