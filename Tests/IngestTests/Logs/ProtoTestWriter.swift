// A tiny protobuf encoder for building test bodies of messages we have no generated types for
// (Loki's PushRequest, OTLP logs): fields appended by number, nested messages built by closures.

struct ProtoTestWriter {
  private(set) var bytes: [UInt8] = []

  mutating func varint(_ number: Int, _ value: UInt64) {
    key(number, 0)
    appendVarint(value)
  }

  mutating func int64(_ number: Int, _ value: Int64) {
    varint(number, UInt64(bitPattern: value))
  }

  mutating func fixed64(_ number: Int, _ value: UInt64) {
    key(number, 1)
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func fixed32(_ number: Int, _ value: UInt32) {
    key(number, 5)
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func double(_ number: Int, _ value: Double) {
    fixed64(number, value.bitPattern)
  }

  mutating func bytes(_ number: Int, _ value: [UInt8]) {
    key(number, 2)
    appendVarint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  mutating func string(_ number: Int, _ value: String) {
    bytes(number, Array(value.utf8))
  }

  mutating func message(_ number: Int, _ build: (inout ProtoTestWriter) -> Void) {
    var inner = ProtoTestWriter()
    build(&inner)
    bytes(number, inner.bytes)
  }

  private mutating func key(_ number: Int, _ wireType: UInt64) {
    appendVarint(UInt64(number) << 3 | wireType)
  }

  private mutating func appendVarint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  static func build(_ body: (inout ProtoTestWriter) -> Void) -> [UInt8] {
    var writer = ProtoTestWriter()
    body(&writer)
    return writer.bytes
  }
}

/// A mutation of `seed` for fuzz tests: flipped, dropped, inserted or duplicated bytes, or a cut.
func mutateBytes(_ seed: [UInt8], using generator: inout some RandomNumberGenerator) -> [UInt8] {
  var bytes = seed
  let edits = Int.random(in: 1...4, using: &generator)
  for _ in 0..<edits where !bytes.isEmpty {
    let index = Int.random(in: 0..<bytes.count, using: &generator)
    switch Int.random(in: 0..<6, using: &generator) {
    case 0: bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
    case 1: bytes[index] = UInt8.random(in: 0...255, using: &generator)
    case 2: bytes.remove(at: index)
    case 3: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
    case 4: bytes.removeSubrange(index...)
    default:
      let end = min(bytes.count, index + Int.random(in: 1...16, using: &generator))
      bytes.insert(contentsOf: bytes[index..<end], at: index)
    }
  }
  return bytes
}
