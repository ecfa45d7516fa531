// Splits a LogQL query into tokens the way Loki's lexer does: `[...]` read whole as a range,
// a number followed by letters read as a duration (`250ms`, `1h30m`, `1.5s`) or a byte size
// (`2KB`, `1.5MiB`), strings with Go escapes decoded here, `#` comments skipped. Keywords are not
// told apart from identifiers here: the parser knows from context whether `rate` is a function
// or a label. The whole query is tokenized up front; a lexing error becomes the last token and is
// reported when the parser reaches it, so an earlier syntax error wins.
import PromQL

struct LogQLLexer {
  private let bytes: [UInt8]
  private var position = 0
  private var tokenStart = 0
  private var tokens: [LogQLToken] = []

  /// All tokens of `query`, ending with `.eof` or with the first `.error`.
  static func tokenize(_ query: String) -> [LogQLToken] {
    var lexer = LogQLLexer(bytes: Array(query.utf8))
    lexer.run()
    return lexer.tokens
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private mutating func run() {
    while true {
      skipSpacesAndComments()
      tokenStart = position
      guard let byte = peek() else {
        emit(.eof)
        return
      }
      lexToken(byte)
      if let last = tokens.last, last.kind == .error || last.kind == .eof { return }
    }
  }

  // MARK: - Reading

  private func peek(_ offset: Int = 0) -> UInt8? {
    position + offset < bytes.count ? bytes[position + offset] : nil
  }

  private mutating func emit(_ kind: LogQLTokenKind, text: String? = nil) {
    let source = text ?? String(decoding: bytes[tokenStart..<position], as: UTF8.self)
    tokens.append(LogQLToken(kind: kind, start: tokenStart, end: position, text: source))
  }

  /// An error token covering the offending text from the token start.
  private mutating func fail(_ message: String) {
    tokens.append(LogQLToken(kind: .error, start: tokenStart, end: min(bytes.count, max(position, tokenStart + 1)), text: message))
  }

  private mutating func skipSpacesAndComments() {
    while let byte = peek() {
      if isSpace(byte) {
        position += 1
      } else if byte == UInt8(ascii: "#") {
        while let next = peek(), next != UInt8(ascii: "\n") { position += 1 }
      } else {
        return
      }
    }
  }

  /// Consumes `next` if it is the next byte.
  private mutating func accept(_ next: Character) -> Bool {
    guard let byte = peek(), byte == next.asciiValue else { return false }
    position += 1
    return true
  }

  // MARK: - Tokens

  private mutating func lexToken(_ byte: UInt8) {
    position += 1
    switch byte {
    case UInt8(ascii: "{"): emit(.leftBrace)
    case UInt8(ascii: "}"): emit(.rightBrace)
    case UInt8(ascii: "("): emit(.leftParen)
    case UInt8(ascii: ")"): emit(.rightParen)
    case UInt8(ascii: ","): emit(.comma)
    case UInt8(ascii: "+"): emit(.add)
    case UInt8(ascii: "*"): emit(.mul)
    case UInt8(ascii: "/"): emit(.div)
    case UInt8(ascii: "%"): emit(.mod)
    case UInt8(ascii: "^"): emit(.pow)
    case UInt8(ascii: "["): lexRange()
    case UInt8(ascii: "]"): fail("unexpected ']' without a matching '['")
    case UInt8(ascii: "="):
      if accept("=") { emit(.equalEqual) } else if accept("~") { emit(.regexMatch) } else { emit(.assign) }
    case UInt8(ascii: "!"):
      if accept("=") {
        emit(.notEqual)
      } else if accept("~") {
        emit(.regexNoMatch)
      } else if accept(">") {
        emit(.notPattern)
      } else {
        fail("unexpected character after '!': expecting '=', '~' or '>'")
      }
    case UInt8(ascii: "|"):
      if accept("=") {
        emit(.pipeContains)
      } else if accept("~") {
        emit(.pipeMatch)
      } else if accept(">") {
        emit(.pipePattern)
      } else {
        emit(.pipe)
      }
    case UInt8(ascii: ">"):
      if accept("=") { emit(.greaterOrEqual) } else { emit(.greater) }
    case UInt8(ascii: "<"):
      if accept("=") { emit(.lessOrEqual) } else { emit(.less) }
    case UInt8(ascii: "-"):
      if peek() == UInt8(ascii: "-"), let after = peek(1), isLetter(after) {
        position += 1
        while let next = peek(), isLetter(next) || next == UInt8(ascii: "-") { position += 1 }
        emit(.flag)
      } else {
        emit(.sub)
      }
    case UInt8(ascii: "\""): lexQuotedString()
    case UInt8(ascii: "`"): lexRawString()
    default:
      if isDigit(byte) || (byte == UInt8(ascii: ".") && peek().map(isDigit) == true) {
        position -= 1
        lexNumeric()
      } else if isLetter(byte) {
        while let next = peek(), isLetter(next) || isDigit(next) { position += 1 }
        emit(.identifier)
      } else {
        position -= 1
        fail("unexpected character \(describeCharacter(at: position))")
      }
    }
  }

  private func describeCharacter(at index: Int) -> String {
    let rest = String(decoding: bytes[index..<min(bytes.count, index + 4)], as: UTF8.self)
    guard let scalar = rest.unicodeScalars.first else { return "''" }
    return "'" + String(Character(scalar)) + "'"
  }

  /// `[...]`: everything up to `]`, as Loki reads it (the parser parses the duration).
  private mutating func lexRange() {
    let contentStart = position
    while let byte = peek(), byte != UInt8(ascii: "]") {
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "[") { break }
      position += 1
    }
    guard peek() == UInt8(ascii: "]") else {
      position = tokenStart + 1
      return fail("missing closing ']' in range")
    }
    let content = String(decoding: bytes[contentStart..<position], as: UTF8.self)
    position += 1
    emit(.range, text: content)
  }

