// Appends bit fields, most significant bit first, into a growing `[UInt8]`; the building block
// of the XOR chunk. Every bit written is immediately in `bytes` (the last byte zero-padded).

/// A bit-granular appender over an owned byte array.
///
/// Bits fill each byte from its high end, so a field that crosses a byte boundary reads left to
/// right in a hex dump. `bytes` is always complete up to `bitCount`; unused low bits of the last
/// byte are zero. A value type: not thread-safe; copy `bytes` (copy-on-write) to hand it off.
package struct BitWriter: Sendable {
  /// The bytes written so far, the last one zero-padded.
  package private(set) var bytes: [UInt8]
  /// Unused low bits in the last byte: 0 when it is full (or there is no byte yet). One byte, so
  /// the owner's small fields can share the writer's last 8-byte slot.
  private var storedFreeBits: UInt8 = 0
  private var freeBits: Int {
    get { Int(storedFreeBits) }
    set { storedFreeBits = UInt8(truncatingIfNeeded: newValue) }
  }

  /// Starts writing after `prefix`, which stays byte-aligned in front (a header, say).
  /// - Parameters:
  ///   - prefix: bytes to start with.
  ///   - capacity: bytes to reserve up front, so appends do not reallocate until it is used.
  package init(prefix: [UInt8] = [], reservingCapacity capacity: Int = 0) {
    bytes = prefix
    bytes.reserveCapacity(max(capacity, prefix.count))
  }

  /// Bits written, including the prefix.
  package var bitCount: Int { bytes.count &* 8 &- freeBits }

  /// Appends one bit.
  package mutating func writeBit(_ bit: Bool) {
    if freeBits == 0 {
      bytes.append(0)
      freeBits = 8
    }
    freeBits -= 1
    if bit { bytes[bytes.count - 1] |= 1 << UInt8(freeBits) }
  }

  /// Appends the low `count` bits of `value`, most significant first.
  /// - Parameters:
  ///   - value: the field; bits above `count` are ignored.
  ///   - count: field width, 0 through 64.
  package mutating func writeBits(_ value: UInt64, count: Int) {
    precondition(count >= 0 && count <= 64, "BUG: bit field width \(count) outside 0...64")
    guard count > 0 else { return }
    var remaining = count
    let field = count == 64 ? value : value & ((1 &<< UInt64(count)) &- 1)
    if freeBits > 0 {
      // Top up the partial last byte first.
      let take = min(freeBits, remaining)
      let top = UInt8(truncatingIfNeeded: field &>> UInt64(remaining &- take))
      bytes[bytes.count &- 1] |= top &<< UInt8(freeBits &- take)
      freeBits &-= take
      remaining &-= take
      if remaining == 0 { return }
    }
    // The rest starts on a byte boundary.
    while remaining >= 8 {
      remaining &-= 8
      bytes.append(UInt8(truncatingIfNeeded: field &>> UInt64(remaining)))
    }
    if remaining > 0 {
      bytes.append(UInt8(truncatingIfNeeded: field &<< UInt64(8 &- remaining)))
      freeBits = 8 &- remaining
    }
  }

  /// Appends `value` as an unsigned LEB128 varint, 8 bits per group, at the current bit position.
  package mutating func writeVarint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      writeBits(rest & 0x7F | 0x80, count: 8)
      rest >>= 7
    }
    writeBits(rest, count: 8)
  }

  /// Overwrites two whole bytes at `offset` with a big-endian `value`: for count fields in a
  /// prefix, patched as the body grows. The bytes must already exist.
  package mutating func store(_ value: UInt16, atByte offset: Int) {
    precondition(offset >= 0 && offset + 2 <= bytes.count, "BUG: store at byte \(offset) of \(bytes.count)")
    bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt16.self) }
  }
}
