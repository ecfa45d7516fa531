// Variable-length integers: unsigned LEB128 (7 bits per byte, low groups first, high bit = more)
// and zigzag for signed values, so small magnitudes of either sign take few bytes.

/// Encoding helpers for LEB128 varints. Decoding is `ByteReader.readVarint()` and
/// `BitReader.readVarint()`, which share `accumulate` so both reject the same malformed input.
package enum Varint {
  /// The longest valid encoding of a `UInt64`: ten 7-bit groups cover 70 bits.
  package static let maxLength = 10

  /// Appends `value` as an unsigned LEB128 varint (1 to 10 bytes).
  package static func append(_ value: UInt64, to buffer: inout [UInt8]) {
    var rest = value
    while rest >= 0x80 {
      buffer.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    buffer.append(UInt8(truncatingIfNeeded: rest))
  }

  /// Appends `value` zigzag-mapped, then as an unsigned varint: -1 takes one byte, not ten.
  package static func appendZigZag(_ value: Int64, to buffer: inout [UInt8]) {
    append(zigzag(value), to: &buffer)
  }

  /// How many bytes `append(_:to:)` writes for `value`.
  package static func encodedLength(_ value: UInt64) -> Int {
    // 64 significant bits need ceil(64 / 7) = 10 groups; zero still takes one byte.
    let bits = 64 - (value | 1).leadingZeroBitCount
    return (bits + 6) / 7
  }

  /// Maps signed to unsigned so small magnitudes stay small: 0→0, -1→1, 1→2, -2→3, …
  package static func zigzag(_ value: Int64) -> UInt64 {
    UInt64(bitPattern: (value << 1) ^ (value >> 63))
  }

  /// The inverse of `zigzag(_:)`; total, so any `UInt64` maps back to some `Int64`.
  package static func unzigzag(_ value: UInt64) -> Int64 {
    Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
  }

  /// What one more byte did to a varint being decoded.
  enum Step: Sendable {
    /// The varint continues in the next byte.
    case more
    /// This byte ended the varint.
    case done
    /// The encoding is longer than 10 bytes or sets bits beyond 64.
    case overflow
  }

  /// Folds the `index`-th byte (0-based) of a varint into `value`.
  ///
  /// The tenth byte may only carry the 64th bit (value 0 or 1, no continuation), so every
  /// accepted encoding fits a `UInt64` and decoding stops after at most 10 bytes.
  static func accumulate(_ byte: UInt8, index: Int, into value: inout UInt64) -> Step {
    if index == maxLength - 1 && byte > 1 { return .overflow }
    value |= UInt64(byte & 0x7F) << UInt64(7 * index)
    return byte < 0x80 ? .done : .more
  }
}
