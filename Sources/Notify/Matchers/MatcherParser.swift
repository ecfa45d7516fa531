// Alertmanager's matcher syntax (route `matchers:`, inhibit rules, the API's `filter`, amtool):
// `foo="bar"`, `foo=~"a|b"`, `foo!=x`, lists with or without `{...}` and a trailing comma.
// Parsed as Alertmanager's default "fallback" mode does: the UTF-8 syntax first, and when that
// refuses the text, the classic syntax (unquoted values with spaces, `foo=`), so both old and new
// configurations load. Written here from Alertmanager's documented grammar.
package import WardenCore

package enum MatcherParser {
  /// Longest matcher text accepted; configuration and API filters are far shorter.
  package static let maxInputCharacters = 64 << 10
  /// Most matchers in one text.
  package static let maxMatchers = 1_000

  /// Parses a matcher list such as `{alertname="Watchdog", severity=~"warning|critical"}`.
  /// An empty text (or `{}`) is an empty list.
  /// - Throws: `MatcherParseError` naming the problem and its position.
  package static func parse(_ text: String) throws(MatcherParseError) -> [LabelMatcher] {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count <= maxInputCharacters else {
      throw MatcherParseError("longer than \(maxInputCharacters) characters", input: text)
    }
    var utf8Parser = UTF8MatcherParser(scalars: scalars, input: text)
    let strict: MatcherParseError
    do throws(MatcherParseError) {
      return try utf8Parser.parseList()
    } catch {
      strict = error
    }
    // Regex errors are the same in both syntaxes; report them as found.
    if strict.message.hasPrefix("invalid regular expression") { throw strict }
    if let classic = try? ClassicMatcherParser.parse(text), classic.count <= maxMatchers {
      return classic
    }
    throw strict
  }

  /// Parses exactly one matcher (`foo=~"a|b"`), as a silence's or amtool's single argument.
  /// - Throws: `MatcherParseError` when the text is not exactly one matcher.
  package static func parseOne(_ text: String) throws(MatcherParseError) -> LabelMatcher {
    let list = try parse(text)
    guard list.count == 1 else {
      throw MatcherParseError("expected exactly one matcher, found \(list.count)", input: text)
    }
    return list[0]
  }

  /// The matcher in the UTF-8 syntax, quoted so that it parses back to itself
  /// (`job="node"`, `"service name"=~"a|b"`).
  package static func format(_ matcher: LabelMatcher) -> String {
    let plainName = !matcher.name.isEmpty && matcher.name.unicodeScalars.enumerated().allSatisfy { offset, scalar in
      scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || (offset > 0 && ("0"..."9").contains(scalar))
    }
    return (plainName ? matcher.name : quoted(matcher.name)) + matcher.kind.rawValue + quoted(matcher.value)
  }

  /// A double-quoted string with `\\`, `\"` and line breaks escaped.
  package static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func makeMatcher(
    _ kind: LabelMatcher.Kind, _ name: String, _ value: String, position: Int, input: String
  ) throws(MatcherParseError) -> LabelMatcher {
    guard !name.isEmpty else { throw MatcherParseError("empty label name", position: position, input: input) }
    do throws(LabelMatcherError) {
      return try LabelMatcher(kind, name, value)
    } catch {
      throw MatcherParseError(error.message, position: position, input: input)
    }
  }
}

// MARK: - The UTF-8 syntax

/// Tokens of the UTF-8 syntax: braces, commas, operators, quoted strings and unquoted literals.
private enum MatcherToken: Equatable {
  case openBrace, closeBrace, comma, end
  case op(LabelMatcher.Kind)
  case literal(String, quoted: Bool)
}

/// Recursive-descent parser over Unicode scalars; positions are 1-based scalar offsets.
private struct UTF8MatcherParser {
  let scalars: [Unicode.Scalar]
  let input: String
  var index = 0

  init(scalars: [Unicode.Scalar], input: String) {
    self.scalars = scalars
    self.input = input
  }

  /// Characters an unquoted literal cannot contain (Alertmanager's reserved set) besides whitespace.
  private static let reserved: Set<Unicode.Scalar> = ["{", "}", "!", "=", "~", ",", "\\", "\"", "'", "`"]

  mutating func parseList() throws(MatcherParseError) -> [LabelMatcher] {
    var matchers: [LabelMatcher] = []
    var (token, position) = try nextToken()
    let braced = token == .openBrace
    if braced { (token, position) = try nextToken() }
    while true {
      switch token {
      case .closeBrace:
        guard braced else { throw error("unexpected \"}\" without an opening \"{\"", position) }
        let (after, afterPosition) = try nextToken()
        guard after == .end else { throw error("unexpected \(describe(after)) after the closing \"}\"", afterPosition) }
        return matchers
      case .end:
        if braced { throw error("missing closing \"}\"", position) }
        return matchers
      case .literal(let name, _):
        let namePosition = position
        let (opToken, opPosition) = try nextToken()
        guard case .op(let kind) = opToken else {
          throw error("expected an operator (=, !=, =~, !~) after label name \"\(name)\", found \(describe(opToken))", opPosition)
        }
        let (valueToken, valuePosition) = try nextToken()
        guard case .literal(let value, _) = valueToken else {
          throw error("expected a label value after \"\(kind.rawValue)\", found \(describe(valueToken))", valuePosition)
        }
        matchers.append(try MatcherParser.makeMatcher(kind, name, value, position: namePosition, input: input))
        if matchers.count > MatcherParser.maxMatchers {
          throw error("more than \(MatcherParser.maxMatchers) matchers", namePosition)
        }
        let (separator, separatorPosition) = try nextToken()
        switch separator {
        case .comma: (token, position) = try nextToken()
        case .closeBrace, .end: (token, position) = (separator, separatorPosition)
        default: throw error("expected \",\" or the end after a matcher, found \(describe(separator))", separatorPosition)
        }
      default:
        throw error("expected a label name, found \(describe(token))", position)
      }
    }
  }

