// Metric queries: every range aggregation of the query is computed from the logs over the step
// grid, then the rest of the expression runs on PromQL's engine over those series (aggregations,
// binary operations, label_replace), and the result is checked against the series limit.
import PromQL
import WardenCore

struct MetricQueryEvaluator {
  let source: any LogSource
  let options: LogQLOptions

  func evaluate(
    _ metric: MetricExpr, grid: MetricGrid, isInstant: Bool, budget: inout QueryBudget, statistics: inout LogQLStatistics
  ) async throws(LogQLError) -> (value: LogQLValue, warnings: [String]) {
    let plan = try MetricPlan(metric)
    var leaves: [[SeriesSamples]] = []
    var heldPoints = 0
    for leaf in plan.leaves {
      try budget.check()
      let evaluator = RangeAggregationEvaluator(source: source, expr: leaf.expr, reduction: leaf.reduction, grid: grid, options: options)
      let series = try evaluator.evaluate(budget: &budget, statistics: &statistics)
      for item in series { heldPoints += item.values.count }
      if heldPoints > options.maxPointsInMemory {
        throw LogQLError(.limit, "the query would hold more than \(options.maxPointsInMemory) points in memory; narrow the selector or the time range")
      }
      leaves.append(series)
    }

    var promOptions = QueryOptions()
    promOptions.maxSamples = options.maxPointsInMemory
    promOptions.maxPointsPerSeries = options.maxPointsPerSeries
    promOptions.maxConcurrentQueries = 1
    promOptions.timeout = budget.remaining
    let engine = QueryEngine(source: LeafSeriesSource(leaves: leaves), options: promOptions)
    // Leaves have a point exactly at each step that has a value; a 1 ms lookback makes PromQL's
    // selector see that point and nothing from earlier steps.
    let overrides = QueryOverrides(lookbackDeltaMs: 1)
    let result: QueryResult
    do throws(QueryError) {
      if isInstant {
        result = try await engine.instant(plan.expr, atMs: grid.startMs, overrides: overrides)
      } else {
        result = try await engine.range(plan.expr, startMs: grid.startMs, endMs: grid.endMs, stepMs: grid.stepMs, overrides: overrides)
      }
    } catch {
      throw Self.translate(error)
    }

    let value: LogQLValue
    switch result.value {
    case .vector(var samples):
      try checkSeriesLimit(samples.count)
      statistics.entriesReturned = samples.count
      // Loki orders an instant result by labels unless the query sorts it by value.
      if !metric.containsSort { samples.sort { $0.labels < $1.labels } }
      value = .vector(samples)
    case .matrix(let series):
      try checkSeriesLimit(series.count)
      statistics.entriesReturned = series.reduce(0) { $0 + $1.values.count }
      value = .matrix(series)
    case .scalar(let timestampMs, let number):
      value = .scalar(timestampMs: timestampMs, value: number)
    case .string:
      throw LogQLError(.invalid, "unexpected string result")
    }
    return (value, result.annotations.map(\.message))
  }

  private func checkSeriesLimit(_ count: Int) throws(LogQLError) {
    if count > options.maxSeries {
      throw LogQLError(.limit, "maximum of series (\(options.maxSeries)) reached for a single query")
    }
  }

  static func translate(_ error: QueryError) -> LogQLError {
    switch error {
    case .parse(let parse): LogQLError(.invalid, parse.message)
    case .badData(let message), .execution(let message): LogQLError(.invalid, message)
    case .tooManySamples: LogQLError(.limit, "query processing would load too many samples into memory")
    case .timeout: LogQLError(.timeout, "query timed out")
    case .canceled: LogQLError(.canceled, "query was canceled")
    case .storage(let message): LogQLError(.storage, message)
    }
  }
}

extension MetricExpr {
  /// Whether `sort` or `sort_desc` appears anywhere in the expression.
  var containsSort: Bool {
    switch self {
    case .number, .vector, .rangeAggregation: false
    case .paren(let inner, _): inner.containsSort
    case .labelReplace(let replace): replace.expression.containsSort
    case .binary(let binary): binary.left.containsSort || binary.right.containsSort
    case .vectorAggregation(let aggregation):
      aggregation.operation == .sort || aggregation.operation == .sortDesc || aggregation.expression.containsSort
    }
  }
}
