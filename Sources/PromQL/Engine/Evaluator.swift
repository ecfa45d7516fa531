// Evaluates a syntax tree over a step grid, node by node, each node over all steps at once (the
// way Prometheus evaluates range queries). One evaluator serves one query on one task; selectors
// were fetched beforehand (`FetchPlan`), so evaluation itself never waits.
import WardenCore

final class Evaluator {
  let options: QueryOptions
  /// The top-level query's first and last step, for `@ start()` and `@ end()`.
  let queryStartMs: Int64
  let queryEndMs: Int64
  /// The top-level query's step, 0 for an instant query, for step().
  let queryStepMs: Int64
  let deadline: ContinuousClock.Instant
  /// Range queries warn about sort(), which their label-ordered results ignore.
  let isRangeQuery: Bool
  /// Series fetched for each distinct matcher list, sorted by labels.
  let fetched: [[LabelMatcher]: [SeriesSamples]]

  private(set) var annotations: [Annotation] = []
  private var annotationSet: Set<Annotation> = []
  /// Points held by the node being produced, compared with `maxSamples`.
  private var loadedSamples: Int
  private var checkCountdown = 0

  init(options: QueryOptions, queryStartMs: Int64, queryEndMs: Int64, queryStepMs: Int64, deadline: ContinuousClock.Instant, isRangeQuery: Bool, fetched: [[LabelMatcher]: [SeriesSamples]], loadedSamples: Int) {
    self.options = options
    self.queryStartMs = queryStartMs
    self.queryEndMs = queryEndMs
    self.queryStepMs = queryStepMs
    self.deadline = deadline
    self.isRangeQuery = isRangeQuery
    self.fetched = fetched
    self.loadedSamples = loadedSamples
  }

  func annotate(_ kind: Annotation.Kind, _ message: String, _ position: PositionRange) {
    let annotation = Annotation(kind: kind, message: message, position: position)
    if annotationSet.insert(annotation).inserted { annotations.append(annotation) }
  }

  /// Cooperative limits: cancellation and the timeout, checked between series and steps.
  func checkLimits() throws(QueryError) {
    if Task.isCancelled { throw .canceled }
    if ContinuousClock.now >= deadline { throw .timeout }
  }

  /// A cheaper `checkLimits` for inner loops: looks at the clock every 256 calls.
  func tick() throws(QueryError) {
    checkCountdown -= 1
    if checkCountdown <= 0 {
      checkCountdown = 256
      try checkLimits()
    }
  }

  /// Counts points a node is about to hold on top of the samples already loaded.
  func account(points: Int) throws(QueryError) {
    if loadedSamples + points > options.maxSamples { throw .tooManySamples }
  }

  func account(_ series: [StepSeries]) throws(QueryError) {
    var points = 0
    for item in series { points += item.pointCount }
    try account(points: points)
  }

  func shift(_ at: AtModifier?, _ offsetMs: Int64) -> TimeShift {
    switch at {
    case .none: TimeShift(pinnedMs: nil, offsetMs: offsetMs)
    case .timestamp(let ms): TimeShift(pinnedMs: ms, offsetMs: offsetMs)
    case .start: TimeShift(pinnedMs: queryStartMs, offsetMs: offsetMs)
    case .end: TimeShift(pinnedMs: queryEndMs, offsetMs: offsetMs)
    }
  }

  func eval(_ expr: Expr, _ grid: StepGrid) throws(QueryError) -> StepValue {
    try checkLimits()
    switch expr {
    case .number(let literal):
      return .scalar([Double](repeating: literal.value, count: grid.count))
    case .string(let literal):
      return .string(literal.value)
    case .paren(let paren):
      return try eval(paren.expr, grid)
    case .vectorSelector(let selector):
      return .vector(try evalVectorSelector(selector, grid))
    case .matrixSelector(let matrix):
      return .range(rangeInput(matrix, grid))
    case .subquery(let subquery):
      return .range(try evalSubquery(subquery, grid))
    case .unary(let unary):
      return try evalUnary(unary, grid)
    case .binary(let binary):
      return try evalBinary(binary, grid)
    case .aggregate(let aggregate):
      return .vector(try evalAggregate(aggregate, grid))
    case .call(let call):
      return try evalCall(call, grid)
    }
  }

  func evalScalar(_ expr: Expr, _ grid: StepGrid) throws(QueryError) -> [Double] {
    guard case .scalar(let values) = try eval(expr, grid) else {
      throw .execution("expected scalar expression")
    }
    return values
  }

  func evalVector(_ expr: Expr, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    guard case .vector(let series) = try eval(expr, grid) else {
      throw .execution("expected instant vector expression")
    }
    return series
  }

  func evalRange(_ expr: Expr, _ grid: StepGrid) throws(QueryError) -> RangeInput {
    guard case .range(let input) = try eval(expr, grid) else {
      throw .execution("expected range vector expression")
    }
    return input
  }

  private func evalUnary(_ unary: UnaryExpr, _ grid: StepGrid) throws(QueryError) -> StepValue {
    let operand = try eval(unary.expr, grid)
    guard unary.negated else { return operand }
    switch operand {
    case .scalar(var values):
      for index in values.indices { values[index] = -values[index] }
      return .scalar(values)
    case .vector(var series):
      for index in series.indices {
        series[index].dropName = true
        for step in 0..<grid.count { series[index].values[step] = -series[index].values[step] }
      }
      return .vector(series)
    default:
      throw .execution("unary expression only allowed on expressions of type scalar or instant vector")
    }
  }
}
