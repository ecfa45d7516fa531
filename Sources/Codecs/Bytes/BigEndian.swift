// Fixed-width big-endian integers, the byte order of every fixed-width field in Warden's formats
// (so hex dumps read naturally and match the diagrams in docs/format/).

/// Appends fixed-width integers most significant byte first. Reading is `ByteReader.readUInt16BE()` and friends.
package enum BigEndian {
  /// Appends the 2 bytes of `value`, high byte first.
  package static func append(_ value: UInt16, to buffer: inout [UInt8]) {
    buffer.append(UInt8(truncatingIfNeeded: value >> 8))
    buffer.append(UInt8(truncatingIfNeeded: value))
  }

  /// Appends the 4 bytes of `value`, high byte first.
  package static func append(_ value: UInt32, to buffer: inout [UInt8]) {
    var shift: UInt32 = 32
    while shift > 0 {
      shift -= 8
      buffer.append(UInt8(truncatingIfNeeded: value >> shift))
    }
  }

  /// Appends the 8 bytes of `value`, high byte first.
  package static func append(_ value: UInt64, to buffer: inout [UInt8]) {
    var shift: UInt64 = 64
    while shift > 0 {
      shift -= 8
      buffer.append(UInt8(truncatingIfNeeded: value >> shift))
    }
  }

  /// Overwrites `buffer[offset]` and `buffer[offset + 1]` with `value`, for length or count
  /// fields patched after the body is written. The range must already exist.
  package static func store(_ value: UInt16, into buffer: inout [UInt8], at offset: Int) {
    buffer[offset] = UInt8(truncatingIfNeeded: value >> 8)
    buffer[offset + 1] = UInt8(truncatingIfNeeded: value)
  }

  /// Overwrites the 4 bytes at `offset` with `value`. The range must already exist.
  package static func store(_ value: UInt32, into buffer: inout [UInt8], at offset: Int) {
    for index in 0..<4 {
      buffer[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * index))
    }
  }
}
