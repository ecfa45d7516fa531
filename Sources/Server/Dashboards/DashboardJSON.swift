// A JSON value tree for dashboard documents, and its parser. Dashboards arrive from users and from
// Grafana exports, so the parser reports errors with the byte offset, bounds nesting depth, and
// keeps object keys in order (warnings and re-encoded documents read in the order written).
// Foundation's JSONSerialization gives neither offsets on every platform nor a depth limit.
import WardenCore

/// A parsed JSON value.
indirect enum DashboardJSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([DashboardJSON])
  /// Members in document order; a repeated key keeps its last value on lookup (as JavaScript does).
  case object([(key: String, value: DashboardJSON)])

  static func == (lhs: DashboardJSON, rhs: DashboardJSON) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.number(let a), .number(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: false
    }
  }

  /// The member `key` of an object (the last one when repeated); nil for other values.
  subscript(key: String) -> DashboardJSON? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }

  var objectMembers: [(key: String, value: DashboardJSON)]? {
    if case .object(let members) = self { return members }
    return nil
  }

  var arrayValue: [DashboardJSON]? {
    if case .array(let items) = self { return items }
    return nil
  }

  var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  var numberValue: Double? {
    if case .number(let value) = self { return value }
    return nil
  }

  var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  var isNull: Bool { self == .null }

  /// What kind of value this is, for error messages ("expected a string, got an array").
  var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

/// A JSON syntax error at a byte offset of the input.
struct DashboardJSONError: Error, Sendable, Equatable, CustomStringConvertible {
  var message: String
  var offset: Int
  var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// Strict RFC 8259 parsing of a whole document into `DashboardJSON`.
struct DashboardJSONParser {
  /// Deeper documents are refused: a dashboard is a few levels deep, and recursion must stay bounded.
  static let maxDepth = 64

  private let bytes: [UInt8]
  private var offset = 0

  private init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Parses `bytes` (one value, surrounded by optional whitespace; a UTF-8 BOM is skipped).
  static func parse(_ bytes: [UInt8]) -> Result<DashboardJSON, DashboardJSONError> {
    var parser = DashboardJSONParser(bytes)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.offset = 3 }
    do throws(DashboardJSONError) {
      let value = try parser.value(depth: 0)
      parser.skipWhitespace()
      guard parser.offset == bytes.count else { throw parser.error("unexpected \(parser.describeCurrent()) after the document") }
      return .success(value)
    } catch {
      return .failure(error)
    }
  }

  private mutating func value(depth: Int) throws(DashboardJSONError) -> DashboardJSON {
    skipWhitespace()
    guard offset < bytes.count else { throw error("unexpected end of input, expected a value") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): return try object(depth: depth + 1)
    case UInt8(ascii: "["): return try array(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw error("unexpected \(describeCurrent()), expected a value")
    }
  }

  private mutating func object(depth: Int) throws(DashboardJSONError) -> DashboardJSON {
    guard depth <= Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
    offset += 1
    var members: [(key: String, value: DashboardJSON)] = []
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
      offset += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
        throw error("expected a string key, got \(describeCurrent())")
      }
      let key = try string()
      skipWhitespace()
      try expect(":")
      members.append((key, try value(depth: depth)))
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of input in an object") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
      } else if bytes[offset] == UInt8(ascii: "}") {
        offset += 1
        return .object(members)
      } else {
        throw error("expected ',' or '}', got \(describeCurrent())")
      }
    }
  }

  private mutating func array(depth: Int) throws(DashboardJSONError) -> DashboardJSON {
    guard depth <= Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
    offset += 1
    var items: [DashboardJSON] = []
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
      offset += 1
      return .array(items)
    }
    while true {
      items.append(try value(depth: depth))
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of input in an array") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
      } else if bytes[offset] == UInt8(ascii: "]") {
        offset += 1
        return .array(items)
      } else {
        throw error("expected ',' or ']', got \(describeCurrent())")
      }
    }
  }

  /// Checks the string strictly (escapes, control characters) and decodes it with the JSON
  /// unescaping the log decoders share; a string without escapes is taken as it is.
  private mutating func string() throws(DashboardJSONError) -> String {
    let start = offset
    offset += 1
    let contentStart = offset
    var hasEscapes = false
    while offset < bytes.count {
      let byte = bytes[offset]
      switch byte {
      case UInt8(ascii: "\""):
        let contentEnd = offset
        offset += 1
        // Invalid UTF-8 is repaired rather than refused: titles are shown, never executed.
        guard hasEscapes else { return String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self) }
        var out: [UInt8] = []
        bytes.withUnsafeBytes { JSONUnescape.append($0, contentStart..<contentEnd, to: &out) }
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        hasEscapes = true
        offset += 1
        guard offset < bytes.count else { break }
        let escape = bytes[offset]
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
          UInt8(ascii: "r"), UInt8(ascii: "t"):
          offset += 1
        case UInt8(ascii: "u"):
          offset += 1
          _ = try hex4()
        default:
          throw error("invalid escape '\\\(Self.printable(escape))' in a string")
        }
      case 0..<0x20:
        throw error("control character 0x\(String(byte, radix: 16)) in a string")
      default:
        offset += 1
      }
    }
    throw DashboardJSONError(message: "unterminated string", offset: start)
  }

  private mutating func hex4() throws(DashboardJSONError) -> UInt32 {
    guard offset + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for byte in bytes[offset..<offset + 4] {
      guard let digit = Self.hexValue(byte) else { throw error("invalid \\u escape") }
      value = value << 4 | UInt32(digit)
    }
    offset += 4
    return value
  }

  private mutating func number() throws(DashboardJSONError) -> Double {
    let start = offset
    if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
    guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw error("expected a digit") }
    if bytes[offset] == UInt8(ascii: "0") {
      offset += 1
    } else {
      while offset < bytes.count, Self.isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
      offset += 1
      guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw error("expected a digit after '.'") }
      while offset < bytes.count, Self.isDigit(bytes[offset]) { offset += 1 }
    }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
      offset += 1
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
      guard offset < bytes.count, Self.isDigit(bytes[offset]) else { throw error("expected a digit in the exponent") }
      while offset < bytes.count, Self.isDigit(bytes[offset]) { offset += 1 }
    }
    let text = String(decoding: bytes[start..<offset], as: UTF8.self)
    guard let value = Double(text), value.isFinite else {
      throw DashboardJSONError(message: "number \(text) is out of range", offset: start)
    }
    return value
  }

  private mutating func literal(_ word: StaticString) throws(DashboardJSONError) {
    let count = word.utf8CodeUnitCount
    let matches =
      offset + count <= bytes.count
      && word.withUTF8Buffer { expected in bytes[offset..<offset + count].elementsEqual(expected) }
    guard matches else { throw error("unexpected \(describeCurrent()), expected a value") }
    offset += count
  }

  private mutating func expect(_ character: Unicode.Scalar) throws(DashboardJSONError) {
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: character) else {
      throw error("expected '\(character)', got \(describeCurrent())")
    }
    offset += 1
  }

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x0A, 0x0D, 0x09: offset += 1
      default: return
      }
    }
  }

  private func error(_ message: String) -> DashboardJSONError {
    DashboardJSONError(message: message, offset: offset)
  }

  private func describeCurrent() -> String {
    guard offset < bytes.count else { return "end of input" }
    return "'\(Self.printable(bytes[offset]))'"
  }

  private static func printable(_ byte: UInt8) -> String {
    (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
