// Entry point of the PromQL parser. (Skeleton: the parser is being written; see the parser branch.)

package enum PromQLParser {
  /// The syntax tree of `query`, type-checked as Prometheus does.
  package static func parse(_ query: String) throws(ParseError) -> Expr {
    throw ParseError(position: PositionRange(start: 0, end: 0), message: "the PromQL parser is not built yet")
  }
}
