// What a line-filter regex needs from the regex engine. Most `|~` filters people type are plain
// words (`|~ "error"`), case-insensitive words (`|~ "(?i)timeout"`) or word alternations
// (`|~ "warn|error"`): those become byte searches and never build a String. Other regexes still
// contain a literal every match must include (`error=\w+` needs `error=`); searching for it first
// rejects most lines before the regex engine runs.

struct RegexLiterals: Equatable {
  enum Shape: Equatable {
    /// Matches exactly when the line contains one of these literals.
    case literals([[UInt8]])
    /// Needs the regex engine; every match contains `required` when it is set.
    case general(required: [UInt8]?)
  }

  var shape: Shape
  /// The whole regex is under `(?i)` (and its literals are ASCII, so ASCII folding is exact).
  var caseInsensitive: Bool

  init(_ pattern: String) {
    var scalars = Array(pattern.unicodeScalars)[...]
    var caseInsensitive = false
    // Leading flag groups: `(?i)`, `(?s)`, `(?is)`... Only `i` changes what a literal matches.
    while scalars.starts(with: ["(", "?"]), let close = scalars.firstIndex(of: ")") {
      let flags = scalars[(scalars.startIndex + 2)..<close]
      guard !flags.isEmpty, flags.allSatisfy({ "imsU".unicodeScalars.contains($0) }) else { break }
      if flags.contains("i") { caseInsensitive = true }
      scalars = scalars[(close + 1)...]
    }
    self.caseInsensitive = caseInsensitive
    let body = Array(scalars)
    if let alternatives = Self.literalAlternatives(body), !(caseInsensitive && alternatives.contains { !Self.isASCII($0) }) {
      shape = .literals(alternatives)
      return
    }
    var required = Self.longestRequiredRun(body)
    if let run = required, run.isEmpty || (caseInsensitive && !Self.isASCII(run)) { required = nil }
    shape = .general(required: required)
  }

  private static let meta: Set<Unicode.Scalar> = ["\\", ".", "+", "*", "?", "(", ")", "[", "]", "{", "}", "^", "$", "|"]

  private static func isASCII(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

  /// `\.` style escapes of punctuation are literal; escapes of letters and digits are classes,
  /// anchors or control characters.
  private static func escapedLiteral(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII && !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
  }

  /// `a|b|c` made of literals only; nil when any part has regex syntax. A single literal is an
  /// alternation of one.
  private static func literalAlternatives(_ body: [Unicode.Scalar]) -> [[UInt8]]? {
    var parts: [[UInt8]] = []
    var current: [UInt8] = []
    var index = 0
    while index < body.count {
      let scalar = body[index]
      if scalar == "|" {
        parts.append(current)
        current = []
      } else if scalar == "\\" {
        guard index + 1 < body.count, escapedLiteral(body[index + 1]) else { return nil }
        current.append(contentsOf: String(body[index + 1]).utf8)
        index += 1
      } else if meta.contains(scalar) {
        return nil
      } else {
        current.append(contentsOf: String(scalar).utf8)
      }
      index += 1
    }
    parts.append(current)
    return parts
  }

  /// The longest literal run that every match must contain, from the top-level sequence; nil when
  /// the regex has a top-level alternation or an inline flag group that could change case rules.
  private static func longestRequiredRun(_ body: [Unicode.Scalar]) -> [UInt8]? {
    var best: [UInt8] = []
    var run: [UInt8] = []
    func endRun() {
      if run.count > best.count { best = run }
      run = []
    }
    var index = 0
    /// Whether the atom ending before `index` is made optional or repeated by a quantifier; moves
    /// past the quantifier. `+` keeps one mandatory copy.
    func quantifier() -> (optional: Bool, repeated: Bool) {
      guard index < body.count else { return (false, false) }
      let next = body[index]
      guard next == "*" || next == "?" || next == "+" || next == "{" else { return (false, false) }
      if next == "{" {
        let close = body[index...].firstIndex(of: "}") ?? body.count - 1
        let inside = String(String.UnicodeScalarView(body[(index + 1)..<close]))
        index = close + 1
        if index < body.count, body[index] == "?" { index += 1 }
        let minimum = Int(inside.split(separator: ",", omittingEmptySubsequences: false).first ?? "") ?? 0
        return (minimum == 0, true)
      }
      index += 1
      if index < body.count, body[index] == "?" || body[index] == "+" { index += 1 }
      return (next != "+", true)
    }
    while index < body.count {
      let scalar = body[index]
      switch scalar {
      case "|":
        return nil
      case "\\":
        guard index + 1 < body.count else { return nil }
        let escaped = body[index + 1]
        index += 2
        if escapedLiteral(escaped) {
          let bytes = Array(String(escaped).utf8)
          let (optional, repeated) = quantifier()
          if optional { endRun(); continue }
          run.append(contentsOf: bytes)
          if repeated { endRun() }
        } else {
          if escaped == "Q" || escaped == "E" { return nil }
          endRun()
          _ = quantifier()
        }
      case "(":
        if index + 1 < body.count, body[index + 1] == "?", index + 2 < body.count,
          body[index + 2] != ":", body[index + 2] != "P", body[index + 2] != "<"
        {
          return nil  // an inline flag group part-way through
        }
        endRun()
        guard let close = closingParen(body, from: index) else { return nil }
        index = close + 1
        _ = quantifier()
      case "[":
        endRun()
        guard let close = closingBracket(body, from: index) else { return nil }
        index = close + 1
        _ = quantifier()
      case ".", "^", "$":
        endRun()
        index += 1
        _ = quantifier()
      case ")", "]", "{", "}", "*", "+", "?":
        endRun()
        index += 1
      default:
        index += 1
        let bytes = Array(String(scalar).utf8)
        let (optional, repeated) = quantifier()
        if optional { endRun(); continue }
        run.append(contentsOf: bytes)
        if repeated { endRun() }
      }
    }
    endRun()
    return best
  }

  private static func closingParen(_ body: [Unicode.Scalar], from start: Int) -> Int? {
    var depth = 0
    var index = start
    while index < body.count {
      switch body[index] {
      case "\\": index += 1
      case "[":
        guard let close = closingBracket(body, from: index) else { return nil }
        index = close
      case "(": depth += 1
      case ")":
        depth -= 1
        if depth == 0 { return index }
      default: break
      }
      index += 1
    }
    return nil
  }

  private static func closingBracket(_ body: [Unicode.Scalar], from start: Int) -> Int? {
    var index = start + 1
    if index < body.count, body[index] == "^" { index += 1 }
    if index < body.count, body[index] == "]" { index += 1 }
    while index < body.count {
      switch body[index] {
      case "\\": index += 1
      case "[":
        // `[:alpha:]` inside a class.
        if index + 1 < body.count, body[index + 1] == ":",
          let end = body[(index + 2)...].firstIndex(of: "]")
        {
          index = end
        }
      case "]": return index
      default: break
      }
      index += 1
    }
    return nil
  }
}
