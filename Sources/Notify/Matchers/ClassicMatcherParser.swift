// Alertmanager's classic matcher syntax (versions before 0.27), the fallback when the UTF-8
// syntax refuses a text: a Prometheus label name, an operator, and the rest of the item as the
// value, optionally double-quoted (OpenMetrics escapes `\"`, `\\`, `\n`; a lone backslash is literal).
import WardenCore

enum ClassicMatcherParser {
  static func parse(_ text: String) throws(MatcherParseError) -> [LabelMatcher] {
    var body = Substring(text).trimmingWhitespace()
    if body.hasPrefix("{") {
      guard body.hasSuffix("}"), body.count >= 2 else { throw MatcherParseError("missing closing \"}\"", input: text) }
      body = body.dropFirst().dropLast()
    } else if body.hasSuffix("}") {
      throw MatcherParseError("unexpected \"}\" without an opening \"{\"", input: text)
    }
    let items = splitOutsideQuotes(body)
    var matchers: [LabelMatcher] = []
    for (offset, item) in items.enumerated() {
      let trimmed = item.trimmingWhitespace()
      if trimmed.isEmpty {
        // One trailing comma is allowed, and `{}` is an empty list.
        if offset == items.count - 1 { continue }
        throw MatcherParseError("empty matcher between commas", input: text)
      }
      matchers.append(try parseItem(trimmed, input: text))
    }
    return matchers
  }

  /// Splits at commas that are not inside a double-quoted value.
  private static func splitOutsideQuotes(_ text: Substring) -> [Substring] {
    var items: [Substring] = []
    var quoted = false
    var escaped = false
    var start = text.startIndex
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if escaped {
        escaped = false
      } else if character == "\\" && quoted {
        escaped = true
      } else if character == "\"" {
        quoted.toggle()
      } else if character == "," && !quoted {
        items.append(text[start..<index])
        start = text.index(after: index)
      }
      index = text.index(after: index)
    }
    items.append(text[start..<text.endIndex])
    return items
  }

  private static func parseItem(_ item: Substring, input: String) throws(MatcherParseError) -> LabelMatcher {
    var index = item.startIndex
    while index < item.endIndex, isNameCharacter(item[index], first: index == item.startIndex) {
      index = item.index(after: index)
    }
    let name = String(item[item.startIndex..<index])
    guard !name.isEmpty else {
      throw MatcherParseError("expected a label name at \"\(item)\"", input: input)
    }
    let rest = item[index...].trimmingWhitespace()
    let kind: LabelMatcher.Kind
    if rest.hasPrefix("=~") {
      kind = .regexMatch
    } else if rest.hasPrefix("!=") {
      kind = .notEqual
    } else if rest.hasPrefix("!~") {
      kind = .regexNoMatch
    } else if rest.hasPrefix("=") {
      kind = .equal
    } else {
      throw MatcherParseError("expected an operator (=, !=, =~, !~) after label name \"\(name)\"", input: input)
    }
    let raw = rest.dropFirst(kind.rawValue.count).trimmingWhitespace()
    let value: String
    if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
      value = try unescape(raw.dropFirst().dropLast(), input: input)
    } else {
      guard !raw.contains("\"") else {
        throw MatcherParseError("unbalanced double quote in the value of \"\(name)\"", input: input)
      }
      value = String(raw)
    }
    return try MatcherParser.makeMatcher(kind, name, value, position: 1, input: input)
  }

  private static func unescape(_ text: Substring, input: String) throws(MatcherParseError) -> String {
    var out = ""
    var escaped = false
    for character in text {
      if escaped {
        switch character {
        case "n": out.append("\n")
        case "\\", "\"": out.append(character)
        default: out.append("\\"); out.append(character)
        }
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "\"" {
        throw MatcherParseError("unescaped double quote inside a quoted value", input: input)
      } else {
        out.append(character)
      }
    }
    if escaped { out.append("\\") }
    return out
  }

  private static func isNameCharacter(_ character: Character, first: Bool) -> Bool {
    guard let ascii = character.asciiValue else { return false }
    switch ascii {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"):
      return true
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      return !first
    default:
      return false
    }
  }
}

extension Substring {
  fileprivate func trimmingWhitespace() -> Substring {
    var start = startIndex
    var end = endIndex
    while start < end, self[start].isWhitespace { start = index(after: start) }
    while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
    return self[start..<end]
  }
}
