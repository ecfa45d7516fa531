// Label matchers with Prometheus semantics: `=`, `!=`, `=~`, `!~`; regexes fully anchored; a
// missing label has the empty value, so `{foo=""}` matches series without `foo`.

/// One matcher of a selector such as `{job=~"node|api"}`.
package struct LabelMatcher: Sendable, Hashable, CustomStringConvertible {
  package enum Kind: String, Sendable, Hashable {
    case equal = "="
    case notEqual = "!="
    case regexMatch = "=~"
    case regexNoMatch = "!~"
  }

  package let name: String
  package let kind: Kind
  package let value: String
  private let pattern: AnchoredPattern?

  /// - Throws: `LabelMatcherError` when a regex does not compile.
  package init(_ kind: Kind, _ name: String, _ value: String) throws(LabelMatcherError) {
    self.name = name
    self.kind = kind
    self.value = value
    switch kind {
    case .equal, .notEqual: pattern = nil
    case .regexMatch, .regexNoMatch: pattern = try AnchoredPattern(value)
    }
  }

  /// Whether a label value (empty when the label is absent) satisfies this matcher.
  package func matches(_ candidate: String) -> Bool {
    switch kind {
    case .equal: return candidate == value
    case .notEqual: return candidate != value
    case .regexMatch: return pattern!.matches(candidate)
    case .regexNoMatch: return !pattern!.matches(candidate)
    }
  }

  /// Whether this matcher accepts series that do not have the label at all.
  package var matchesEmpty: Bool { matches("") }

  /// The values this matcher accepts when it is a plain set (`=` or a literal alternation
  /// `a|b|c`), so an index can look them up instead of scanning every value.
  package var setValues: [String]? {
    switch kind {
    case .equal: return [value]
    case .regexMatch: return pattern?.literalAlternatives
    default: return nil
    }
  }

  package var description: String {
    var escaped = ""
    for character in value {
      if character == "\\" || character == "\"" { escaped.append("\\") }
      escaped.append(character)
    }
    return "\(name)\(kind.rawValue)\"\(escaped)\""
  }

  package static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
    lhs.name == rhs.name && lhs.kind == rhs.kind && lhs.value == rhs.value
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(kind)
    hasher.combine(value)
  }
}

package struct LabelMatcherError: Error, Sendable, CustomStringConvertible {
  package var message: String
  package var description: String { message }
}
