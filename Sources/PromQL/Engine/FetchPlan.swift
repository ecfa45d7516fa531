// Before evaluation, the tree is walked once to find every selector and the whole time span it
// will read (through offsets, `@`, ranges and nested subquery grids), so that each distinct
// selector is fetched from storage exactly once, concurrently with the others.
import WardenCore

struct FetchPlan: Sendable {
  /// The union of spans needed per distinct matcher list.
  private(set) var spans: [[LabelMatcher]: (startMs: Int64, endMs: Int64)] = [:]

  init(expr: Expr, grid: StepGrid, lookbackMs: Int64, defaultSubqueryStepMs: Int64, queryStartMs: Int64, queryEndMs: Int64) {
    self.queryStartMs = queryStartMs
    self.queryEndMs = queryEndMs
    self.lookbackMs = lookbackMs
    self.defaultSubqueryStepMs = defaultSubqueryStepMs
    visit(expr, minMs: grid.startMs, maxMs: grid.endMs)
  }

  private let queryStartMs: Int64
  private let queryEndMs: Int64
  private let lookbackMs: Int64
  private let defaultSubqueryStepMs: Int64

  private mutating func visit(_ expr: Expr, minMs: Int64, maxMs: Int64) {
    switch expr {
    case .number, .string:
      return
    case .vectorSelector(let selector):
      let (low, high) = readInterval(selector.at, selector.offsetMs, minMs, maxMs)
      add(selector.matchers, low - lookbackMs, high)
    case .matrixSelector(let matrix):
      let (low, high) = readInterval(matrix.selector.at, matrix.selector.offsetMs, minMs, maxMs)
      add(matrix.selector.matchers, low - matrix.rangeMs, high)
    case .subquery(let subquery):
      let (low, high) = readInterval(subquery.at, subquery.offsetMs, minMs, maxMs)
      visit(subquery.expr, minMs: low - subquery.rangeMs, maxMs: high)
    case .call(let call):
      for argument in call.args { visit(argument, minMs: minMs, maxMs: maxMs) }
    case .aggregate(let aggregate):
      if let param = aggregate.param { visit(param, minMs: minMs, maxMs: maxMs) }
      visit(aggregate.expr, minMs: minMs, maxMs: maxMs)
    case .binary(let binary):
      visit(binary.lhs, minMs: minMs, maxMs: maxMs)
      visit(binary.rhs, minMs: minMs, maxMs: maxMs)
    case .unary(let unary):
      visit(unary.expr, minMs: minMs, maxMs: maxMs)
    case .paren(let paren):
      visit(paren.expr, minMs: minMs, maxMs: maxMs)
    }
  }

  private func readInterval(_ at: AtModifier?, _ offsetMs: Int64, _ minMs: Int64, _ maxMs: Int64) -> (Int64, Int64) {
    switch at {
    case .none: (minMs - offsetMs, maxMs - offsetMs)
    case .timestamp(let ms): (ms - offsetMs, ms - offsetMs)
    case .start: (queryStartMs - offsetMs, queryStartMs - offsetMs)
    case .end: (queryEndMs - offsetMs, queryEndMs - offsetMs)
    }
  }

  private mutating func add(_ matchers: [LabelMatcher], _ startMs: Int64, _ endMs: Int64) {
    if let known = spans[matchers] {
      spans[matchers] = (min(known.startMs, startMs), max(known.endMs, endMs))
    } else {
      spans[matchers] = (startMs, endMs)
    }
  }
}
