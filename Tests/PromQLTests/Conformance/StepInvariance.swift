// Syntax-tree helpers of the runner: the step-invariance rewrite (pin every selector and subquery
// to the eval time with `@`), and the questions the runner asks of a query (which functions it
// calls, which selectors it reads).
import PromQL
import WardenCore

enum ExprInspection {
  /// `expr` with `@ atMs` on every vector selector, matrix selector and subquery that has no `@`,
  /// as upstream rewrites it: nothing inside a subquery is touched.
  static func pinned(_ expr: Expr, atMs: Int64) -> Expr {
    switch expr {
    case .number, .string:
      return expr
    case .vectorSelector(var selector):
      if selector.at == nil { selector.at = .timestamp(milliseconds: atMs) }
      return .vectorSelector(selector)
    case .matrixSelector(var matrix):
      if matrix.selector.at == nil { matrix.selector.at = .timestamp(milliseconds: atMs) }
      return .matrixSelector(matrix)
    case .subquery(var subquery):
      // Its inside stays as written: it is evaluated at the subquery's own steps, which the `@`
      // (given or added here) already fixes.
      if subquery.at == nil { subquery.at = .timestamp(milliseconds: atMs) }
      return .subquery(subquery)
    case .call(var call):
      call.args = call.args.map { pinned($0, atMs: atMs) }
      return .call(call)
    case .aggregate(var aggregate):
      aggregate.expr = pinned(aggregate.expr, atMs: atMs)
      aggregate.param = aggregate.param.map { pinned($0, atMs: atMs) }
      return .aggregate(aggregate)
    case .binary(var binary):
      binary.lhs = pinned(binary.lhs, atMs: atMs)
      binary.rhs = pinned(binary.rhs, atMs: atMs)
      return .binary(binary)
    case .unary(var unary):
      unary.expr = pinned(unary.expr, atMs: atMs)
      return .unary(unary)
    case .paren(var paren):
      paren.expr = pinned(paren.expr, atMs: atMs)
      return .paren(paren)
    }
  }

  /// The sub-expressions of `expr`, itself first.
  static func nodes(_ expr: Expr) -> [Expr] {
    var result: [Expr] = [expr]
    switch expr {
    case .number, .string, .vectorSelector, .matrixSelector: break
    case .subquery(let subquery): result += nodes(subquery.expr)
    case .call(let call): result += call.args.flatMap(nodes)
    case .aggregate(let aggregate): result += (aggregate.param.map(nodes) ?? []) + nodes(aggregate.expr)
    case .binary(let binary): result += nodes(binary.lhs) + nodes(binary.rhs)
    case .unary(let unary): result += nodes(unary.expr)
    case .paren(let paren): result += nodes(paren.expr)
    }
    return result
  }

  /// Names of the functions `expr` calls; `@ start()` and `@ end()` count as calls of those.
  static func calledFunctions(_ expr: Expr) -> Set<String> {
    var names: Set<String> = []
    for node in nodes(expr) {
      switch node {
      case .call(let call): names.insert(call.function.name)
      case .vectorSelector(let selector): names.formUnion(atFunctions(selector.at))
      case .matrixSelector(let matrix): names.formUnion(atFunctions(matrix.selector.at))
      case .subquery(let subquery): names.formUnion(atFunctions(subquery.at))
      default: break
      }
    }
    return names
  }

  private static func atFunctions(_ at: AtModifier?) -> Set<String> {
    switch at {
    case .start: ["start"]
    case .end: ["end"]
    default: []
    }
  }

  /// The vector selectors of `expr`, including those inside matrix selectors.
  static func selectors(_ expr: Expr) -> [VectorSelector] {
    nodes(expr).compactMap { node in
      switch node {
      case .vectorSelector(let selector): selector
      case .matrixSelector(let matrix): matrix.selector
      default: nil
      }
    }
  }

  /// Functions whose result depends on the evaluation time itself, so moving the time breaks the
  /// step-invariance variants.
  static let timeDependentFunctions: Set<String> = [
    "time", "timestamp", "predict_linear", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
    "minute", "month", "year", "start", "end", "range", "step",
  ]

  /// Functions that make a range query differ from the same instant query.
  static let rangeDependentFunctions: Set<String> = ["start", "end", "range", "step"]
}
