// The lexer under both exposition parsers: a read position inside one line of the body that
// hands out names, quoted strings and tokens as byte ranges, and builds errors that point at the
// byte being read.

/// A read position within one line (newline excluded) of an exposition body.
///
/// All reads are bounds-checked against the line, so no input can make it trap. A value type:
/// copy it to look ahead. Valid only while the buffer it came from is.
struct LineCursor {
  /// The whole body.
  let bytes: UnsafeBufferPointer<UInt8>
  /// Index of the line's first byte in `bytes`.
  let lineStart: Int
  /// Index one past the line's last byte (the newline, or the end of the body).
  let lineEnd: Int
  /// The 1-based line number, for errors.
  let line: Int
  /// Index of the next unread byte.
  var position: Int

  init(bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int, line: Int) {
    self.bytes = bytes
    self.lineStart = lineStart
    self.lineEnd = lineEnd
    self.line = line
    position = lineStart
  }

  var isAtEnd: Bool { position >= lineEnd }

  /// The next byte, or nil at the end of the line.
  var current: UInt8? { position < lineEnd ? bytes[position] : nil }

  /// The 1-based byte column of `position`.
  var column: Int { position - lineStart + 1 }

  /// An error at the current position (or at `index`).
  func error(_ message: String, at index: Int? = nil) -> ExpositionError {
    ExpositionError(line: line, column: (index ?? position) - lineStart + 1, message: message)
  }

  /// Moves past spaces and tabs; returns how many were skipped.
  @discardableResult
  mutating func skipBlanks() -> Int {
    let start = position
    while position < lineEnd, bytes[position] == .space || bytes[position] == .tab { position += 1 }
    return position - start
  }

  /// Moves past `byte` or throws naming `what` was expected.
  mutating func expect(_ byte: UInt8, _ what: String) throws(ExpositionError) {
    guard position < lineEnd, bytes[position] == byte else { throw error("expected \(what)\(foundSuffix)") }
    position += 1
  }

  /// Moves past `byte` if it is next; returns whether it was.
  mutating func consume(_ byte: UInt8) -> Bool {
    guard position < lineEnd, bytes[position] == byte else { return false }
    position += 1
    return true
  }

  /// Whether the rest of the line starts with `literal`.
  func hasPrefix(_ literal: StaticString) -> Bool {
    literal.withUTF8Buffer { other in
      guard lineEnd - position >= other.count else { return false }
      for index in 0..<other.count where bytes[position + index] != other[index] { return false }
      return true
    }
  }

  /// ` but found "x"` for error messages, or ` but found end of line`.
  var foundSuffix: String {
    guard let byte = current else { return " but found end of line" }
    if byte >= 0x20 && byte < 0x7f { return " but found \"\(Character(Unicode.Scalar(byte)))\"" }
    return " but found byte 0x\(String(byte, radix: 16))"
  }

  // MARK: - Tokens

  /// Reads a metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
  mutating func readMetricName() throws(ExpositionError) -> String {
    guard let first = current, first.isNameStart || first == .colon else {
      throw error("expected metric name\(foundSuffix)")
    }
    let start = position
    position += 1
    while let byte = current, byte.isNameContinue || byte == .colon { position += 1 }
    return string(start..<position)
  }

  /// Reads a label name (`[a-zA-Z_][a-zA-Z0-9_]*`).
  mutating func readLabelName() throws(ExpositionError) -> String {
    guard let first = current, first.isNameStart else { throw error("expected label name\(foundSuffix)") }
    let start = position
    position += 1
    while let byte = current, byte.isNameContinue { position += 1 }
    return string(start..<position)
  }

  /// Reads the bytes up to the next blank or the end of the line.
  mutating func readToken() -> Range<Int> {
    let start = position
    while position < lineEnd, bytes[position] != .space, bytes[position] != .tab { position += 1 }
    return start..<position
  }

  /// Reads the bytes up to the next space (not tab) or the end of the line: OpenMetrics tokens.
  mutating func readTokenUntilSpace() -> Range<Int> {
    let start = position
    while position < lineEnd, bytes[position] != .space { position += 1 }
    return start..<position
  }

  /// Reads a double-quoted string, starting at its opening quote, and unescapes it.
  ///
  /// - Parameters:
  ///   - isStrict: When true (text 0.0.4) only `\\`, `\"` and `\n` are escapes and anything else
  ///     after a backslash is an error; when false (OpenMetrics) other pairs are kept as written.
  ///   - maxBytes: The longest unescaped value allowed; 0 for no limit.
  mutating func readQuoted(isStrict: Bool, maxBytes: Int) throws(ExpositionError) -> String {
    try expect(.quote, "\"\\\"\" to open label value")
    let start = position
    // Fast path: no escapes, so the value is a slice of the input.
    while position < lineEnd, bytes[position] != .quote, bytes[position] != .backslash { position += 1 }
    if position < lineEnd, bytes[position] == .quote {
      try checkLength(position - start, maxBytes: maxBytes, at: start)
      position += 1
      return string(start..<position - 1)
    }
    var unescaped = Array(bytes[start..<position])
    while position < lineEnd {
      let byte = bytes[position]
      if byte == .quote {
        try checkLength(unescaped.count, maxBytes: maxBytes, at: start)
        position += 1
        return String(decoding: unescaped, as: UTF8.self)
      }
      if byte != .backslash {
        unescaped.append(byte)
        position += 1
        continue
      }
      guard position + 1 < lineEnd else { break }
      let next = bytes[position + 1]
      switch next {
      case .backslash, .quote: unescaped.append(next)
      case .letterN: unescaped.append(.newline)
      default:
        if isStrict { throw error("invalid escape sequence in label value; expected \\\\, \\\" or \\n") }
        unescaped.append(byte)
        unescaped.append(next)
      }
      position += 2
    }
    throw error("expected closing \"\\\"\" of label value but found end of line")
  }

  private func checkLength(_ count: Int, maxBytes: Int, at start: Int) throws(ExpositionError) {
    if maxBytes > 0 && count > maxBytes {
      throw error("label value of \(count) bytes exceeds the limit of \(maxBytes) bytes", at: start)
    }
  }

  /// The bytes in `range` as a String (invalid UTF-8 is repaired).
  func string(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  /// The bytes in `range`.
  func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[range])
  }
}

// MARK: - Byte classes

extension UInt8 {
  static let newline = UInt8(ascii: "\n")
  static let space = UInt8(ascii: " ")
  static let tab = UInt8(ascii: "\t")
  static let hash = UInt8(ascii: "#")
  static let quote = UInt8(ascii: "\"")
  static let backslash = UInt8(ascii: "\\")
  static let colon = UInt8(ascii: ":")
  static let comma = UInt8(ascii: ",")
  static let equals = UInt8(ascii: "=")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")
  static let letterN = UInt8(ascii: "n")

  /// `[a-zA-Z_]`
  var isNameStart: Bool {
    let lower = self | 0x20
    return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || self == UInt8(ascii: "_")
  }

  /// `[a-zA-Z0-9_]`
  var isNameContinue: Bool { isNameStart || isDigit }

  var isDigit: Bool { self &- UInt8(ascii: "0") < 10 }
}
