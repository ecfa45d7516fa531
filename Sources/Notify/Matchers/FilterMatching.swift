// The API's `filter` matching, as Alertmanager applies it to alerts' labels and to silences'
// matchers: a positive matcher with an empty value passes when the name is absent, a negative
// one with an empty value passes when the name is present, otherwise the matcher must accept
// the value (empty when absent).
package import WardenCore

extension Array where Element == LabelMatcher {
  /// Whether every filter matcher accepts the named values `value(name)` (nil when absent).
  package func filterMatch(_ value: (String) -> String?) -> Bool {
    for matcher in self {
      let found = value(matcher.name)
      switch matcher.kind {
      case .notEqual, .regexNoMatch:
        if matcher.value.isEmpty && found != nil { continue }
      case .equal, .regexMatch:
        if matcher.value.isEmpty && found == nil { continue }
      }
      if !matcher.matches(found ?? "") { return false }
    }
    return true
  }

  /// `filterMatch` over an alert's labels.
  package func filterMatch(_ labels: Labels) -> Bool {
    filterMatch { name in
      let value = labels[name]
      return value.isEmpty ? nil : value
    }
  }
}
