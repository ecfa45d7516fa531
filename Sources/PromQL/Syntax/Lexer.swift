// Splits a PromQL query into tokens the way Prometheus's lexer does, including its context rules
// (inside `{...}` keywords are plain label names; inside `[...]` only durations, numbers and `:`
// make sense) and its error wording, so a malformed query fails at the same place with the same
// message. The whole query is tokenized up front; a lexing error becomes the last token, which the
// parser reports when it reaches it (as Prometheus does, a syntax error before it wins).

struct Lexer {
  private let bytes: [UInt8]
  private var position = 0
  /// Start of the token being read; lexing errors are reported here, as Prometheus does.
  private var tokenStart = 0
  private var tokens: [Token] = []
  private var parenDepth = 0
  private var braceOpen = false
  private var bracketOpen = false
  private var gotColon = false
  private var gotDuration = false
  /// True right after `[`: the first token of a range is read with the duration-expression rules.
  private var atBracketStart = false

  private static let keywords: [String: TokenKind] = {
    var table: [String: TokenKind] = [
      "and": .op(.and), "or": .op(.or), "unless": .op(.unless), "atan2": .op(.atan2),
      "inf": .number, "nan": .number,
    ]
    for op in AggregationOp.allCases { table[op.rawValue] = .aggregator(op) }
    for word in [Keyword.offset, .by, .without, .on, .ignoring, .bool, .start, .end, .step, .range, .smoothed, .anchored, .groupLeft, .groupRight] {
      table[word.rawValue] = .keyword(word)
    }
    return table
  }()

