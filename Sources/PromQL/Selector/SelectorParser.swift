// Series selectors as PromQL writes them: `metric{label="v", other=~"re.*"}`, `{__name__="m"}`,
// with Go string literals in double quotes, single quotes or backticks. Used by the APIs that take
// `match[]` (delete_series now; series and labels with the query engine) and, later, by the PromQL
// parser for its vector selectors. Reads the text once, byte by byte; errors give the column.
package import WardenCore

/// A selector that could not be read, with the 1-based column where reading stopped.
package struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
  package var column: Int
  package var message: String

  package var description: String { "1:\(column): parse error: \(message)" }
}

package enum SelectorParser {
  /// The matchers of `text`, the metric name (if written before the braces) as a `__name__`
  /// equality first.
  /// - Throws: `SelectorError` for bad syntax, an invalid regex, or a selector whose matchers all
  ///   match the empty string (it would select every series, which Prometheus refuses too).
  package static func parse(_ text: String) throws(SelectorError) -> [LabelMatcher] {
    var reader = Reader(bytes: Array(text.utf8))
    let matchers = try reader.selector()
    if matchers.allSatisfy({ $0.matches("") }) {
      throw SelectorError(column: 1, message: "vector selector must contain at least one non-empty matcher")
    }
    return matchers
  }
}

private struct Reader {
  let bytes: [UInt8]
  var position = 0

  init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  mutating func selector() throws(SelectorError) -> [LabelMatcher] {
    skipSpace()
    var matchers: [LabelMatcher] = []
    if let first = peek(), isNameStart(first) || first == UInt8(ascii: ":") {
      let start = position
      let name = metricName()
      matchers.append(try matcher(.equal, Labels.metricName, name, at: start))
      skipSpace()
    }
    if peek() == UInt8(ascii: "{") {
      position += 1
      matchers += try matcherList()
    } else if matchers.isEmpty {
      throw error(peek() == nil ? "unexpected end of input" : "unexpected character \(describe(peek()!)), expected a metric name or '{'")
    }
    skipSpace()
    guard position == bytes.count else { throw error("unexpected \(describe(bytes[position])) after the selector") }
    return matchers
  }

  private mutating func matcherList() throws(SelectorError) -> [LabelMatcher] {
    var matchers: [LabelMatcher] = []
    while true {
      skipSpace()
      if peek() == UInt8(ascii: "}") {
        position += 1
        return matchers
      }
      let start = position
      guard let first = peek(), isNameStart(first) else {
        throw error(peek() == nil ? "unexpected end of input inside braces" : "unexpected \(describe(peek()!)) in label matching, expected label name")
      }
      let name = labelName()
      skipSpace()
      let kind = try op()
      skipSpace()
      let value = try string()
      matchers.append(try matcher(kind, name, value, at: start))
      skipSpace()
      if peek() == UInt8(ascii: ",") {
        position += 1
      } else if peek() != UInt8(ascii: "}") {
        throw error(peek() == nil ? "unexpected end of input inside braces" : "unexpected \(describe(peek()!)) in label matching, expected \",\" or \"}\"")
      }
    }
  }

  private mutating func op() throws(SelectorError) -> LabelMatcher.Kind {
    let rest = bytes[position...].prefix(2)
    if rest.starts(with: Array("=~".utf8)) { position += 2; return .regexMatch }
    if rest.starts(with: Array("!~".utf8)) { position += 2; return .regexNoMatch }
    if rest.starts(with: Array("!=".utf8)) { position += 2; return .notEqual }
    if rest.first == UInt8(ascii: "=") { position += 1; return .equal }
    throw error(peek() == nil ? "unexpected end of input, expected a label matching operator" : "unexpected \(describe(peek()!)), expected one of =, !=, =~, !~")
  }

  /// A Go string literal: "..." or '...' with escapes, or `...` raw.
  private mutating func string() throws(SelectorError) -> String {
    guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") || quote == UInt8(ascii: "`") else {
      throw error(peek() == nil ? "unexpected end of input, expected a string" : "unexpected \(describe(peek()!)), expected a quoted string")
    }
    let start = position
    position += 1
    var out: [UInt8] = []
    while true {
      guard let byte = peek() else { throw SelectorError(column: start + 1, message: "unterminated quoted string") }
      position += 1
      if byte == quote { break }
      if quote == UInt8(ascii: "`") {
        out.append(byte)
        continue
      }
      if byte == UInt8(ascii: "\n") { throw SelectorError(column: start + 1, message: "unterminated quoted string") }
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        continue
      }
      try escape(into: &out, quote: quote)
    }
    guard let text = String(validating: out, as: UTF8.self) else {
      throw SelectorError(column: start + 1, message: "invalid UTF-8 in string")
    }
    return text
  }

  private mutating func escape(into out: inout [UInt8], quote: UInt8) throws(SelectorError) {
    guard let code = peek() else { throw error("unterminated escape sequence") }
    position += 1
    switch code {
    case UInt8(ascii: "a"): out.append(7)
    case UInt8(ascii: "b"): out.append(8)
    case UInt8(ascii: "f"): out.append(12)
    case UInt8(ascii: "n"): out.append(10)
    case UInt8(ascii: "r"): out.append(13)
    case UInt8(ascii: "t"): out.append(9)
    case UInt8(ascii: "v"): out.append(11)
    case UInt8(ascii: "\\"): out.append(code)
    case quote: out.append(code)
    case UInt8(ascii: "x"): out.append(UInt8(try hexDigits(2)))
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      let value = try hexDigits(code == UInt8(ascii: "u") ? 4 : 8)
      guard let scalar = Unicode.Scalar(value) else { throw error("escape sequence is an invalid Unicode code point") }
      out += Array(String(Character(scalar)).utf8)
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      var value = UInt32(code - UInt8(ascii: "0"))
      for _ in 0..<2 {
        guard let digit = peek(), (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else {
          throw error("illegal character in octal escape")
        }
        value = value * 8 + UInt32(digit - UInt8(ascii: "0"))
        position += 1
      }
      guard value <= 255 else { throw error("octal escape value > 255") }
      out.append(UInt8(value))
    default: throw error("unknown escape sequence \\\(describe(code))")
    }
  }

  private mutating func hexDigits(_ count: Int) throws(SelectorError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<count {
      guard let byte = peek(), let digit = hexValue(byte) else { throw error("illegal character in escape sequence") }
      value = value &* 16 &+ digit
      position += 1
    }
    return value
  }

  private func matcher(_ kind: LabelMatcher.Kind, _ name: String, _ value: String, at start: Int) throws(SelectorError) -> LabelMatcher {
    do {
      return try LabelMatcher(kind, name, value)
    } catch {
      throw SelectorError(column: start + 1, message: error.description)
    }
  }

  private mutating func metricName() -> String {
    let start = position
    while let byte = peek(), isNameStart(byte) || isDigit(byte) || byte == UInt8(ascii: ":") { position += 1 }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  private mutating func labelName() -> String {
    let start = position
    while let byte = peek(), isNameStart(byte) || isDigit(byte) { position += 1 }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  private mutating func skipSpace() {
    while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d { position += 1 }
  }

  private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

  private func error(_ message: String) -> SelectorError { SelectorError(column: position + 1, message: message) }

  private func isNameStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  private func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  private func describe(_ byte: UInt8) -> String {
    byte >= 0x20 && byte < 0x7f ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x\(String(byte, radix: 16))"
  }
}
