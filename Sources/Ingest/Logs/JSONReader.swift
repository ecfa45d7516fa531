// A pull reader over JSON bytes for the log push decoders (Loki push JSON, OTLP/JSON logs,
// NDJSON). Foundation's JSONDecoder builds a tree of objects and Strings and runs far below the
// 50 MB/s a log receiver needs; this walks borrowed bytes once, hands out strings as byte ranges
// of the input (unescaped only when they contain escapes), and makes a String only when a caller
// asks for one. Strict RFC 8259 syntax; nesting depth bounded. Not thread-safe: one per decode.

import WardenCore

/// A JSON syntax error and the byte offset where it was found.
struct JSONReadError: Error, Sendable {
  var message: String
  var offset: Int

  /// "expected ':' at byte 57".
  var description: String { "\(message) at byte \(offset)" }
}

/// A string value or key: where its raw (still escaped) content lies in the input.
struct JSONStringToken {
  var start: Int
  var end: Int
  /// Whether the content has backslash escapes (and so is not the value's bytes as they are).
  var hasEscapes: Bool

  var rawCount: Int { end - start }
}

/// The kind of the next value.
enum JSONValueKind: Equatable {
  case object, array, string, number, bool, null
}

struct JSONReader {
  private let bytes: UnsafeRawBufferPointer
  private(set) var offset = 0
  private var depth = 0
  private let maxDepth: Int
  /// True right after `[` or `{`, so the first element needs no comma.
  private var atContainerStart = false

  init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  var count: Int { bytes.count }

  /// Moves back (or forward) to a value start recorded earlier, to read that value again.
  mutating func seek(to offset: Int) {
    self.offset = offset
  }

  // MARK: - Structure

