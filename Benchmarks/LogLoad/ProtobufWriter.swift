// The few protobuf wire-format pieces a Loki PushRequest needs (varints, length-delimited fields),
// written straight into one byte array. Lengths are computed before a message is written, so no
// message is built twice.
enum ProtobufWriter {
  static func varintSize(_ value: UInt64) -> Int {
    var size = 1
    var rest = value >> 7
    while rest != 0 {
      size += 1
      rest >>= 7
    }
    return size
  }

  static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
    var rest = value
    while rest >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    out.append(UInt8(rest))
  }

  /// Tag byte of a field number below 16 with its wire type (0 varint, 2 length-delimited).
  static func tag(_ field: Int, _ wireType: Int) -> UInt8 { UInt8(field << 3 | wireType) }

  /// Size on the wire of a length-delimited field (tag below 16) carrying `length` bytes.
  static func delimitedSize(_ length: Int) -> Int { 1 + varintSize(UInt64(length)) + length }

  static func appendDelimitedHeader(field: Int, length: Int, to out: inout [UInt8]) {
    out.append(tag(field, 2))
    appendVarint(UInt64(length), to: &out)
  }
}
