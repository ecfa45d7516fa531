// Reads bit fields written by `BitWriter` back out of borrowed bytes. Every read is bounds-checked
// against the end of the buffer and fails with `CodecError.truncated` instead of reading past it.

/// A bit-granular cursor over an `UnsafeRawBufferPointer`, most significant bit first.
///
/// Does not own the memory: use it inside the scope that produced the pointer. A value type;
/// copying it forks the cursor.
package struct BitReader {
  /// The bytes being read.
  package let bytes: UnsafeRawBufferPointer
  /// Total bits in the input.
  package let bitCount: Int
  /// Bits consumed from the start of `bytes`.
  package private(set) var bitOffset: Int

  /// - Parameters:
  ///   - bytes: the input; must outlive the reader.
  ///   - bitOffset: where to start, in bits from the start of `bytes`.
  package init(_ bytes: UnsafeRawBufferPointer, bitOffset: Int = 0) {
    self.bytes = bytes
    bitCount = bytes.count &* 8
    self.bitOffset = min(max(bitOffset, 0), bitCount)
  }

  /// Bits not yet read.
  package var remainingBits: Int { bitCount &- bitOffset }

  // MARK: - Reading

  /// Reads one bit.
  /// - Throws: `CodecError.truncated` at the end of the input.
  @inline(__always)
  package mutating func readBit() throws(CodecError) -> Bool {
    guard bitOffset < bitCount else { throw truncated(need: 1) }
    let byte = bytes[bitOffset &>> 3]
    let bit = byte &<< UInt8(truncatingIfNeeded: bitOffset & 7) & 0x80 != 0
    bitOffset &+= 1
    return bit
  }

  /// Reads a `count`-bit field, most significant bit first, into the low bits of the result.
  /// - Parameter count: field width, 0 through 64.
  /// - Throws: `CodecError.truncated` if fewer than `count` bits remain (nothing is consumed then).
  @inline(__always)
  package mutating func readBits(_ count: Int) throws(CodecError) -> UInt64 {
    precondition(count >= 0 && count <= 64, "BUG: bit field width \(count) outside 0...64")
    guard count <= remainingBits else { throw truncated(need: count) }
    if count == 0 { return 0 }
    let field = peek() &>> UInt64(64 &- count)
    bitOffset &+= count
    return field
  }

  /// The next 64 bits, left-aligned, without consuming them; bits past the end read as zero.
  /// Pair with `skip(_:)`, which checks that the bits used really exist.
  @inline(__always)
  package func peek() -> UInt64 {
    let byteIndex = bitOffset &>> 3
    let shift = UInt64(truncatingIfNeeded: bitOffset & 7)
    guard byteIndex &+ 9 <= bytes.count else { return tailWindow(byteIndex: byteIndex, shift: shift) }
    // Eight bytes shifted left, topped up from a ninth.
    let window = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: byteIndex, as: UInt64.self))
    let ninth = UInt64(bytes[byteIndex &+ 8])
    return shift == 0 ? window : window &<< shift | ninth &>> (8 &- shift)
  }

  /// Consumes `count` bits already examined with `peek()`.
  /// - Throws: `CodecError.truncated` if fewer than `count` bits remain (nothing is consumed then).
  @inline(__always)
  package mutating func skip(_ count: Int) throws(CodecError) {
    guard count >= 0, count <= remainingBits else { throw truncated(need: count) }
    bitOffset &+= count
  }

  /// Reads an unsigned LEB128 varint stored as 8-bit groups at the current bit position.
  /// - Throws: `truncated` if the input ends inside it, `overflow` past 10 bytes or 64 bits.
  package mutating func readVarint() throws(CodecError) -> UInt64 {
    let start = bitOffset
    var value: UInt64 = 0
    for index in 0..<Varint.maxLength {
      let byte = UInt8(truncatingIfNeeded: try readBits(8))
      let step = Varint.accumulate(byte, index: index, into: &value)
      if step == .done { return value }
      if step == .overflow { break }
    }
    throw .overflow("bit stream", "varint at bit \(start) is longer than 10 bytes or exceeds 64 bits")
  }

  // MARK: - Slow paths

  /// The window within 9 bytes of the end of the input, zero-filled past it.
  @inline(never)
  private func tailWindow(byteIndex: Int, shift: UInt64) -> UInt64 {
    let count = bytes.count
    guard count >= 8 else {
      // Tiny input: assemble byte by byte.
      var window: UInt64 = 0
      for index in byteIndex..<byteIndex + 8 {
        window = window &<< 8 | (index < count ? UInt64(bytes[index]) : 0)
      }
      return window &<< shift
    }
    // The last eight bytes, moved up so that `byteIndex` comes first; zeros shift in behind.
    let skipped = byteIndex - (count - 8)
    guard skipped < 8 else { return 0 }
    let last = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
    return (last &<< UInt64(8 * skipped)) &<< shift
  }

  // Kept out of line so the hot readers stay small enough to inline.
  @inline(never)
  private func truncated(need: Int) -> CodecError {
    .truncated("bit stream", "truncated at bit \(bitOffset) of \(bitCount): need \(need) more")
  }
}
