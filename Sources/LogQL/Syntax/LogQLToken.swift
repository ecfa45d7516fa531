// The LogQL lexer's output: token kinds and how a token is named in "syntax error: unexpected ..."
// messages (Loki's yacc names tokens by kind: IDENTIFIER, STRING, NUMBER, or by their text).
import PromQL

enum LogQLTokenKind: Sendable, Equatable {
  case eof
  /// A lexing error; the token's text is the message.
  case error
  case leftBrace, rightBrace, leftParen, rightParen, comma
  /// `[5m]`, read whole as Loki does; the text is what is between the brackets.
  case range
  /// `=`, `!=`, `=~`, `!~`, `==`, `>`, `>=`, `<`, `<=`.
  case assign, notEqual, regexMatch, regexNoMatch, equalEqual, greater, greaterOrEqual, less, lessOrEqual
  /// `|`, `|=`, `|~`, and the pattern line filters `|>` / `!>` (recognised only to refuse them clearly).
  case pipe, pipeContains, pipeMatch, pipePattern, notPattern
  case add, sub, mul, div, mod, pow
  case number, duration, bytes, identifier
  /// A double-quoted or backquoted string; the token's text is the decoded value.
  case string
  /// `--strict`, `--keep-empty` after `logfmt`.
  case flag
}

struct LogQLToken: Sendable {
  var kind: LogQLTokenKind
  /// Byte offsets of the token in the query.
  var start: Int
  var end: Int
  /// The source text, except for strings (the decoded value), ranges (the text between the
  /// brackets) and errors (the message).
  var text: String

  var range: PositionRange { PositionRange(start: start, end: end) }

  /// Whether this is the identifier `word`, ignoring case (LogQL keywords are case-insensitive).
  func isWord(_ word: String) -> Bool {
    kind == .identifier && text.count == word.count && text.lowercased() == word
  }

  /// The lower-cased identifier text, nil for other tokens.
  var word: String? { kind == .identifier ? text.lowercased() : nil }

  /// How the token is named after "unexpected".
  var described: String {
    switch kind {
    case .eof: return "end of input"
    case .error: return text
    case .identifier: return "IDENTIFIER \(goQuote(text))"
    case .string: return "STRING \(LogQLToken.shortQuote(text))"
    case .number: return "NUMBER \(text)"
    case .duration: return "DURATION \(text)"
    case .bytes: return "BYTES \(text)"
    case .range: return "RANGE [\(text)]"
    case .flag: return "FLAG \(text)"
    default: return text
    }
  }

  private static func shortQuote(_ text: String) -> String {
    guard text.unicodeScalars.count > 24 else { return goQuote(text) }
    var prefix = String.UnicodeScalarView()
    prefix.append(contentsOf: text.unicodeScalars.prefix(24))
    return goQuote(String(prefix)) + "..."
  }
}
