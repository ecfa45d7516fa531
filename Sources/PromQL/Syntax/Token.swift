// The lexer's output: token kinds, keywords, and how a token is named in error messages
// ("unexpected <op:*>", "unexpected identifier \"x\""), in Prometheus's wording.

/// Words with a meaning of their own outside braces (matched case-insensitively).
enum Keyword: String, Sendable {
  case offset, by, without, on, ignoring, bool, start, end, step, range, smoothed, anchored
  case groupLeft = "group_left"
  case groupRight = "group_right"
}

enum TokenKind: Sendable, Equatable {
  case eof
  /// A lexing error; the token's text is Prometheus's message.
  case error
  case comma, leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket, colon, at
  /// `=`, `=~`, `!~` (and `!=` inside braces, which outside braces is the `!=` operator).
  case assign, regexMatch, regexNoMatch, notEqualInBraces
  case op(BinaryOp)
  case aggregator(AggregationOp)
  case keyword(Keyword)
  case number, duration, string, identifier, metricIdentifier
}

struct Token: Sendable {
  var kind: TokenKind
  /// Byte offsets of the token text in the query.
  var start: Int
  var end: Int
  var text: String

  var range: PositionRange { PositionRange(start: start, end: end) }

  /// How Prometheus names the token in "unexpected ..." messages.
  var described: String {
    switch kind {
    case .eof: return "end of input"
    case .error: return text
    case .op(let op): return "<op:\(text.isEmpty ? op.rawValue : text)>"
    // Prometheus counts these among its operators too.
    case .at, .regexMatch, .regexNoMatch, .notEqualInBraces: return "<op:\(text)>"
    case .aggregator: return "<aggr:\(text)>"
    case .keyword: return "<\(text)>"
    case .identifier: return "identifier \(goQuote(text))"
    case .metricIdentifier: return "metric identifier \(goQuote(text))"
    case .number: return "number \(Token.shortQuote(text))"
    case .duration: return "duration \(Token.shortQuote(text))"
    case .string: return "string \(Token.shortQuote(text))"
    default: return goQuote(text)
    }
  }

  /// Go's `%.10q...` for long values, `%q` otherwise.
  private static func shortQuote(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count > 10 else { return goQuote(text) }
    var prefix = String.UnicodeScalarView()
    prefix.append(contentsOf: scalars[0..<10])
    return goQuote(String(prefix)) + "..."
  }
}

/// A Go `%q` rendering of a string: double quotes, Go escapes (non-printable characters as
/// \x, \u or \U escapes). Also used by the HTTP API's error messages, which Prometheus words with %q.
package func goQuote(_ text: String) -> String {
  var out = "\""
  for scalar in text.unicodeScalars {
    out += goEscaped(scalar, quote: "\"")
  }
  return out + "\""
}

/// A Go `%q` rendering of one character: `'x'`.
func goQuoteRune(_ scalar: Unicode.Scalar) -> String {
  "'" + goEscaped(scalar, quote: "'") + "'"
}

/// Go's `%#U`: `U+0063 'c'`, or just `U+000A` for characters that do not print.
func goUnicodeDescription(_ scalar: Unicode.Scalar) -> String {
  var hex = String(scalar.value, radix: 16, uppercase: true)
  while hex.count < 4 { hex = "0" + hex }
  return isPrintable(scalar) ? "U+\(hex) '\(Character(scalar))'" : "U+\(hex)"
}

private func goEscaped(_ scalar: Unicode.Scalar, quote: Character) -> String {
  switch scalar {
  case "\u{07}": return "\\a"
  case "\u{08}": return "\\b"
  case "\u{0C}": return "\\f"
  case "\n": return "\\n"
  case "\r": return "\\r"
  case "\t": return "\\t"
  case "\u{0B}": return "\\v"
  case "\\": return "\\\\"
  default: break
  }
  if Character(scalar) == quote { return "\\\(quote)" }
  // U+FFFD stands for bytes that were not UTF-8; the lexer refuses it written as is, so it is
  // always escaped to read back.
  if scalar == "\u{FFFD}" { return "\\ufffd" }
  if isPrintable(scalar) { return String(Character(scalar)) }
  let value = scalar.value
  if value < 0x80 { return "\\x" + hexDigits(value, count: 2) }
  if value <= 0xFFFF { return "\\u" + hexDigits(value, count: 4) }
  return "\\U" + hexDigits(value, count: 8)
}

private func hexDigits(_ value: UInt32, count: Int) -> String {
  var text = String(value, radix: 16)
  while text.count < count { text = "0" + text }
  return text
}

/// Close to Go's `unicode.IsPrint`: everything but control, format, separator (except the space)
/// and private-use characters.
func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
  if scalar == " " { return true }
  switch scalar.properties.generalCategory {
  case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .privateUse, .surrogate, .unassigned:
    return false
  default:
    return true
  }
}