  /// All tokens of `query`, ending with `.eof` or with the first `.error`.
  static func tokenize(_ query: String) -> [Token] {
    var lexer = Lexer(bytes: Array(query.utf8))
    lexer.run()
    return lexer.tokens
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private mutating func run() {
    while true {
      let before = tokens.count
      if braceOpen {
        lexInsideBraces()
      } else if atBracketStart {
        lexBracketStart()
      } else {
        lexStatement()
      }
      if tokens.count > before, let last = tokens.last {
        switch last.kind {
        case .eof, .error: return
        default: break
        }
      }
    }
  }

  // MARK: - Reading

  private func peek(_ offset: Int = 0) -> UInt8? {
    position + offset < bytes.count ? bytes[position + offset] : nil
  }

  /// The character at `position` (decoded from UTF-8), and its width; U+FFFD for bad bytes.
  private func scalar(at index: Int) -> (Unicode.Scalar, Int)? {
    guard index < bytes.count else { return nil }
    let first = bytes[index]
    if first < 0x80 { return (Unicode.Scalar(first), 1) }
    let width = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
    guard width > 1, index + width <= bytes.count else { return ("\u{FFFD}", 1) }
    var decoder = UTF8()
    var iterator = bytes[index..<index + width].makeIterator()
    if case .scalarValue(let value) = decoder.decode(&iterator) { return (value, width) }
    return ("\u{FFFD}", 1)
  }

  private mutating func emit(_ kind: TokenKind) {
    let text = String(decoding: bytes[tokenStart..<position], as: UTF8.self)
    tokens.append(Token(kind: kind, start: tokenStart, end: position, text: text))
    tokenStart = position
  }

  private mutating func fail(_ message: String) {
    tokens.append(Token(kind: .error, start: tokenStart, end: bytes.count, text: message))
  }

  private mutating func skipSpaces() {
    while let byte = peek(), isSpace(byte) { position += 1 }
    tokenStart = position
  }

  /// Skips a `#` comment up to (not including) the end of the line.
  private mutating func skipComment() {
    while let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") { position += 1 }
    tokenStart = position
  }

  // MARK: - States

  private mutating func lexStatement() {
    guard let byte = peek() else {
      if parenDepth != 0 {
        fail("unclosed left parenthesis")
      } else if bracketOpen {
        fail("unclosed left bracket")
      } else {
        emit(.eof)
      }
      return
    }
    if byte == UInt8(ascii: "#") { return skipComment() }
    if isSpace(byte) { return skipSpaces() }
    position += 1
    switch byte {
    case UInt8(ascii: ","): emit(.comma)
    case UInt8(ascii: "*"): emit(.op(.mul))
    case UInt8(ascii: "/"): emit(.op(.div))
    case UInt8(ascii: "%"): emit(.op(.mod))
    case UInt8(ascii: "+"): emit(.op(.add))
    case UInt8(ascii: "-"): emit(.op(.sub))
    case UInt8(ascii: "^"): emit(.op(.pow))
    case UInt8(ascii: "@"): emit(.at)
    case UInt8(ascii: "="):
      if peek() == UInt8(ascii: "=") {
        position += 1
        emit(.op(.eql))
      } else if peek() == UInt8(ascii: "~") {
        fail("unexpected character after '=': '~'")
      } else {
        emit(.assign)
      }
    case UInt8(ascii: "!"):
      if peek() == UInt8(ascii: "=") {
        position += 1
        emit(.op(.neq))
      } else {
        fail("unexpected character after '!': \(describeNext())")
      }
    case UInt8(ascii: "<"):
      if peek() == UInt8(ascii: "=") { position += 1; emit(.op(.lte)) } else { emit(.op(.lss)) }
    case UInt8(ascii: ">"):
      if peek() == UInt8(ascii: "=") { position += 1; emit(.op(.gte)) } else { emit(.op(.gtr)) }
    case UInt8(ascii: "\""), UInt8(ascii: "'"): lexString(quote: byte)
    case UInt8(ascii: "`"): lexRawString()
    case UInt8(ascii: "("):
      emit(.leftParen)
      parenDepth += 1
    case UInt8(ascii: ")"):
      parenDepth -= 1
      if parenDepth < 0 {
        // Prometheus reports this just after the parenthesis, in place of it.
        tokenStart = position
        return fail("unexpected right parenthesis ')'")
      }
      emit(.rightParen)
    case UInt8(ascii: "{"):
      emit(.leftBrace)
      braceOpen = true
    case UInt8(ascii: "["):
      if bracketOpen { return failAtPrevious("unexpected left bracket '['") }
      gotColon = false
      gotDuration = false
      emit(.leftBracket)
      skipSpaces()
      bracketOpen = true
      atBracketStart = true
    case UInt8(ascii: "]"):
      if !bracketOpen { return failAtPrevious("unexpected right bracket ']'") }
      emit(.rightBracket)
      bracketOpen = false
    default:
      if isDigit(byte) || (byte == UInt8(ascii: ".") && peek().map(isDigit) == true) {
        position -= 1
        lexNumberOrDuration()
      } else if isAlpha(byte) || byte == UInt8(ascii: ":") {
        if !bracketOpen {
          position -= 1
          return lexKeywordOrIdentifier()
        }
        lexInsideBracket(byte)
      } else {
        position -= 1
        let (character, _) = scalar(at: position) ?? ("\u{FFFD}", 1)
        fail("unexpected character: \(goQuoteRune(character))")
      }
    }
  }

  /// A letter or `:` after a number inside `[...]`: only `:` (subquery) or `step`/`range`/`min`/`max`.
  private mutating func lexInsideBracket(_ byte: UInt8) {
    if byte == UInt8(ascii: ":") {
      if gotColon { return failAtPrevious("unexpected colon ':'") }
      emit(.colon)
      gotColon = true
      return
    }
    if [UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "m"), UInt8(ascii: "M")].contains(byte), scanDurationKeyword() { return }
    position = tokenStart
    fail("unexpected character: \(goQuoteRune(Unicode.Scalar(byte))), expected ':'")
  }

  /// Errors about the character just read are reported at that character.
  private mutating func failAtPrevious(_ message: String) {
    tokenStart = position - 1
    fail(message)
  }

  private func describeNext() -> String {
    guard let (character, _) = scalar(at: position) else { return "U+FFFFFFFFFFFFFFFF" }
    return goQuoteRune(character)
  }