  /// The kind of the next value, after skipping whitespace.
  mutating func peekKind() throws(JSONReadError) -> JSONValueKind {
    skipWhitespace()
    guard offset < bytes.count else { throw error("unexpected end of input, expected a value") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): return .object
    case UInt8(ascii: "["): return .array
    case UInt8(ascii: "\""): return .string
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
    case UInt8(ascii: "n"): return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
    default: throw error("unexpected \(describe(bytes[offset])), expected a value")
    }
  }

  mutating func beginObject() throws(JSONReadError) {
    try open(UInt8(ascii: "{"), "an object")
  }

  mutating func beginArray() throws(JSONReadError) {
    try open(UInt8(ascii: "["), "an array")
  }

  private mutating func open(_ bracket: UInt8, _ what: String) throws(JSONReadError) {
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == bracket else {
      throw error(offset < bytes.count ? "expected \(what), found \(describe(bytes[offset]))" : "unexpected end of input, expected \(what)")
    }
    guard depth < maxDepth else { throw error("JSON nested deeper than \(maxDepth) levels") }
    depth += 1
    offset += 1
    atContainerStart = true
  }

  /// The next member's key, or nil at the object's closing brace (consumed). The member's value
  /// must be read (or skipped) before the next call.
  mutating func nextMember() throws(JSONReadError) -> JSONStringToken? {
    guard try nextItem(closing: UInt8(ascii: "}")) else { return nil }
    let key = try readString(what: "a member name")
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
    offset += 1
    return key
  }

  /// Whether another array element follows (false at the closing bracket, consumed).
  mutating func nextElement() throws(JSONReadError) -> Bool {
    try nextItem(closing: UInt8(ascii: "]"))
  }

  private mutating func nextItem(closing: UInt8) throws(JSONReadError) -> Bool {
    skipWhitespace()
    guard offset < bytes.count else { throw error("unexpected end of input, expected '\(Character(Unicode.Scalar(closing)))'") }
    if bytes[offset] == closing {
      offset += 1
      depth -= 1
      atContainerStart = false
      return false
    }
    if atContainerStart {
      atContainerStart = false
      return true
    }
    guard bytes[offset] == UInt8(ascii: ",") else {
      throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))', found \(describe(bytes[offset]))")
    }
    offset += 1
    return true
  }

  /// Fails unless only whitespace is left.
  mutating func finish() throws(JSONReadError) {
    skipWhitespace()
    guard offset == bytes.count else { throw error("unexpected \(describe(bytes[offset])) after the end of the JSON value") }
  }

  // MARK: - Scalars

  /// A string value; its content is checked (escapes, no raw control characters) but not copied.
  mutating func readString() throws(JSONReadError) -> JSONStringToken {
    try readString(what: "a string")
  }

  private mutating func readString(what: String) throws(JSONReadError) -> JSONStringToken {
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
      throw error(offset < bytes.count ? "expected \(what), found \(describe(bytes[offset]))" : "unexpected end of input, expected \(what)")
    }
    atContainerStart = false
    offset += 1
    let start = offset
    var escapes = false
    var index = offset
    let end = bytes.count
    while index < end {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        offset = index + 1
        return JSONStringToken(start: start, end: index, hasEscapes: escapes)
      }
      if byte == UInt8(ascii: "\\") {
        escapes = true
        guard index + 1 < end else { break }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
          UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          index += 2
        case UInt8(ascii: "u"):
          guard index + 6 <= end, (2..<6).allSatisfy({ Self.hexValue(bytes[index + $0]) != nil }) else {
            offset = index
            throw error("invalid \\u escape in a string")
          }
          index += 6
        default:
          offset = index
          throw error("invalid escape \\\(describeRaw(bytes[index + 1])) in a string")
        }
        continue
      }
      if byte < 0x20 {
        offset = index
        throw error("unescaped control character 0x\(String(byte, radix: 16)) in a string")
      }
      index += 1
    }
    offset = end
    throw error("unterminated string")
  }

  /// The raw bytes of a number value, checked against JSON's number grammar.
  mutating func readNumber() throws(JSONReadError) -> Range<Int> {
    skipWhitespace()
    atContainerStart = false
    let start = offset
    var index = offset
    let end = bytes.count
    if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < end, Self.isDigit(bytes[index]) else { offset = index; throw error("invalid number") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < end, Self.isDigit(bytes[index]) { index += 1 }
    }
    if index < end, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard index < end, Self.isDigit(bytes[index]) else { offset = index; throw error("invalid number: no digits after '.'") }
      while index < end, Self.isDigit(bytes[index]) { index += 1 }
    }
    if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard index < end, Self.isDigit(bytes[index]) else { offset = index; throw error("invalid number: no digits in the exponent") }
      while index < end, Self.isDigit(bytes[index]) { index += 1 }
    }
    offset = index
    return start..<index
  }

  mutating func readBool() throws(JSONReadError) -> Bool {
    skipWhitespace()
    if matchLiteral("true") { return true }
    if matchLiteral("false") { return false }
    throw error("expected true or false")
  }

  /// Consumes `null` if it is next.
  mutating func readNullIfPresent() -> Bool {
    skipWhitespace()
    return matchLiteral("null")
  }

  private mutating func matchLiteral(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard offset + count <= bytes.count else { return false }
    let text = literal.utf8Start
    for index in 0..<count where bytes[offset + index] != text[index] { return false }
    offset += count
    atContainerStart = false
    return true
  }

  /// Skips one value of any kind (checking its syntax).
  mutating func skipValue() throws(JSONReadError) {
    _ = try readRawValue()
  }

  /// One value of any kind, checked; returns where its text lies in the input.
  mutating func readRawValue() throws(JSONReadError) -> Range<Int> {
    let kind = try peekKind()
    let start = offset
    switch kind {
    case .string: _ = try readString()
    case .number: _ = try readNumber()
    case .bool: _ = try readBool()
    case .null: _ = readNullIfPresent()
    case .object:
      try beginObject()
      while try nextMember() != nil { try skipValue() }
    case .array:
      try beginArray()
      while try nextElement() { try skipValue() }
    }
    return start..<offset
  }

  // MARK: - Reading tokens

  /// Whether `token` (a key, usually) is exactly `literal`.
  func token(_ token: JSONStringToken, is literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    if token.hasEscapes {
      var scratch: [UInt8] = []
      appendString(token, to: &scratch)
      return scratch.count == count && scratch.withUnsafeBufferPointer { buffer in
        (0..<count).allSatisfy { buffer[$0] == literal.utf8Start[$0] }
      }
    }
    guard token.rawCount == count else { return false }
    let text = literal.utf8Start
    for index in 0..<count where bytes[token.start + index] != text[index] { return false }
    return true
  }

  /// The raw input bytes in `range`.
  func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: bytes[range])
  }

  /// The string's bytes, unescaped, appended to `out`.
  func appendString(_ token: JSONStringToken, to out: inout [UInt8]) {
    guard token.hasEscapes else {
      out.append(contentsOf: slice(token.start..<token.end))
      return
    }
    JSONUnescape.append(bytes, token.start..<token.end, to: &out)
  }

  /// Calls `body` with the string's unescaped bytes: a view of the input when it has no escapes,
  /// else of `scratch` (overwritten).
  func withStringBytes<R>(_ token: JSONStringToken, scratch: inout [UInt8], _ body: (UnsafeRawBufferPointer) -> R) -> R {
    guard token.hasEscapes else { return body(slice(token.start..<token.end)) }
    scratch.removeAll(keepingCapacity: true)
    appendString(token, to: &scratch)
    return scratch.withUnsafeBytes(body)
  }

  /// The string as a String (invalid UTF-8 in the input is repaired with U+FFFD).
  func string(_ token: JSONStringToken) -> String {
    if !token.hasEscapes {
      return String(decoding: slice(token.start..<token.end), as: UTF8.self)
    }
    var scratch: [UInt8] = []
    scratch.reserveCapacity(token.rawCount)
    appendString(token, to: &scratch)
    return String(decoding: scratch, as: UTF8.self)
  }

  // MARK: - Helpers

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x0A, 0x0D, 0x09: offset += 1
      default: return
      }
    }
  }

  func error(_ message: String) -> JSONReadError {
    JSONReadError(message: message, offset: offset)
  }

  private func describe(_ byte: UInt8) -> String {
    "'\(describeRaw(byte))'"
  }

  private func describeRaw(_ byte: UInt8) -> String {
    (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
