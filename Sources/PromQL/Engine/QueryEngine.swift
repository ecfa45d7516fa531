// The PromQL engine's entry points: instant and range queries over any `SeriesSource`, with the
// limits of `QueryOptions`. (Skeleton: the evaluator is being written; see the engine branch.)
package import WardenCore

package final class QueryEngine: Sendable {
  package let source: any SeriesSource
  package let options: QueryOptions

  package init(source: any SeriesSource, options: QueryOptions = QueryOptions()) {
    self.source = source
    self.options = options
  }

  /// Evaluates `expr` at one instant.
  package func instant(_ expr: Expr, atMs: Int64) async throws(QueryError) -> QueryResult {
    throw .execution("the PromQL evaluator is not built yet")
  }

  /// Evaluates `expr` at every step from `startMs` to `endMs` inclusive; the result is a matrix
  /// (or a scalar-valued matrix for scalar expressions, as Prometheus returns).
  package func range(_ expr: Expr, startMs: Int64, endMs: Int64, stepMs: Int64) async throws(QueryError) -> QueryResult {
    throw .execution("the PromQL evaluator is not built yet")
  }
}

extension QueryEngine {
  package func instant(_ query: String, atMs: Int64) async throws(QueryError) -> QueryResult {
    let expr: Expr
    do throws(ParseError) { expr = try PromQLParser.parse(query) } catch { throw .parse(error) }
    return try await instant(expr, atMs: atMs)
  }

  package func range(_ query: String, startMs: Int64, endMs: Int64, stepMs: Int64) async throws(QueryError) -> QueryResult {
    let expr: Expr
    do throws(ParseError) { expr = try PromQLParser.parse(query) } catch { throw .parse(error) }
    return try await range(expr, startMs: startMs, endMs: endMs, stepMs: stepMs)
  }
}