  private func describe(_ token: MatcherToken) -> String {
    switch token {
    case .openBrace: return "\"{\""
    case .closeBrace: return "\"}\""
    case .comma: return "\",\""
    case .end: return "the end of the input"
    case .op(let kind): return "\"\(kind.rawValue)\""
    case .literal(let text, let quoted): return quoted ? "\"\\\"\(text)\\\"\"" : "\"\(text)\""
    }
  }

  private func error(_ message: String, _ position: Int) -> MatcherParseError {
    MatcherParseError(message, position: position, input: input)
  }

  private mutating func nextToken() throws(MatcherParseError) -> (MatcherToken, Int) {
    while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
    let position = index + 1
    guard index < scalars.count else { return (.end, position) }
    let scalar = scalars[index]
    switch scalar {
    case "{": index += 1; return (.openBrace, position)
    case "}": index += 1; return (.closeBrace, position)
    case ",": index += 1; return (.comma, position)
    case "=":
      index += 1
      if index < scalars.count, scalars[index] == "~" { index += 1; return (.op(.regexMatch), position) }
      return (.op(.equal), position)
    case "!":
      index += 1
      if index < scalars.count, scalars[index] == "=" { index += 1; return (.op(.notEqual), position) }
      if index < scalars.count, scalars[index] == "~" { index += 1; return (.op(.regexNoMatch), position) }
      throw error("expected \"=\" or \"~\" after \"!\"", position + 1)
    case "\"":
      return (.literal(try quotedString(), quoted: true), position)
    default:
      if Self.reserved.contains(scalar) {
        throw error("unexpected \"\(scalar)\"; quote values with double quotes", position)
      }
      var text = String.UnicodeScalarView()
      while index < scalars.count, !scalars[index].properties.isWhitespace, !Self.reserved.contains(scalars[index]) {
        text.append(scalars[index])
        index += 1
      }
      return (.literal(String(text), quoted: false), position)
    }
  }

  /// A double-quoted string with Go's escapes (`\"`, `\\`, `\n`, `\t`, `\xhh`, `\ooo`, `\uXXXX`...).
  /// Byte escapes build UTF-8 sequences, so `"\xf0\x9f\x99\x82"` is one emoji.
  private mutating func quotedString() throws(MatcherParseError) -> String {
    let start = index + 1
    index += 1
    var bytes: [UInt8] = []
    while true {
      guard index < scalars.count else { throw error("unterminated quoted string", start) }
      let scalar = scalars[index]
      index += 1
      if scalar == "\"" { break }
      guard scalar == "\\" else {
        bytes.append(contentsOf: String(Character(scalar)).utf8)
        continue
      }
      guard index < scalars.count else { throw error("unterminated quoted string", start) }
      let escape = scalars[index]
      let escapePosition = index
      index += 1
      switch escape {
      case "\"": bytes.append(0x22)
      case "\\": bytes.append(0x5C)
      case "n": bytes.append(0x0A)
      case "t": bytes.append(0x09)
      case "r": bytes.append(0x0D)
      case "a": bytes.append(0x07)
      case "b": bytes.append(0x08)
      case "f": bytes.append(0x0C)
      case "v": bytes.append(0x0B)
      case "x": bytes.append(UInt8(try hexDigits(2, at: escapePosition)))
      case "u", "U":
        let value = try hexDigits(escape == "u" ? 4 : 8, at: escapePosition)
        guard let unicode = Unicode.Scalar(value) else { throw error("invalid Unicode escape", escapePosition) }
        bytes.append(contentsOf: String(Character(unicode)).utf8)
      case "0"..."7":
        var value = Int(escape.value - 48)
        for _ in 0..<2 {
          guard index < scalars.count, ("0"..."7").contains(scalars[index]) else {
            throw error("octal escape needs three digits", escapePosition)
          }
          value = value * 8 + Int(scalars[index].value - 48)
          index += 1
        }
        guard value <= 255 else { throw error("octal escape above \\377", escapePosition) }
        bytes.append(UInt8(value))
      default:
        throw error("unknown escape \"\\\(escape)\" (escape a backslash as \"\\\\\")", escapePosition)
      }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw error("quoted string is not valid UTF-8", start)
    }
    return text
  }

  private mutating func hexDigits(_ count: Int, at position: Int) throws(MatcherParseError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<count {
      guard index < scalars.count, scalars[index].isASCII, let digit = UInt32(String(scalars[index]), radix: 16) else {
        throw error("escape needs \(count) hexadecimal digits", position)
      }
      value = value &* 16 &+ digit
      index += 1
    }
    return value
  }
}
