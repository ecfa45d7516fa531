// The error of Alertmanager matcher parsing: what is wrong and where (1-based character position),
// so a route's `matchers:`, an API `filter` or a silence's matcher names its problem.

/// A matcher string that could not be parsed.
package struct MatcherParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, such as `expected a label value after "="`.
  package var message: String
  /// The 1-based character position of the problem; nil when it concerns the whole input.
  package var position: Int?
  /// The text that was parsed (shortened when long).
  package var input: String

  package init(_ message: String, position: Int? = nil, input: String) {
    self.message = message
    self.position = position
    self.input = input.count > 120 ? String(input.prefix(117)) + "..." : input
  }

  package var description: String {
    let place = position.map { " at position \($0)" } ?? ""
    return "invalid matcher \"\(input)\"\(place): \(message)"
  }
}
