// A regex replacement template (`$1`, `${1}`, `$name`, `${name}`, `$$`), parsed once and expanded
// per match with the rules of Go's regexp.Expand, which both Prometheus relabeling
// (`replacement`, `target_label`) and PromQL's label_replace() inherit: templates copied from
// Prometheus expand the same way in Warden.

package struct ExpansionTemplate: Sendable, Equatable {
  package enum Segment: Sendable, Equatable {
    case literal(String)
    case group(Int)
    case namedGroup(String)
  }

  package let segments: [Segment]

  /// True when the template has no `$` reference, so expanding it needs no match at all.
  package var isLiteral: Bool { segments.allSatisfy { if case .literal = $0 { true } else { false } } }

  /// The template's text when it is a single literal (or empty), else nil.
  package var literalText: String? {
    guard isLiteral else { return nil }
    return segments.map { if case .literal(let text) = $0 { text } else { "" } }.joined()
  }

  /// Go's rules: `$$` is a `$`; `$name` takes the longest run of letters, digits and `_`;
  /// `${name}` needs its closing brace; a name of digits only (no leading zero) is a group
  /// number; anything malformed after a `$` leaves the `$` as literal text.
  package init(_ template: String) {
    var segments: [Segment] = []
    var literal = ""
    let scalars = Array(template.unicodeScalars)
    var index = 0
    func flush() {
      if !literal.isEmpty { segments.append(.literal(literal)) }
      literal = ""
    }
    while index < scalars.count {
      let scalar = scalars[index]
      guard scalar == "$" else {
        literal.unicodeScalars.append(scalar)
        index += 1
        continue
      }
      index += 1
      if index < scalars.count, scalars[index] == "$" {
        literal.append("$")
        index += 1
        continue
      }
      var cursor = index
      let braced = cursor < scalars.count && scalars[cursor] == "{"
      if braced { cursor += 1 }
      let nameStart = cursor
      while cursor < scalars.count, Self.isWordScalar(scalars[cursor]) { cursor += 1 }
      let name = String(String.UnicodeScalarView(scalars[nameStart..<cursor]))
      if name.isEmpty || (braced && (cursor >= scalars.count || scalars[cursor] != "}")) {
        literal.append("$")
        continue
      }
      if braced { cursor += 1 }
      index = cursor
      flush()
      if let number = Self.groupNumber(name) {
        segments.append(.group(number))
      } else {
        segments.append(.namedGroup(name))
      }
    }
    flush()
    self.segments = segments
  }

  /// The expansion against one match, given how to read its groups by number and by name;
  /// references to absent or non-participating groups are "".
  package func expand<Text: StringProtocol>(group: (Int) -> Text?, named: (String) -> Text?) -> String {
    var out = ""
    for segment in segments {
      switch segment {
      case .literal(let text): out += text
      case .group(let number): if let text = group(number) { out += text }
      case .namedGroup(let name): if let text = named(name) { out += text }
      }
    }
    return out
  }

  private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "_" { return true }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
      return true
    default:
      return false
    }
  }

  /// ASCII digits only, no leading zero (except "0" itself), below 10^8, as Go decides.
  private static func groupNumber(_ name: String) -> Int? {
    let bytes = Array(name.utf8)
    guard !bytes.isEmpty, bytes.count <= 8, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return nil }
    if bytes.count > 1, bytes[0] == UInt8(ascii: "0") { return nil }
    return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
  }
}
