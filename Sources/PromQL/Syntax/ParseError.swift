// A query that does not parse or type-check, with the position Prometheus would report.

package struct ParseError: Error, Sendable, Equatable {
  package var position: PositionRange
  package var message: String

  package init(position: PositionRange, message: String) {
    self.position = position
    self.message = message
  }

  /// `1:5: parse error: unexpected ...`, as Prometheus words it (the API's `error` field).
  package func rendered(in query: String) -> String {
    "\(position.lineColumn(in: query)): parse error: \(message)"
  }
}
