// Splits template text into tokens: raw text between actions (with `{{- ` and ` -}}` trimming the
// whitespace next to them), comments, and the words inside `{{ }}`. Follows Go's text/template
// lexer: newlines may appear inside actions, a number may carry a sign and a base prefix, and a
// word must end at a space, `.`, `,`, `|`, `:`, a paren or the closing delimiter.

struct TemplateLexer {
  private let source: [UInt8]
  private var position = 0
  private var tokens: [TemplateToken] = []
  private var parenDepth = 0

  init(source: [UInt8]) {
    self.source = source
  }

  /// All tokens up to `.eof`, or up to and including the first `.error`.
  static func tokens(of source: [UInt8]) -> [TemplateToken] {
    var lexer = TemplateLexer(source: source)
    lexer.run()
    return lexer.tokens
  }

  private mutating func run() {
    while true {
      guard lexText() else { return }
      guard lexAction() else { return }
    }
  }

  // MARK: Text and delimiters

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
  }

  private func has(_ text: StaticString, at index: Int) -> Bool {
    let count = text.utf8CodeUnitCount
    guard index >= 0, index + count <= source.count else { return false }
    return text.withUTF8Buffer { bytes in
      for offset in 0..<count where source[index + offset] != bytes[offset] { return false }
      return true
    }
  }

  /// `- ` right after `{{`.
  private func hasLeftTrimMarker(at index: Int) -> Bool {
    index + 1 < source.count && source[index] == UInt8(ascii: "-") && Self.isSpace(source[index + 1])
  }

  /// ` -}}` (or plain `}}`) at `index`: whether a closing delimiter starts here and whether it
  /// trims.
  private func atRightDelim(_ index: Int) -> (isDelim: Bool, trims: Bool) {
    if index + 1 < source.count, Self.isSpace(source[index]), source[index + 1] == UInt8(ascii: "-"), has("}}", at: index + 2) {
      return (true, true)
    }
    return (has("}}", at: index), false)
  }

  /// Emits the text up to the next `{{` (or the end); false at the end of input.
  private mutating func lexText() -> Bool {
    let start = position
    var index = position
    while index + 1 < source.count, !(source[index] == UInt8(ascii: "{") && source[index + 1] == UInt8(ascii: "{")) {
      index += 1
    }
    guard index + 1 < source.count else {
      if start < source.count { tokens.append(TemplateToken(kind: .text, start: start, end: source.count)) }
      position = source.count
      tokens.append(TemplateToken(kind: .eof, start: source.count, end: source.count))
      return false
    }
    var textEnd = index
    if hasLeftTrimMarker(at: index + 2) {
      while textEnd > start, Self.isSpace(source[textEnd - 1]) { textEnd -= 1 }
    }
    if textEnd > start { tokens.append(TemplateToken(kind: .text, start: start, end: textEnd)) }
    position = index
    return true
  }

  /// Lexes one `{{ ... }}` starting at the `{{`; false after an error.
  private mutating func lexAction() -> Bool {
    let delimStart = position
    let trimsBefore = hasLeftTrimMarker(at: position + 2)
    let afterMarker = position + 2 + (trimsBefore ? 2 : 0)
    if has("/*", at: afterMarker) {
      return lexComment(from: delimStart, bodyStart: afterMarker + 2)
    }
    tokens.append(TemplateToken(kind: .leftDelim, start: delimStart, end: delimStart + 2))
    position = afterMarker
    parenDepth = 0
    while true {
      let (isDelim, trims) = atRightDelim(position)
      if isDelim {
        if parenDepth > 0 { return fail("unclosed left paren", at: position) }
        let delimAt = position + (trims ? 2 : 0)
        tokens.append(TemplateToken(kind: .rightDelim, start: delimAt, end: delimAt + 2))
        position = delimAt + 2
        if trims { skipSpaces() }
        return true
      }
      guard position < source.count else { return fail("unclosed action", at: delimStart) }
      guard lexInsideAction() else { return false }
    }
  }

  private mutating func skipSpaces() {
    while position < source.count, Self.isSpace(source[position]) { position += 1 }
  }

  private mutating func lexComment(from delimStart: Int, bodyStart: Int) -> Bool {
    var index = bodyStart
    while index + 1 < source.count, !(source[index] == UInt8(ascii: "*") && source[index + 1] == UInt8(ascii: "/")) {
      index += 1
    }
    guard index + 1 < source.count else { return fail("unclosed comment", at: delimStart) }
    let (isDelim, trims) = atRightDelim(index + 2)
    guard isDelim else { return fail("comment ends before closing delimiter", at: delimStart) }
    position = index + 2 + (trims ? 2 : 0) + 2
    if trims { skipSpaces() }
    return true
  }

  private mutating func fail(_ message: String, at offset: Int) -> Bool {
    tokens.append(TemplateToken(kind: .error, start: offset, end: offset, message: message))
    return false
  }

  private mutating func emit(_ kind: TemplateTokenKind, from start: Int) {
    tokens.append(TemplateToken(kind: kind, start: start, end: position))
  }

  // MARK: Inside an action

  private mutating func lexInsideAction() -> Bool {
    let start = position
    let byte = source[position]
    if Self.isSpace(byte) {
      while position < source.count, Self.isSpace(source[position]) {
        // Stop before the space that belongs to a ` -}}`.
        if atRightDelim(position).trims { break }
        position += 1
      }
      if position > start { emit(.space, from: start) }
      return true
    }
    position += 1
    switch byte {
    case UInt8(ascii: "="): emit(.assign, from: start)
    case UInt8(ascii: ":"):
      guard position < source.count, source[position] == UInt8(ascii: "=") else { return fail("expected :=", at: start) }
      position += 1
      emit(.declare, from: start)
    case UInt8(ascii: "|"): emit(.pipe, from: start)
    case UInt8(ascii: "\""): return lexQuote(from: start)
    case UInt8(ascii: "`"): return lexRawQuote(from: start)
    case UInt8(ascii: "$"): return lexFieldOrVariable(.variable, from: start)
    case UInt8(ascii: "'"): return lexChar(from: start)
    case UInt8(ascii: "."):
      if position < source.count, !(source[position] >= UInt8(ascii: "0") && source[position] <= UInt8(ascii: "9")) {
        return lexFieldOrVariable(.field, from: start)
      }
      position = start
      return lexNumber(from: start)
    case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      position = start
      return lexNumber(from: start)
    case UInt8(ascii: "("):
      emit(.leftParen, from: start)
      parenDepth += 1
    case UInt8(ascii: ")"):
      parenDepth -= 1
      if parenDepth < 0 { return fail("unexpected right paren", at: start) }
      emit(.rightParen, from: start)
    default:
      position = start
      let (scalar, length) = scalar(at: start)
      if Self.isAlphaNumeric(scalar) { return lexIdentifier(from: start) }
      position = start + length
      if scalar.value < 0x80, scalar.value >= 0x20, scalar.value < 0x7F {
        emit(.char, from: start)
      } else {
        return fail("unrecognized character in action: \(Self.describe(scalar))", at: start)
      }
    }
    return true
  }

  /// The scalar whose UTF-8 encoding starts at `index`, and its length (invalid bytes read as
  /// U+FFFD of length 1).
  private func scalar(at index: Int) -> (Unicode.Scalar, Int) {
    let first = source[index]
    if first < 0x80 { return (Unicode.Scalar(first), 1) }
    let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
    guard length > 1, index + length <= source.count else { return ("\u{FFFD}", 1) }
    var decoder = UTF8()
    var iterator = source[index..<(index + length)].makeIterator()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar, length) }
    return ("\u{FFFD}", 1)
  }

  /// Go's `%#U`: `U+0021 '!'`.
  static func describe(_ scalar: Unicode.Scalar) -> String {
    var hex = String(scalar.value, radix: 16, uppercase: true)
    if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
    return GoQuote.isPrintable(scalar) ? "U+\(hex) '\(Character(scalar))'" : "U+\(hex)"
  }

  static func isAlphaNumeric(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "_" { return true }
    if scalar.value < 0x80 {
      return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
    }
    return scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
  }

  private mutating func scanAlphaNumerics() -> Unicode.Scalar? {
    while position < source.count {
      let (scalar, length) = scalar(at: position)
      guard Self.isAlphaNumeric(scalar) else { return scalar }
      position += length
    }
    return nil
  }

  /// Whether the word just scanned ends properly: at a space, `.`, `,`, `|`, `:`, a paren, the
  /// closing delimiter or the end.
  private func atTerminator() -> Bool {
    guard position < source.count else { return true }
    let byte = source[position]
    if Self.isSpace(byte) { return true }
    switch byte {
    case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"), UInt8(ascii: "("):
      return true
    default:
      return has("}}", at: position)
    }
  }

  private mutating func badCharacter(_ scalar: Unicode.Scalar?) -> Bool {
    fail("bad character \(scalar.map(Self.describe) ?? "EOF")", at: position)
  }

  private mutating func lexIdentifier(from start: Int) -> Bool {
    let stop = scanAlphaNumerics()
    guard atTerminator() else { return badCharacter(stop) }
    let word = String(decoding: source[start..<position], as: UTF8.self)
    if let keyword = TemplateKeyword(rawValue: word) {
      emit(.keyword(keyword), from: start)
    } else if word == "true" || word == "false" {
      emit(.bool, from: start)
    } else {
      emit(.identifier, from: start)
    }
    return true
  }

  /// `.Field` / `$name`; a lone `.` is dot and a lone `$` the variable `$`.
  private mutating func lexFieldOrVariable(_ kind: TemplateTokenKind, from start: Int) -> Bool {
    if atTerminator() {
      emit(kind == .variable ? .variable : .dot, from: start)
      return true
    }
    let stop = scanAlphaNumerics()
    guard atTerminator() else { return badCharacter(stop) }
    emit(kind, from: start)
    return true
  }

  private mutating func lexQuote(from start: Int) -> Bool {
    while position < source.count {
      let byte = source[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\\"):
        guard position < source.count, source[position] != UInt8(ascii: "\n") else {
          return fail("unterminated quoted string", at: start)
        }
        position += 1
      case UInt8(ascii: "\n"):
        return fail("unterminated quoted string", at: start)
      case UInt8(ascii: "\""):
        emit(.string, from: start)
        return true
      default:
        break
      }
    }
    return fail("unterminated quoted string", at: start)
  }

  private mutating func lexRawQuote(from start: Int) -> Bool {
    while position < source.count {
      let byte = source[position]
      position += 1
      if byte == UInt8(ascii: "`") {
        emit(.rawString, from: start)
        return true
      }
    }
    return fail("unterminated raw quoted string", at: start)
  }

  private mutating func lexChar(from start: Int) -> Bool {
    while position < source.count {
      let byte = source[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\\"):
        guard position < source.count, source[position] != UInt8(ascii: "\n") else {
          return fail("unterminated character constant", at: start)
        }
        position += 1
      case UInt8(ascii: "\n"):
        return fail("unterminated character constant", at: start)
      case UInt8(ascii: "'"):
        emit(.charConstant, from: start)
        return true
      default:
        break
      }
    }
    return fail("unterminated character constant", at: start)
  }

  // MARK: Numbers

  private mutating func accept(_ set: String) -> Bool {
    guard position < source.count, set.utf8.contains(source[position]) else { return false }
    position += 1
    return true
  }

  private mutating func acceptRun(_ set: String) {
    while accept(set) {}
  }

  /// Scans Go's number syntax loosely (sign, base prefix, digits with `_`, fraction, exponent);
  /// the parser checks the text strictly.
  private mutating func lexNumber(from start: Int) -> Bool {
    _ = accept("+-")
    var digits = "0123456789_"
    if accept("0") {
      if accept("xX") {
        digits = "0123456789abcdefABCDEF_"
      } else if accept("oO") {
        digits = "01234567_"
      } else if accept("bB") {
        digits = "01_"
      }
    }
    acceptRun(digits)
    if accept(".") { acceptRun(digits) }
    if digits.count == 11, accept("eE") {
      _ = accept("+-")
      acceptRun("0123456789_")
    }
    if digits.count == 23, accept("pP") {
      _ = accept("+-")
      acceptRun("0123456789_")
    }
    if position < source.count {
      let (scalar, length) = scalar(at: position)
      if Self.isAlphaNumeric(scalar) || source[position] == UInt8(ascii: "+") || source[position] == UInt8(ascii: "-") {
        position += length
        let text = String(decoding: source[start..<position], as: UTF8.self)
        return fail("bad number syntax: \(GoQuote.string(text))", at: start)
      }
    }
    emit(.number, from: start)
    return true
  }
}
