// Matching alerts' label sets with matcher lists, and converting between the API's silence
// matchers (`isRegex`, `isEqual`) and WardenCore's `LabelMatcher`.
package import WardenCore

extension Array where Element == LabelMatcher {
  /// Whether every matcher accepts `labels` (a missing label has the empty value, as in
  /// Alertmanager); an empty list accepts everything.
  package func allMatch(_ labels: Labels) -> Bool {
    for matcher in self where !matcher.matches(labels[matcher.name]) { return false }
    return true
  }

  /// `{a="b",c=~"d"}`, the text Alertmanager uses in route keys.
  package var routeKeyText: String {
    "{" + map(\.description).joined(separator: ",") + "}"
  }

  /// Sorted by name, then operator, then value: the order Alertmanager keys routes in.
  package func sortedForKey() -> [LabelMatcher] {
    sorted {
      if $0.name != $1.name { return $0.name < $1.name }
      if $0.kind != $1.kind { return $0.kind.rawValue < $1.kind.rawValue }
      return $0.value < $1.value
    }
  }
}

extension SilenceMatcher {
  /// The API shape of a label matcher.
  package init(_ matcher: LabelMatcher) {
    switch matcher.kind {
    case .equal: self.init(name: matcher.name, value: matcher.value, isRegex: false, isEqual: true)
    case .notEqual: self.init(name: matcher.name, value: matcher.value, isRegex: false, isEqual: false)
    case .regexMatch: self.init(name: matcher.name, value: matcher.value, isRegex: true, isEqual: true)
    case .regexNoMatch: self.init(name: matcher.name, value: matcher.value, isRegex: true, isEqual: false)
    }
  }

  /// The label matcher this API matcher stands for.
  /// - Throws: `LabelMatcherError` when a regex does not compile.
  package func labelMatcher() throws(LabelMatcherError) -> LabelMatcher {
    let kind: LabelMatcher.Kind =
      switch (isRegex, isEqual) {
      case (false, true): .equal
      case (false, false): .notEqual
      case (true, true): .regexMatch
      case (true, false): .regexNoMatch
      }
    return try LabelMatcher(kind, name, value)
  }
}
