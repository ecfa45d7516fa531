// A bounds-checked cursor over borrowed bytes: varints and big-endian integers with typed
// errors that say where the input ended or went wrong. Never reads outside the buffer.

/// Reads values front to back from an `UnsafeRawBufferPointer`.
///
/// The reader does not own the memory: use it inside the `withUnsafeBytes` (or mmap) scope
/// that produced the pointer, and do not let it escape. Not thread-safe; it is a value, so
/// each task uses its own copy.
package struct ByteReader {
  /// The bytes being read.
  package let bytes: UnsafeRawBufferPointer
  /// Index of the next byte to read, from the start of `bytes`.
  package private(set) var offset: Int
  /// Names the input in error messages ("varint", "WAL record", …).
  package var subject: String

  /// - Parameters:
  ///   - bytes: the input; must outlive the reader.
  ///   - offset: where to start reading.
  ///   - subject: what the bytes hold, for error messages.
  package init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0, subject: String = "bytes") {
    self.bytes = bytes
    self.offset = min(max(offset, 0), bytes.count)
    self.subject = subject
  }

  /// Bytes left to read.
  package var remaining: Int { bytes.count - offset }

  /// True when every byte has been read.
  package var isAtEnd: Bool { offset >= bytes.count }

  /// Reads one byte.
  /// - Throws: `CodecError.truncated` at the end of the input.
  package mutating func readByte() throws(CodecError) -> UInt8 {
    guard offset < bytes.count else { throw truncated(need: 1) }
    let byte = bytes[offset]
    offset += 1
    return byte
  }

  /// Reads an unsigned LEB128 varint.
  /// - Throws: `truncated` if the input ends inside it, `overflow` if it is longer than 10 bytes
  ///   or does not fit a `UInt64`.
  package mutating func readVarint() throws(CodecError) -> UInt64 {
    let start = offset
    var value: UInt64 = 0
    for index in 0..<Varint.maxLength {
      guard offset < bytes.count else {
        throw .truncated(subject, "varint starting at byte \(start) truncated at byte \(offset)")
      }
      let byte = bytes[offset]
      offset += 1
      let step = Varint.accumulate(byte, index: index, into: &value)
      if step == .done { return value }
      if step == .overflow { break }
    }
    throw .overflow(subject, "varint at byte \(start) is longer than 10 bytes or exceeds 64 bits")
  }

  /// Reads a zigzag-encoded signed varint.
  /// - Throws: as `readVarint()`.
  package mutating func readZigZagVarint() throws(CodecError) -> Int64 {
    Varint.unzigzag(try readVarint())
  }

  /// Reads a big-endian `UInt16`.
  /// - Throws: `CodecError.truncated` if fewer than 2 bytes remain.
  package mutating func readUInt16BE() throws(CodecError) -> UInt16 {
    UInt16(truncatingIfNeeded: try readBigEndian(byteCount: 2))
  }

  /// Reads a big-endian `UInt32`.
  /// - Throws: `CodecError.truncated` if fewer than 4 bytes remain.
  package mutating func readUInt32BE() throws(CodecError) -> UInt32 {
    UInt32(truncatingIfNeeded: try readBigEndian(byteCount: 4))
  }

  /// Reads a big-endian `UInt64`.
  /// - Throws: `CodecError.truncated` if fewer than 8 bytes remain.
  package mutating func readUInt64BE() throws(CodecError) -> UInt64 {
    try readBigEndian(byteCount: 8)
  }

  /// Returns the next `count` bytes as a view into the same memory and moves past them.
  /// - Throws: `CodecError.truncated` if fewer than `count` bytes remain, `corrupt` if `count` is negative.
  package mutating func readBytes(count: Int) throws(CodecError) -> UnsafeRawBufferPointer {
    guard count >= 0 else { throw .corrupt(subject, "negative length \(count) at byte \(offset)") }
    guard count <= remaining else { throw truncated(need: count) }
    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    offset += count
    return slice
  }

  private mutating func readBigEndian(byteCount: Int) throws(CodecError) -> UInt64 {
    guard byteCount <= remaining else { throw truncated(need: byteCount) }
    var value: UInt64 = 0
    for index in offset..<offset + byteCount {
      value = value << 8 | UInt64(bytes[index])
    }
    offset += byteCount
    return value
  }

  // Kept out of line so the hot readers stay small enough to inline.
  @inline(never)
  private func truncated(need: Int) -> CodecError {
    .truncated(subject, "truncated at byte \(offset): need \(need), have \(remaining)")
  }
}
