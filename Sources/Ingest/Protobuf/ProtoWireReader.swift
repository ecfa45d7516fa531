// The protobuf wire format read field by field straight from borrowed bytes, for the decoders on
// hot ingest paths (remote_write). SwiftProtobuf's generated messages build a tree of objects and
// strings per request; these decoders walk the bytes once and fill a SampleBatch instead. The
// generated types stay the reference: the tests encode with them and decode with this.
//
// It keeps its own cursor rather than wrapping Codecs' ByteReader: in this module the optimizer
// inlines every read into the decoders (a remote_write sample is four reads), while calls into
// another module stay calls.
package import Codecs

/// A protobuf field key: field number and wire type.
package struct ProtoField: Equatable {
  package var number: UInt64
  package var wireType: UInt8

  package static let varint: UInt8 = 0
  package static let fixed64: UInt8 = 1
  package static let lengthDelimited: UInt8 = 2
  package static let fixed32: UInt8 = 5
}

/// Reads protobuf fields front to back. Not thread-safe; a value used inside one decode call.
package struct ProtoWireReader {
  private let bytes: UnsafeRawBufferPointer
  package private(set) var offset = 0
  /// Names the input in error messages.
  private let subject: String

  package init(_ bytes: UnsafeRawBufferPointer, subject: String) {
    self.bytes = bytes
    self.subject = subject
  }

  package var isAtEnd: Bool { offset >= bytes.count }
  private var remaining: Int { bytes.count &- offset }

  /// The next field's key.
  /// - Throws: `CodecError` for a truncated key, field number 0, or the deprecated group wire
  ///   types (3, 4) and the undefined ones (6, 7).
  package mutating func readField() throws(CodecError) -> ProtoField {
    let start = offset
    let key = try readVarint()
    let field = ProtoField(number: key >> 3, wireType: UInt8(key & 7))
    guard field.number != 0, field.number <= 0x1FFF_FFFF else {
      throw .corrupt(subject, "field number \(field.number) at byte \(start) is not valid")
    }
    switch field.wireType {
    case ProtoField.varint, ProtoField.fixed64, ProtoField.lengthDelimited, ProtoField.fixed32: return field
    default: throw .corrupt(subject, "field \(field.number) at byte \(start) has unsupported wire type \(field.wireType)")
    }
  }

  /// An unsigned LEB128 varint.
  /// - Throws: `truncated` if the input ends inside it, `overflow` if it is longer than 10 bytes
  ///   or does not fit a `UInt64`.
  @inline(__always)
  package mutating func readVarint() throws(CodecError) -> UInt64 {
    // Most varints here (field keys, lengths) are one byte.
    if offset < bytes.count {
      let byte = bytes[offset]
      if byte < 0x80 {
        offset &+= 1
        return UInt64(byte)
      }
    }
    return try readLongVarint()
  }

  @inline(never)
  private mutating func readLongVarint() throws(CodecError) -> UInt64 {
    var reader = ByteReader(bytes, offset: offset, subject: subject)
    defer { offset = reader.offset }
    return try reader.readVarint()
  }

  /// An `int64` field (two's complement in a varint).
  package mutating func readInt64() throws(CodecError) -> Int64 {
    Int64(bitPattern: try readVarint())
  }

  /// A `double` field (8 bytes little-endian).
  package mutating func readDouble() throws(CodecError) -> Double {
    let bytes = try readBytes(count: 8)
    return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)))
  }

  /// A length-delimited field's bytes (a string, bytes or an embedded message).
  package mutating func readLengthDelimited() throws(CodecError) -> UnsafeRawBufferPointer {
    let length = try readVarint()
    guard length <= UInt64(remaining) else {
      throw .truncated(subject, "a field of \(length) bytes at byte \(offset) runs past the end (\(remaining) left)")
    }
    return try readBytes(count: Int(length))
  }

  @inline(__always)
  private mutating func readBytes(count: Int) throws(CodecError) -> UnsafeRawBufferPointer {
    guard count <= remaining else { throw truncated(need: count) }
    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset &+ count])
    offset &+= count
    return slice
  }

  @inline(never)
  private func truncated(need: Int) -> CodecError {
    .truncated(subject, "truncated at byte \(offset): need \(need), have \(remaining)")
  }

  /// A `string` field, which must be valid UTF-8.
  package mutating func readString() throws(CodecError) -> String {
    let bytes = try readLengthDelimited().assumingMemoryBound(to: UInt8.self)
    guard let text = StringInterner.decode(bytes) else { throw invalidUTF8() }
    return text
  }

  /// A `string` field through `interner`, which hands back an equal String it already made.
  mutating func readString(interning interner: inout StringInterner) throws(CodecError) -> String {
    let bytes = try readLengthDelimited().assumingMemoryBound(to: UInt8.self)
    guard let text = interner.string(bytes) else { throw invalidUTF8() }
    return text
  }

  private func invalidUTF8() -> CodecError {
    .corrupt(subject, "a string ending at byte \(offset) is not valid UTF-8")
  }

  /// Skips the value of a field this decoder does not use.
  package mutating func skip(_ field: ProtoField) throws(CodecError) {
    switch field.wireType {
    case ProtoField.varint: _ = try readVarint()
    case ProtoField.fixed64: _ = try readBytes(count: 8)
    case ProtoField.fixed32: _ = try readBytes(count: 4)
    default: _ = try readLengthDelimited()
    }
  }

  /// Fails unless `field` has the wire type the schema gives it.
  package func expect(_ field: ProtoField, wireType: UInt8, name: String) throws(CodecError) {
    guard field.wireType == wireType else {
      throw .corrupt(subject, "field \(field.number) (\(name)) has wire type \(field.wireType), expected \(wireType)")
    }
  }
}
