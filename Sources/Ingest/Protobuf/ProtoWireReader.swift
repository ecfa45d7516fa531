// The protobuf wire format read field by field straight from borrowed bytes, for the decoders on
// hot ingest paths (remote_write). SwiftProtobuf's generated messages build a tree of objects and
// strings per request; these decoders walk the bytes once and fill a SampleBatch instead. The
// generated types stay the reference: the tests encode with them and decode with this.
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
  private var reader: ByteReader

  package init(_ bytes: UnsafeRawBufferPointer, subject: String) {
    reader = ByteReader(bytes, subject: subject)
  }

  package var isAtEnd: Bool { reader.isAtEnd }
  package var offset: Int { reader.offset }

  /// The next field's key.
  /// - Throws: `CodecError` for a truncated key, field number 0, or the deprecated group wire
  ///   types (3, 4) and the undefined ones (6, 7).
  package mutating func readField() throws(CodecError) -> ProtoField {
    let start = reader.offset
    let key = try reader.readVarint()
    let field = ProtoField(number: key >> 3, wireType: UInt8(key & 7))
    guard field.number != 0, field.number <= 0x1FFF_FFFF else {
      throw .corrupt(reader.subject, "field number \(field.number) at byte \(start) is not valid")
    }
    switch field.wireType {
    case ProtoField.varint, ProtoField.fixed64, ProtoField.lengthDelimited, ProtoField.fixed32: return field
    default: throw .corrupt(reader.subject, "field \(field.number) at byte \(start) has unsupported wire type \(field.wireType)")
    }
  }

  package mutating func readVarint() throws(CodecError) -> UInt64 {
    try reader.readVarint()
  }

  /// An `int64` field (two's complement in a varint).
  package mutating func readInt64() throws(CodecError) -> Int64 {
    Int64(bitPattern: try reader.readVarint())
  }

  /// A `double` field (8 bytes little-endian).
  package mutating func readDouble() throws(CodecError) -> Double {
    let bytes = try reader.readBytes(count: 8)
    return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)))
  }

  /// A length-delimited field's bytes (a string, bytes or an embedded message).
  package mutating func readLengthDelimited() throws(CodecError) -> UnsafeRawBufferPointer {
    let length = try reader.readVarint()
    guard length <= UInt64(reader.remaining) else {
      throw .truncated(reader.subject, "a field of \(length) bytes at byte \(reader.offset) runs past the end (\(reader.remaining) left)")
    }
    return try reader.readBytes(count: Int(length))
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
    .corrupt(reader.subject, "a string ending at byte \(reader.offset) is not valid UTF-8")
  }

  /// Skips the value of a field this decoder does not use.
  package mutating func skip(_ field: ProtoField) throws(CodecError) {
    switch field.wireType {
    case ProtoField.varint: _ = try reader.readVarint()
    case ProtoField.fixed64: _ = try reader.readBytes(count: 8)
    case ProtoField.fixed32: _ = try reader.readBytes(count: 4)
    default: _ = try readLengthDelimited()
    }
  }

  /// Fails unless `field` has the wire type the schema gives it.
  package func expect(_ field: ProtoField, wireType: UInt8, name: String) throws(CodecError) {
    guard field.wireType == wireType else {
      throw .corrupt(reader.subject, "field \(field.number) (\(name)) has wire type \(field.wireType), expected \(wireType)")
    }
  }
}
