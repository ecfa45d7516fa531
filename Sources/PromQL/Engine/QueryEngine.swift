// The PromQL engine's entry points: instant and range queries over any `SeriesSource`, with the
// limits of `QueryOptions`. A query waits for a slot in the concurrency gate, fetches every
// selector it needs once (concurrently), then evaluates the tree over its step grid.
package import WardenCore

package final class QueryEngine: Sendable {
  package let source: any SeriesSource
  package let options: QueryOptions
  /// Internal so tests can occupy slots.
  let gate: QueryGate

  package init(source: any SeriesSource, options: QueryOptions = QueryOptions()) {
    self.source = source
    self.options = options
    gate = QueryGate(limit: options.maxConcurrentQueries)
  }

  /// Queries evaluating now and queries waiting for a slot.
  package var load: (running: Int, waiting: Int) { (gate.running, gate.waiting) }

  /// Evaluates `expr` at one instant.
  package func instant(_ expr: Expr, atMs: Int64, overrides: QueryOverrides = QueryOverrides()) async throws(QueryError) -> QueryResult {
    let grid = StepGrid(startMs: atMs, endMs: atMs, stepMs: 1)
    return try await run(expr, grid, isRange: false, options: overrides.applied(to: options))
  }

  /// Evaluates `expr` at every step from `startMs` to `endMs` inclusive; the result is a matrix
  /// (or a scalar-valued matrix for scalar expressions, as Prometheus returns).
  package func range(
    _ expr: Expr, startMs: Int64, endMs: Int64, stepMs: Int64, overrides: QueryOverrides = QueryOverrides()
  ) async throws(QueryError) -> QueryResult {
    guard stepMs > 0 else {
      throw .badData("zero or negative query resolution step widths are not accepted. Try a positive integer")
    }
    guard endMs >= startMs else { throw .badData("end timestamp must not be before start time") }
    if (endMs - startMs) / stepMs > Int64(options.maxPointsPerSeries) {
      throw .badData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
    }
    switch expr.evaluatedType {
    case .scalar, .vector: break
    case let other: throw .badData("invalid expression type \"\(other.documentedName)\" for range query, must be Scalar or instant Vector")
    }
    return try await run(expr, StepGrid(startMs: startMs, endMs: endMs, stepMs: stepMs), isRange: true, options: overrides.applied(to: options))
  }

  /// `options` are the engine's with the query's overrides applied; the gate is the engine's.
  private func run(_ expr: Expr, _ grid: StepGrid, isRange: Bool, options: QueryOptions) async throws(QueryError) -> QueryResult {
    let deadline = ContinuousClock.now.advanced(by: options.timeout)
    switch await gate.enter(until: deadline) {
    case .admitted: break
    case .cancelled: throw .canceled
    case .timedOut: throw .timeout
    }
    defer { gate.leave() }
    if Task.isCancelled { throw .canceled }

    let plan = FetchPlan(
      expr: expr, grid: grid, lookbackMs: options.lookbackDeltaMs, defaultSubqueryStepMs: options.defaultSubqueryStepMs,
      queryStartMs: grid.startMs, queryEndMs: grid.endMs)
    let fetched = try await SelectorFetcher(source: source, maxSamples: options.maxSamples).fetch(plan.spans, deadline: deadline)
    let evaluator = Evaluator(
      options: options, queryStartMs: grid.startMs, queryEndMs: grid.endMs, queryStepMs: isRange ? grid.stepMs : 0, deadline: deadline, isRangeQuery: isRange,
      fetched: fetched.series, loadedSamples: fetched.sampleCount)
    let value = try evaluator.eval(expr, grid)
    let result = try ResultBuilder(grid: grid, isRange: isRange).build(value)
    return QueryResult(value: result, annotations: evaluator.annotations, samplesLoaded: fetched.sampleCount)
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
