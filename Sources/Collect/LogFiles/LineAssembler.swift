// Turns the bytes read from one file into log records: splits at LF (dropping a CR before it),
// keeps a last line without its newline until more bytes come (or a flush), truncates over-long
// lines, and with `multiline:` joins continuation lines onto the record their start line began.
// It also knows the file offset up to which every byte is in an emitted record, which is the
// only offset that may be saved as the file's position.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WardenCore

struct LineAssembler {
  /// Multi-line joining with its limits resolved.
  struct Joining {
    var start: LineStartPattern
    var maxLines: Int
    var maxBytes: Int
  }

  /// What the assembler has seen, for the tailer's counters.
  struct Counts {
    /// Physical lines (split at LF, or flushed without one).
    var lines = 0
    /// Lines cut to `maxLineBytes`, and multi-line records cut to their byte cap.
    var truncated = 0
  }

  let maxLineBytes: Int
  let joining: Joining?
  private(set) var counts = Counts()

  // The last line, still without its newline: its first `maxLineBytes` bytes, its real length,
  // its last byte (to drop a CR even when the kept bytes stop short), and where it started.
  private var partial: [UInt8] = []
  private var partialLength = 0
  private var partialLastByte: UInt8 = 0
  private var partialStart: Int64 = 0

  // The multi-line record being built.
  private var record: [UInt8] = []
  private var recordLines = 0
  private var recordStart: Int64 = 0
  private var recordTimestampNs: Int64 = 0

  init(maxLineBytes: Int, joining: Joining?) {
    self.maxLineBytes = max(1, maxLineBytes)
    self.joining = joining
  }

  /// Whether bytes are held back (a line without newline, or an unfinished multi-line record).
  var hasPending: Bool { partialLength > 0 || recordLines > 0 }

  /// The offset of the first byte not yet in an emitted record, given that everything up to
  /// `readOffset` has been consumed.
  func committableOffset(readOffset: Int64) -> Int64 {
    if recordLines > 0 { return recordStart }
    if partialLength > 0 { return partialStart }
    return readOffset
  }

  /// Consumes `bytes`, which start at file offset `offset`, appending finished records to `batch`.
  mutating func consume(
    _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int64, timestampNs: Int64, into batch: inout LogBatch, stream: Int32
  ) {
    guard let base = bytes.baseAddress else { return }
    var position = 0
    while position < bytes.count {
      guard let hit = memchr(base + position, 0x0A, bytes.count - position) else {
        appendPartial(UnsafeBufferPointer(start: base + position, count: bytes.count - position), start: offset + Int64(position))
        return
      }
      let newline = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
      let segment = UnsafeBufferPointer(start: base + position, count: newline - position)
      if partialLength > 0 {
        appendPartial(segment, start: offset + Int64(position))
        finishPartial(timestampNs: timestampNs, into: &batch, stream: stream)
      } else {
        finishLine(
          kept: segment, length: segment.count, lastByte: segment.last, start: offset + Int64(position),
          timestampNs: timestampNs, into: &batch, stream: stream)
      }
      position = newline + 1
    }
  }

  /// Emits everything held back: the last line as if its newline had come, then the record.
  /// For a timeout, a rotation, a truncation or a file that went away.
  mutating func flush(timestampNs: Int64, into batch: inout LogBatch, stream: Int32) {
    if partialLength > 0 { finishPartial(timestampNs: timestampNs, into: &batch, stream: stream) }
    if recordLines > 0 { emitRecord(into: &batch, stream: stream) }
  }

  /// Forgets everything held back (the file is read again from an earlier offset).
  mutating func reset() {
    partial.removeAll(keepingCapacity: true)
    partialLength = 0
    record.removeAll(keepingCapacity: true)
    recordLines = 0
  }

  private mutating func appendPartial(_ bytes: UnsafeBufferPointer<UInt8>, start: Int64) {
    guard let last = bytes.last else { return }
    if partialLength == 0 { partialStart = start }
    let room = maxLineBytes - partial.count
    if room > 0 { partial.append(contentsOf: UnsafeBufferPointer(rebasing: bytes.prefix(room))) }
    partialLength += bytes.count
    partialLastByte = last
  }

  private mutating func finishPartial(timestampNs: Int64, into batch: inout LogBatch, stream: Int32) {
    // Swapped out (not copied) so that `finishLine` may mutate self while reading the bytes;
    // swapped back emptied, so the buffer's capacity is reused for the next partial line.
    var kept: [UInt8] = []
    swap(&kept, &partial)
    kept.withUnsafeBufferPointer { kept in
      finishLine(
        kept: kept, length: partialLength, lastByte: partialLastByte, start: partialStart, timestampNs: timestampNs,
        into: &batch, stream: stream)
    }
    kept.removeAll(keepingCapacity: true)
    partial = kept
    partialLength = 0
  }

  /// One physical line of `length` bytes (without its LF) whose first bytes are `kept`.
  private mutating func finishLine(
    kept: UnsafeBufferPointer<UInt8>, length: Int, lastByte: UInt8?, start: Int64, timestampNs: Int64,
    into batch: inout LogBatch, stream: Int32
  ) {
    let contentLength = lastByte == 0x0D ? length - 1 : length
    let line = UnsafeBufferPointer(rebasing: kept.prefix(min(contentLength, maxLineBytes)))
    counts.lines += 1
    if contentLength > maxLineBytes { counts.truncated += 1 }
    guard let joining else {
      batch.append(stream: stream, timestampNs: timestampNs, line: line)
      return
    }
    if recordLines > 0 {
      let fits = recordLines < joining.maxLines && record.count + 1 + line.count <= joining.maxBytes
      if fits && !joining.start.matches(line) {
        record.append(0x0A)
        record.append(contentsOf: line)
        recordLines += 1
        return
      }
      emitRecord(into: &batch, stream: stream)
    }
    if line.count > joining.maxBytes { counts.truncated += 1 }
    record.append(contentsOf: UnsafeBufferPointer(rebasing: line.prefix(joining.maxBytes)))
    recordLines = 1
    recordStart = start
    recordTimestampNs = timestampNs
  }

  private mutating func emitRecord(into batch: inout LogBatch, stream: Int32) {
    batch.append(stream: stream, timestampNs: recordTimestampNs, line: record)
    record.removeAll(keepingCapacity: true)
    recordLines = 0
  }
}
