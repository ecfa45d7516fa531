// The regex constructs Swift accepts but Go's RE2 rejects (lookaround, backreferences, atomic
// groups, possessive quantifiers), so label_replace() fails on the same patterns Prometheus does.

enum RE2Syntax {
  /// The first unsupported construct in `pattern`, or nil. Escapes and character classes are
  /// skipped, since the same characters are literal there.
  static func unsupportedConstruct(in pattern: String) -> String? {
    let scalars = Array(pattern.unicodeScalars)
    var index = 0
    var inClass = false
    func text(_ count: Int) -> String {
      String(String.UnicodeScalarView(scalars[index..<Swift.min(index + count, scalars.count)]))
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\\" {
        if !inClass, index + 1 < scalars.count {
          let next = scalars[index + 1]
          if ("1"..."9").contains(next) || next == "k" || next == "g" { return text(2) }
        }
        index += 2
        continue
      }
      if inClass {
        if scalar == "]" { inClass = false }
        index += 1
        continue
      }
      switch scalar {
      case "[":
        inClass = true
        // A `]` right after `[` or `[^` is literal.
        if index + 1 < scalars.count, scalars[index + 1] == "^" { index += 1 }
        if index + 1 < scalars.count, scalars[index + 1] == "]" { index += 1 }
      case "(":
        if index + 2 < scalars.count, scalars[index + 1] == "?" {
          let kind = scalars[index + 2]
          if kind == "=" || kind == "!" || kind == ">" || kind == "|" { return text(3) }
          if kind == "<", index + 3 < scalars.count, scalars[index + 3] == "=" || scalars[index + 3] == "!" {
            return text(4)
          }
        }
      case "*", "+", "?", "}":
        if index + 1 < scalars.count, scalars[index + 1] == "+" { return text(2) }
      default:
        break
      }
      index += 1
    }
    return nil
  }
}