  /// The first token after `[`, read with Prometheus's duration-expression rules.
  private mutating func lexBracketStart() {
    atBracketStart = false
    guard let byte = peek() else { return fail("unexpected end of input in duration expression") }
    position += 1
    switch byte {
    case UInt8(ascii: "]"):
      emit(.rightBracket)
      bracketOpen = false
      gotColon = false
    case UInt8(ascii: ":"):
      // Reported just after the colon, in place of it, as Prometheus does.
      tokenStart = position
      fail(gotDuration ? "unexpected repeated colon in duration expression" : "unexpected colon before duration in duration expression")
    case UInt8(ascii: "("):
      emit(.leftParen)
      parenDepth += 1
      atBracketStart = true
    case UInt8(ascii: "+"):
      emit(.op(.add))
      atBracketStart = true
    case UInt8(ascii: "-"):
      emit(.op(.sub))
      atBracketStart = true
    case UInt8(ascii: "s"), UInt8(ascii: "S"), UInt8(ascii: "m"), UInt8(ascii: "M"), UInt8(ascii: "r"), UInt8(ascii: "R"):
      if scanDurationKeyword() {
        atBracketStart = true
        return
      }
      position = tokenStart
      fail("unexpected character in duration expression: \(goQuoteRune(Unicode.Scalar(byte)))")
    default:
      if isDigit(byte) || (byte == UInt8(ascii: ".") && peek().map(isDigit) == true) {
        position -= 1
        gotDuration = true
        lexNumberOrDuration()
      } else if isSpace(byte) {
        skipSpaces()
        atBracketStart = true
      } else {
        position -= 1
        let (character, _) = scalar(at: position) ?? ("\u{FFFD}", 1)
        fail("unexpected character in duration expression: \(goQuoteRune(character))")
      }
    }
  }

  /// `step`, `range`, `min`, `max` inside brackets (duration expressions).
  private mutating func scanDurationKeyword() -> Bool {
    while let byte = peek(), isAlpha(byte) { position += 1 }
    let word = String(decoding: bytes[tokenStart..<position], as: UTF8.self).lowercased()
    switch word {
    case "step": emit(.keyword(.step))
    case "range": emit(.keyword(.range))
    case "min": emit(.aggregator(.min))
    case "max": emit(.aggregator(.max))
    default: return false
    }
    return true
  }

  private mutating func lexInsideBraces() {
    guard let byte = peek() else { return fail("unexpected end of input inside braces") }
    if byte == UInt8(ascii: "#") { return skipComment() }
    if isSpace(byte) { return skipSpaces() }
    position += 1
    switch byte {
    case UInt8(ascii: ","): emit(.comma)
    case UInt8(ascii: "\""), UInt8(ascii: "'"): lexString(quote: byte)
    case UInt8(ascii: "`"): lexRawString()
    case UInt8(ascii: "="):
      if peek() == UInt8(ascii: "~") {
        position += 1
        emit(.regexMatch)
      } else {
        emit(.assign)
      }
    case UInt8(ascii: "!"):
      switch peek() {
      case UInt8(ascii: "~"):
        position += 1
        emit(.regexNoMatch)
      case UInt8(ascii: "="):
        position += 1
        emit(.notEqualInBraces)
      default:
        fail("unexpected character after '!' inside braces: \(describeNext())")
      }
    case UInt8(ascii: "{"): failAtPrevious("unexpected left brace '{'")
    case UInt8(ascii: "}"):
      emit(.rightBrace)
      braceOpen = false
    default:
      if isAlpha(byte) {
        while let next = peek(), isAlpha(next) || isDigit(next) { position += 1 }
        emit(.identifier)
      } else {
        position -= 1
        let (character, _) = scalar(at: position) ?? ("\u{FFFD}", 1)
        fail("unexpected character inside braces: \(goQuoteRune(character))")
      }
    }
  }

