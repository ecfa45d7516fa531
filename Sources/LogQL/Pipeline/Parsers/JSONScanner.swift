// A small JSON reader over a line's bytes for the `json` and `unpack` stages: it validates,
// skips and decodes values in place, with a nesting limit, and never builds a document tree.
// Hostile input ends in a `JSONScanError` naming the problem and its byte offset.

import WardenCore

struct JSONScanError: Error {
  var message: String
  var offset: Int

  var details: String { "\(message) at offset \(offset)" }
}

enum JSONValueKind {
  case object, array, string, number, bool, null
}

struct JSONScanner {
  /// Deeper nesting is refused: recursion stays bounded whatever the line holds.
  static let maximumDepth = 64

  let bytes: UnsafeRawBufferPointer
  var position = 0

  init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
  }

  var atEnd: Bool { position >= bytes.count }

  func error(_ message: String) -> JSONScanError { JSONScanError(message: message, offset: position) }

  mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  /// The kind of the value at the cursor (after whitespace), without consuming it.
  mutating func peekKind() throws(JSONScanError) -> JSONValueKind {
    skipWhitespace()
    guard position < bytes.count else { throw error("unexpected end of input") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "\""): return .string
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
    case UInt8(ascii: "n"): return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
    default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[position])))'")
    }
  }

  /// Expects `byte` (after whitespace) and consumes it.
  mutating func expect(_ byte: UInt8) throws(JSONScanError) {
    skipWhitespace()
    guard position < bytes.count, bytes[position] == byte else {
      throw error(position < bytes.count ? "expected '\(Character(Unicode.Scalar(byte)))'" : "unexpected end of input")
    }
    position += 1
  }

  /// After `{` or `[`: consumes the closing byte when it comes next; else a `,` when not first.
  /// Returns false at the end of the container.
  mutating func nextMember(close: UInt8, first: Bool) throws(JSONScanError) -> Bool {
    skipWhitespace()
    guard position < bytes.count else { throw error("unexpected end of input") }
    if bytes[position] == close {
      position += 1
      return false
    }
    if !first { try expect(UInt8(ascii: ",")) }
    return true
  }

  /// Skips any value, validating it. Returns the byte range it spanned.
  @discardableResult
  mutating func skipValue(depth: Int) throws(JSONScanError) -> Range<Int> {
    guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
    let kind = try peekKind()
    let start = position
    switch kind {
    case .object:
      position += 1
      var first = true
      while try nextMember(close: UInt8(ascii: "}"), first: first) {
        first = false
        _ = try stringRange()
        try expect(UInt8(ascii: ":"))
        try skipValue(depth: depth + 1)
      }
    case .array:
      position += 1
      var first = true
      while try nextMember(close: UInt8(ascii: "]"), first: first) {
        first = false
        try skipValue(depth: depth + 1)
      }
    case .string:
      _ = try stringRange()
    case .number:
      try skipNumber()
    case .bool:
      if !consumeWord("true"), !consumeWord("false") { throw error("invalid literal") }
    case .null:
      if !consumeWord("null") { throw error("invalid literal") }
    }
    return start..<position
  }

  private mutating func consumeWord(_ word: StaticString) -> Bool {
    let count = word.utf8CodeUnitCount
    guard bytes.count - position >= count else { return false }
    let matches = word.withUTF8Buffer { wordBytes in
      (0..<count).allSatisfy { bytes[position + $0] == wordBytes[$0] }
    }
    if matches { position += count }
    return matches
  }

  private mutating func skipNumber() throws(JSONScanError) {
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard skipDigits() > 0 else { throw error("invalid number") }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard skipDigits() > 0 else { throw error("invalid number") }
    }
    if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      position += 1
      if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
      guard skipDigits() > 0 else { throw error("invalid number") }
    }
  }

  private mutating func skipDigits() -> Int {
    let start = position
    while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
    return position - start
  }

  /// Consumes a string; returns the range of its raw contents (between the quotes) and whether it
  /// holds escapes that decoding must resolve.
  mutating func stringRange() throws(JSONScanError) -> (range: Range<Int>, escaped: Bool) {
    skipWhitespace()
    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string") }
    position += 1
    let start = position
    var escaped = false
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        return (start..<(position - 1), escaped)
      }
      if byte == UInt8(ascii: "\\") {
        escaped = true
        position += 2
        continue
      }
      position += 1
    }
    throw error("unterminated string")
  }

  /// The decoded text of a string's raw contents, into `scratch` (cleared first).
  func decodeString(_ range: Range<Int>, escaped: Bool, into scratch: inout [UInt8]) {
    scratch.removeAll(keepingCapacity: true)
    guard escaped else {
      scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
      return
    }
    JSONUnescape.append(bytes, range, to: &scratch)
  }

  /// Whether only whitespace follows.
  mutating func expectEnd() throws(JSONScanError) {
    skipWhitespace()
    if position < bytes.count { throw error("unexpected data after the JSON value") }
  }
}