  /// A number, a duration (`5m`, `1h30m`, `1.5s`, `100us`) or a byte size (`2KB`, `1.5MiB`):
  /// the number itself, then any letters, digits and dots glued to it decide which.
  private mutating func lexNumeric() {
    while let byte = peek(), isDigit(byte) { position += 1 }
    if peek() == UInt8(ascii: ".") {
      position += 1
      while let byte = peek(), isDigit(byte) { position += 1 }
    }
    if let e = peek(), e | 0x20 == UInt8(ascii: "e") {
      var offset = 1
      if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { offset = 2 }
      if let digit = peek(offset), isDigit(digit) {
        position += offset
        while let byte = peek(), isDigit(byte) { position += 1 }
      }
    }
    let numberEnd = position
    while let byte = peek() {
      if isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") {
        position += 1
      } else if byte == 0xC2, peek(1) == 0xB5 {  // µ (micro sign)
        position += 2
      } else if byte == 0xCE, peek(1) == 0xBC {  // μ (Greek mu)
        position += 2
      } else {
        break
      }
    }
    if position == numberEnd { return emit(.number) }
    let text = String(decoding: bytes[tokenStart..<position], as: UTF8.self)
    if LogQLLiterals.durationNanoseconds(text) != nil { return emit(.duration) }
    if LogQLLiterals.byteCount(text) != nil { return emit(.bytes) }
    fail("invalid number, duration or byte size \(goQuote(text))")
  }

  /// A double-quoted string with Go's escapes, decoded.
  private mutating func lexQuotedString() {
    var value: [UInt8] = []
    while true {
      guard let byte = peek(), byte != UInt8(ascii: "\n") else {
        return fail("unterminated string: missing closing '\"'")
      }
      position += 1
      if byte == UInt8(ascii: "\"") { break }
      if byte != UInt8(ascii: "\\") {
        value.append(byte)
        continue
      }
      let escapeStart = position - 1
      if let message = readEscape(into: &value) {
        tokenStart = escapeStart
        return fail(message)
      }
    }
    emit(.string, text: String(decoding: value, as: UTF8.self))
  }

  /// Reads one escape after `\` (Go's rules for double-quoted strings); an error message or nil.
  private mutating func readEscape(into value: inout [UInt8]) -> String? {
    guard let code = peek() else { return "escape sequence not terminated" }
    position += 1
    let simple: [UInt8: UInt8] = [
      UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12, UInt8(ascii: "n"): 10,
      UInt8(ascii: "r"): 13, UInt8(ascii: "t"): 9, UInt8(ascii: "v"): 11,
      UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "\""): UInt8(ascii: "\""),
    ]
    if let decoded = simple[code] {
      value.append(decoded)
      return nil
    }
    let digits: Int
    let radix: UInt32
    switch code {
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      position -= 1
      (digits, radix) = (3, 8)
    case UInt8(ascii: "x"): (digits, radix) = (2, 16)
    case UInt8(ascii: "u"): (digits, radix) = (4, 16)
    case UInt8(ascii: "U"): (digits, radix) = (8, 16)
    default:
      position -= 1
      return "unknown escape sequence \(describeCharacter(at: position)) in string"
    }
    var number: UInt32 = 0
    for _ in 0..<digits {
      guard let byte = peek(), let digit = digitValue(byte), digit < radix else {
        return "invalid escape sequence: expecting \(digits) \(radix == 8 ? "octal" : "hexadecimal") digits"
      }
      number = number * radix + digit
      position += 1
    }
    if code == UInt8(ascii: "x") || radix == 8 {
      guard number <= 255 else { return "octal escape value \(number) is above 255" }
      value.append(UInt8(number))
      return nil
    }
    guard let scalar = Unicode.Scalar(number) else { return "escape sequence is an invalid Unicode code point" }
    value.append(contentsOf: Array(String(Character(scalar)).utf8))
    return nil
  }

  private mutating func lexRawString() {
    let contentStart = position
    while let byte = peek(), byte != UInt8(ascii: "`") { position += 1 }
    guard peek() != nil else { return fail("unterminated raw string: missing closing '`'") }
    let content = String(decoding: bytes[contentStart..<position], as: UTF8.self)
    position += 1
    emit(.string, text: content)
  }
}

private func isSpace(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

private func isLetter(_ byte: UInt8) -> Bool {
  byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
}

private func digitValue(_ byte: UInt8) -> UInt32? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
  case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
  case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
  default: nil
  }
}
