// Entry point of the PromQL parser: limits, then syntax (Parser), then types (TypeChecker), each
// failing with the first error Prometheus would report, worded as Prometheus words it.

package enum PromQLParser {
  /// Longer queries are refused before any work is done.
  package static let maxQueryBytes = 1 << 20
  /// Deeper syntax trees (or deeper nesting while reading) are refused, so that no recursive walk
  /// over a tree (type check, printing, evaluation) can exhaust a thread's stack.
  package static let maxDepth = 1000

  /// The syntax tree of `query`, type-checked as Prometheus does.
  package static func parse(_ query: String) throws(ParseError) -> Expr {
    let length = query.utf8.count
    guard length <= maxQueryBytes else {
      throw ParseError(position: PositionRange(start: 0, end: 0), message: "query is too long: \(length) bytes, the limit is \(maxQueryBytes) bytes")
    }
    var parser = Parser(query: query)
    let tree = try parser.parseQuery()
    return try TypeChecker(query: query).checked(tree)
  }
}
