// Turns a run of framed WAL records (one group commit, or a slice of a checkpoint) into what goes
// on disk: runs of whole records packed into compressed records, one zstd frame each. A frame may
// use the previous compressed record's contents as a raw-content prefix (a `chained` record):
// consecutive scrape rounds are nearly identical, so most of a round compresses to back-references.
// Samples records are rewritten as predicted-samples records first (values as decimal deltas from
// the reference's), which zstd cannot do on its own.
// Byte layout: docs/format/metrics-wal.md. Keeps its zstd context, output buffer and reference
// between calls, so the flusher thread allocates nothing per group once warmed up.
import CZstd
import Codecs

/// Not thread-safe: one owner at a time (the WAL flusher thread, or one checkpoint run).
///
/// The reference is only valid while the records this compressor produced are written, in order,
/// right after one another in one file: the owner calls `forgetReference()` whenever that stops
/// being true (a new segment, a failed or truncated write, output it did not write).
final class WALGroupCompressor {
  /// Fast enough for the write path (a 30 KB group takes well under a millisecond), and most of
  /// the gain: higher levels save little more on this data.
  static let defaultLevel: Int32 = 3

  private let context: OpaquePointer
  private var output: [UInt8] = []
  /// The records the last compressed record produced holds (empty when the last thing produced
  /// was not a compressed record, or after `forgetReference()`), and their CRC-32C.
  private var reference: [UInt8] = []
  private var referenceCRC: UInt32 = 0
  /// The reference's last value of each series (empty without a reference).
  private var predictions = WALValuePredictions()
  /// The last value of each series in the run being compressed: the predictions once it has
  /// become the reference.
  private var nextPredictions = WALValuePredictions()
  /// The run as compressed: samples records rewritten as predicted-samples records.
  private var content: [UInt8] = []
  private var samples: [WALSample] = []
  private let chains: Bool

  /// - Parameter chains: whether frames may reference the previous compressed record (`false`
  ///   writes only self-contained `compressed` records, as before chaining existed).
  init(level: Int32 = defaultLevel, chains: Bool = true) {
    // Only a failed allocation of a few hundred bytes makes ZSTD_createCCtx return nil.
    guard let context = ZSTD_createCCtx() else { fatalError("cannot allocate a zstd compression context") }
    self.context = context
    self.chains = chains
    _ = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
    // The reader learns the size from the record's own length field; the checksum covers the
    // bytes on disk. Neither belongs in the frame as well.
    _ = ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0)
    _ = ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 0)
  }

  deinit { ZSTD_freeCCtx(context) }

  /// The next record starts a chain afresh: called when what was encoded last will not be the
  /// record right before the next one on disk.
  func forgetReference() {
    reference.removeAll(keepingCapacity: true)
    predictions.removeAll()
  }

  /// `records` (whole framed records, as `WALRecord` writes them) as they should be written.
  ///
  /// Consecutive records are packed into compressed records of at most
  /// `WALRecord.maxCompressedGroupBytes` each; a run shorter than
  /// `WALRecord.minCompressedGroupBytes`, a record that alone is larger than the cap, or a run
  /// zstd cannot shrink, is copied as it is. The result stays valid until the next call, and
  /// must be written right after the previous call's result (or `forgetReference()` called).
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
      appendPlain(run)
      return
    }
    let chained = chains && !reference.isEmpty
    predict(run)
    let start = output.count
    output.append(contentsOf: repeatElement(0, count: WALRecord.headerSize))
    output[start + 8] = (chained ? WALRecordType.chained : WALRecordType.compressed).rawValue
    Varint.append(UInt64(content.count), to: &output)
    if chained { BigEndian.append(referenceCRC, to: &output) }
    let frameStart = output.count
    let bound = ZSTD_compressBound(content.count)
    output.append(contentsOf: repeatElement(0, count: bound))
    let written = reference.withUnsafeBytes { prefix in
      if chained {
        // Used for this one frame only; zstd keeps the pointer, which stays valid until then.
        let status = ZSTD_CCtx_refPrefix(context, prefix.baseAddress, prefix.count)
        precondition(ZSTD_isError(status) == 0, "BUG: zstd refused a prefix: \(String(cString: ZSTD_getErrorName(status)))")
      }
      return content.withUnsafeBytes { source in
        output.withUnsafeMutableBytes { destination in
          ZSTD_compress2(context, destination.baseAddress! + frameStart, bound, source.baseAddress, source.count)
        }
      }
    }
    // Only a bad parameter or too small a destination make it fail; neither can happen here.
    precondition(ZSTD_isError(written) == 0, "BUG: zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
    output.removeLast(bound - written)
    guard output.count - start < run.count else {
      // Incompressible: the records as they are are smaller.
      output.removeLast(output.count - start)
      appendPlain(run)
      return
    }
    WALRecord.seal(&output, recordAt: start)
    if chains {
      reference.removeAll(keepingCapacity: true)
      reference.append(contentsOf: run)
      referenceCRC = CRC32C.checksum(run)
      swap(&predictions, &nextPredictions)
    }
  }

  /// Fills `content` with `run`, its samples records rewritten as predicted-samples records
  /// coded against `predictions` (or left as they are if that would pass the group size cap).
  /// Also fills `nextPredictions` with the run's last value of each series.
  private func predict(_ run: UnsafeRawBufferPointer) {
    content.removeAll(keepingCapacity: true)
    nextPredictions.removeAll()
    var offset = 0
    while offset < run.count {
      let end = offset + WALRecord.headerSize + Int(run.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
      let record = UnsafeRawBufferPointer(rebasing: run[offset..<end])
      samples.removeAll(keepingCapacity: true)
      if record[8] == WALRecordType.samples.rawValue,
        (try? WALRecord.decodeSamples(UnsafeRawBufferPointer(rebasing: record[WALRecord.headerSize...]), into: &samples)) != nil,
        !samples.isEmpty
      {
        predictions.appendRecord(samples, to: &content, learningInto: &nextPredictions)
      } else {
        content.append(contentsOf: record)
      }
      offset = end
    }
    if content.count > WALRecord.maxCompressedGroupBytes {
      content.removeAll(keepingCapacity: true)
      content.append(contentsOf: run)
    }
  }

  /// A plain record breaks the chain: the next compressed record's predecessor is not compressed.
  private func appendPlain(_ run: UnsafeRawBufferPointer) {
    output.append(contentsOf: run)
    forgetReference()
  }
}