  private mutating func lexKeywordOrIdentifier() {
    while let byte = peek(), isAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: ":") { position += 1 }
    let word = String(decoding: bytes[tokenStart..<position], as: UTF8.self)
    if let kind = Lexer.keywords[word.lowercased()] {
      emit(kind)
    } else if word.contains(":") {
      emit(.metricIdentifier)
    } else {
      emit(.identifier)
    }
  }

  /// A quoted string; checks escapes the way Go does (the value is decoded later).
  private mutating func lexString(quote: UInt8) {
    while true {
      guard let byte = peek() else { return fail("unterminated quoted string") }
      if byte == UInt8(ascii: "\n") { return fail("unterminated quoted string") }
      if byte == UInt8(ascii: "\\") {
        position += 1
        if let message = checkEscape(quote: quote) { return fail(message) }
        continue
      }
      if byte >= 0x80 {
        let (character, width) = scalar(at: position)!
        if character == "\u{FFFD}" { return fail("invalid UTF-8 rune") }
        position += width
        continue
      }
      position += 1
      if byte == quote { break }
    }
    emit(.string)
  }

  private mutating func checkEscape(quote: UInt8) -> String? {
    guard let code = peek() else { return "escape sequence not terminated" }
    let (character, width) = scalar(at: position)!
    position += width
    let digits: Int
    let base: UInt32
    let maxValue: UInt32
    switch code {
    case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"), UInt8(ascii: "v"), UInt8(ascii: "\\"), quote:
      return nil
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      position -= 1
      (digits, base, maxValue) = (3, 8, 255)
    case UInt8(ascii: "x"): (digits, base, maxValue) = (2, 16, 255)
    case UInt8(ascii: "u"): (digits, base, maxValue) = (4, 16, 0x10FFFF)
    case UInt8(ascii: "U"): (digits, base, maxValue) = (8, 16, 0x10FFFF)
    default: return "unknown escape sequence \(goUnicodeDescription(character))"
    }
    var value: UInt32 = 0
    for _ in 0..<digits {
      guard let byte = peek() else { return "escape sequence not terminated" }
      guard let digit = digitValue(byte), digit < base else {
        let (bad, _) = scalar(at: position)!
        return "illegal character \(goUnicodeDescription(bad)) in escape sequence"
      }
      value = value * base + digit
      position += 1
    }
    if value > maxValue || (0xD800..<0xE000).contains(value) { return "escape sequence is an invalid Unicode code point" }
    return nil
  }

  private mutating func lexRawString() {
    while true {
      guard let byte = peek() else { return fail("unterminated raw string") }
      if byte >= 0x80 {
        let (character, width) = scalar(at: position)!
        if character == "\u{FFFD}" { return fail("invalid UTF-8 rune") }
        position += width
        continue
      }
      position += 1
      if byte == UInt8(ascii: "`") { break }
    }
    emit(.string)
  }

  // MARK: - Numbers and durations

  private mutating func lexNumberOrDuration() {
    if scanNumber() {
      emit(.number)
      return
    }
    if acceptRemainingDuration() {
      emit(.duration)
      return
    }
    let text = String(decoding: bytes[tokenStart..<min(position, bytes.count)], as: UTF8.self)
    fail("bad number or duration syntax: \(goQuote(text))")
  }

  private mutating func accept(_ set: String) -> Bool {
    guard let byte = peek(), set.utf8.contains(byte) else { return false }
    position += 1
    return true
  }

  private func nextIs(_ set: String) -> Bool {
    guard let byte = peek() else { return false }
    return set.utf8.contains(byte)
  }

  /// Reads the longest run that looks like a number; false when it is not one (the caller then
  /// tries a duration from the same start, keeping what was consumed for the error text).
  private mutating func scanNumber() -> Bool {
    let initial = position
    var digits = "0123456789"
    if accept("0") && accept("xX") {
      _ = accept("_")
      digits = "0123456789abcdefABCDEF"
    }
    _ = accept(".")
    _ = accept(digits)
    var dotSeen = false
    var exponentSeen = false
    while nextIs(digits + "._eE") {
      if nextIs("."), dotSeen {
        position += 1
        return false
      }
      if nextIs("eE"), exponentSeen {
        position += 1
        return false
      }
      if accept(".") {
        dotSeen = true
        if accept("_.") { return false }
        // Fractional hexadecimal literals are not allowed.
        if digits.count > 10 { return false }
        continue
      }
      // As in Prometheus, `e` counts as an exponent even in hexadecimal literals.
      if accept("eE") {
        exponentSeen = true
        _ = accept("+-")
        if accept("._eE") || peek() == nil { return false }
        continue
      }
      if accept("_") {
        if accept("._eE") || peek() == nil { return false }
        continue
      }
      while nextIs(digits) { position += 1 }
    }
    if position == initial { return false }
    if let byte = peek(), isAlpha(byte) || isDigit(byte) { return false }
    return true
  }

  private mutating func acceptRemainingDuration() -> Bool {
    guard accept("smhdwy") else { return false }
    _ = accept("s")
    while accept("0123456789") {
      while accept("0123456789") {}
      guard accept("smhdw") else { return false }
      _ = accept("s")
    }
    if let byte = peek(), isAlpha(byte) || isDigit(byte) {
      position += 1
      return false
    }
    return true
  }
}

private func isSpace(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}

private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

private func isAlpha(_ byte: UInt8) -> Bool {
  byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
}

private func digitValue(_ byte: UInt8) -> UInt32? {
  switch byte {
  case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
  case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
  case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
  default: nil
  }
}
