// Appends samples to one XOR chunk: delta-of-delta timestamps in bucketed bit fields and
// Gorilla XOR values. The bytes are complete after every append, so a head chunk can be read
// while it is still growing. Format: docs/format/metrics-chunk.md.

/// Builds one XOR-encoded chunk of `(timestamp, value)` samples, append-only.
///
/// Any `Int64` timestamps are accepted in any order (non-decreasing ones encode most compactly);
/// any `Double` is stored bit-exactly, NaN payloads and the staleness marker included.
/// `bytes` decodes, at every moment, to exactly the samples appended so far.
///
/// Appending allocates only when the byte array grows past its reserved capacity.
/// A value type; not thread-safe: the owner (a head series, under its lock) serialises appends
/// and hands `bytes` (copy-on-write) to readers.
package struct XORChunkEncoder: Sendable {
  // Every head series holds one of these, so its fields are laid out small: the narrow ones
  // right after the writer's, where they share its 8-byte slot.
  private var writer: BitWriter
  /// Samples appended so far (the format's count field is two bytes).
  private var storedCount: UInt16 = 0
  /// The current value window; `hasWindow` is false until the first non-zero XOR sets one.
  private var leading: UInt8 = 0
  private var trailing: UInt8 = 0
  private var hasWindow = false

  /// Samples appended so far.
  package var count: Int { Int(storedCount) }
  /// Timestamp of the first sample; 0 while the chunk is empty.
  package private(set) var firstTimestampMs: Int64 = 0
  /// Timestamp of the most recent sample; 0 while the chunk is empty.
  package private(set) var lastTimestampMs: Int64 = 0
  /// Smallest timestamp appended (differs from the first only after out-of-order appends).
  package private(set) var minTimestampMs: Int64 = 0
  /// Largest timestamp appended.
  package private(set) var maxTimestampMs: Int64 = 0

  private var lastDelta: Int64 = 0
  private var lastValueBits: UInt64 = 0

  /// Starts an empty chunk.
  /// - Parameter capacity: bytes to reserve. The default holds 120 samples of a flat series or a
  ///   counter (0.4–2.5 bytes per sample); busier series grow the array by doubling, once or
  ///   twice per chunk. It is a per-series cost in the head, so keep it modest.
  package init(reservingCapacity capacity: Int = 256) {
    writer = BitWriter(reservingCapacity: capacity)
    writer.writeBits(0, count: 8 * XORChunkFormat.headerSize)  // the count, patched by `append`
  }

  /// The encoded chunk: 2-byte sample count, then the bit stream, zero-padded to a whole byte.
  package var bytes: [UInt8] { writer.bytes }

  /// Size of `bytes`.
  package var byteCount: Int { writer.bytes.count }

  /// True when the chunk holds `XORChunkFormat.maxSampleCount` samples and takes no more.
  package var isFull: Bool { count >= XORChunkFormat.maxSampleCount }

  /// Appends one sample.
  ///
  /// Callers cut a new chunk long before it is full (the store uses about 120 samples);
  /// appending to a full chunk is a programming error and traps.
  /// - Parameters:
  ///   - timestampMs: milliseconds since the epoch; any value, in any order.
  ///   - value: stored bit-exactly.
  package mutating func append(timestampMs: Int64, value: Double) {
    precondition(!isFull, "BUG: appending to a full XOR chunk (\(count) samples)")
    let bits = value.bitPattern
    switch count {
    case 0:
      writer.writeVarint(Varint.zigzag(timestampMs))
      writer.writeBits(bits, count: 64)
      firstTimestampMs = timestampMs
      minTimestampMs = timestampMs
      maxTimestampMs = timestampMs
    case 1:
      let delta = timestampMs &- lastTimestampMs
      writer.writeVarint(Varint.zigzag(delta))
      writeValue(bits)
      lastDelta = delta
    default:
      let delta = timestampMs &- lastTimestampMs
      writeDeltaOfDelta(delta &- lastDelta)
      writeValue(bits)
      lastDelta = delta
    }
    lastTimestampMs = timestampMs
    lastValueBits = bits
    minTimestampMs = min(minTimestampMs, timestampMs)
    maxTimestampMs = max(maxTimestampMs, timestampMs)
    storedCount += 1
    writer.store(storedCount, atByte: 0)
  }

  // MARK: - Bit fields

  private mutating func writeDeltaOfDelta(_ dod: Int64) {
    let field = UInt64(bitPattern: dod)
    if dod == 0 {
      writer.writeBit(false)
    } else if XORChunkFormat.fits(dod, width: XORChunkFormat.dodWidth1) {
      writeBucket(prefix: 0b10, prefixLength: 2, field, width: XORChunkFormat.dodWidth1)
    } else if XORChunkFormat.fits(dod, width: XORChunkFormat.dodWidth2) {
      writeBucket(prefix: 0b110, prefixLength: 3, field, width: XORChunkFormat.dodWidth2)
    } else if XORChunkFormat.fits(dod, width: XORChunkFormat.dodWidth3) {
      writeBucket(prefix: 0b1110, prefixLength: 4, field, width: XORChunkFormat.dodWidth3)
    } else if XORChunkFormat.fits(dod, width: XORChunkFormat.dodWidth4) {
      writeBucket(prefix: 0b11110, prefixLength: 5, field, width: XORChunkFormat.dodWidth4)
    } else {
      writer.writeBits(0b11111, count: 5)
      writer.writeBits(field, count: 64)
    }
  }

  /// Writes prefix and payload as one field (at most 5 + 32 bits).
  private mutating func writeBucket(prefix: UInt64, prefixLength: Int, _ field: UInt64, width: Int) {
    let payload = field & ((1 &<< UInt64(width)) &- 1)
    writer.writeBits(prefix &<< UInt64(width) | payload, count: prefixLength + width)
  }

  /// `0` for an unchanged value; `10` + bits inside the current window; `11` + new window.
  private mutating func writeValue(_ bits: UInt64) {
    let xor = bits ^ lastValueBits
    if xor == 0 {
      writer.writeBit(false)
      return
    }
    let newLeading = min(xor.leadingZeroBitCount, XORChunkFormat.maxLeading)
    let newTrailing = xor.trailingZeroBitCount
    let newSignificant = 64 - newLeading - newTrailing
    let leading = Int(leading)
    let trailing = Int(trailing)
    let oldSignificant = 64 - leading - trailing
    // Reuse the window when the XOR fits inside it, unless a fresh window (11 bits of header)
    // would be shorter: that keeps one outlier from bloating every later sample.
    if hasWindow, newLeading >= leading, newTrailing >= trailing,
      oldSignificant <= newSignificant + XORChunkFormat.leadingBits + XORChunkFormat.significantBits
    {
      writeControlled(0b10, xor &>> UInt64(trailing), count: oldSignificant)
      return
    }
    self.leading = UInt8(newLeading)
    self.trailing = UInt8(newTrailing)
    hasWindow = true
    // Header: `11`, 5-bit leading count, 6-bit significant count (64 stored as 0).
    let header = 0b11 &<< 11 | UInt64(newLeading) &<< 6 | UInt64(newSignificant & 63)
    writeControlled(header, xor &>> UInt64(newTrailing), count: newSignificant, controlCount: 13)
  }

  /// Writes a control field and the `count` bits of `payload` after it, in one call when they
  /// fit 64 bits together.
  private mutating func writeControlled(_ control: UInt64, _ payload: UInt64, count: Int, controlCount: Int = 2) {
    if controlCount + count <= 64 {
      writer.writeBits(control &<< UInt64(count) | payload, count: controlCount + count)
    } else {
      writer.writeBits(control, count: controlCount)
      writer.writeBits(payload, count: count)
    }
  }
}
