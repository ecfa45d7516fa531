// The PromQL syntax tree: what the parser produces, the engine evaluates, the printer formats
// (`/api/v1/format_query`) and the conformance runner rewrites (step-invariance `@` variants).
// Value types all the way down so a parsed query is Sendable and can be cached or shared.
package import WardenCore

/// A parsed PromQL expression.
package indirect enum Expr: Sendable, Equatable {
  case number(NumberLiteral)
  case string(StringLiteral)
  case vectorSelector(VectorSelector)
  case matrixSelector(MatrixSelector)
  case subquery(SubqueryExpr)
  case call(FunctionCall)
  case aggregate(AggregateExpr)
  case binary(BinaryExpr)
  case unary(UnaryExpr)
  case paren(ParenExpr)

  /// Where the expression is written in the query text.
  package var position: PositionRange {
    switch self {
    case .number(let e): e.position
    case .string(let e): e.position
    case .vectorSelector(let e): e.position
    case .matrixSelector(let e): e.position
    case .subquery(let e): e.position
    case .call(let e): e.position
    case .aggregate(let e): e.position
    case .binary(let e): e.position
    case .unary(let e): e.position
    case .paren(let e): e.position
    }
  }
}

package struct NumberLiteral: Sendable, Equatable {
  package var value: Double
  package var position: PositionRange
  /// Written as a duration (`5m` where a number is expected, meaning 300): printed back the same
  /// way. Not part of equality: `300` and `5m` are the same literal.
  package var writtenAsDuration = false

  package init(value: Double, position: PositionRange) {
    self.value = value
    self.position = position
  }

  // NaN literals must compare equal so that parsed trees can be compared in tests.
  package static func == (lhs: NumberLiteral, rhs: NumberLiteral) -> Bool {
    lhs.value.bitPattern == rhs.value.bitPattern && lhs.position == rhs.position
  }
}

package struct StringLiteral: Sendable, Equatable {
  package var value: String
  package var position: PositionRange

  package init(value: String, position: PositionRange) {
    self.value = value
    self.position = position
  }
}

/// `@ <timestamp>`, `@ start()` or `@ end()`.
package enum AtModifier: Sendable, Equatable {
  case timestamp(milliseconds: Int64)
  case start
  case end
}

/// `metric{label="value"}` with its optional `offset` and `@`. `matchers` holds every matcher,
/// including the `__name__` equality when the name is written before the braces.
package struct VectorSelector: Sendable, Equatable {
  /// The metric name as written before the braces, or nil when only matchers are given.
  package var name: String?
  package var matchers: [LabelMatcher]
  /// `offset` in milliseconds; negative for `offset -5m`; 0 when absent.
  package var offsetMs: Int64
  package var at: AtModifier?
  package var position: PositionRange

  package init(name: String?, matchers: [LabelMatcher], offsetMs: Int64 = 0, at: AtModifier? = nil, position: PositionRange) {
    self.name = name
    self.matchers = matchers
    self.offsetMs = offsetMs
    self.at = at
    self.position = position
  }
}

/// `selector[5m]`. The `offset` and `@` written after the range are kept on `selector`.
package struct MatrixSelector: Sendable, Equatable {
  package var selector: VectorSelector
  package var rangeMs: Int64
  package var position: PositionRange

  package init(selector: VectorSelector, rangeMs: Int64, position: PositionRange) {
    self.selector = selector
    self.rangeMs = rangeMs
    self.position = position
  }
}

/// `expr[range:step]` with its own `offset` and `@`.
package struct SubqueryExpr: Sendable, Equatable {
  package var expr: Expr
  package var rangeMs: Int64
  /// nil for `[5m:]`: the engine's default subquery step applies.
  package var stepMs: Int64?
  package var offsetMs: Int64
  package var at: AtModifier?
  package var position: PositionRange

  package init(expr: Expr, rangeMs: Int64, stepMs: Int64?, offsetMs: Int64 = 0, at: AtModifier? = nil, position: PositionRange) {
    self.expr = expr
    self.rangeMs = rangeMs
    self.stepMs = stepMs
    self.offsetMs = offsetMs
    self.at = at
    self.position = position
  }
}

package struct FunctionCall: Sendable, Equatable {
  package var function: FunctionSignature
  package var args: [Expr]
  package var position: PositionRange

  package init(function: FunctionSignature, args: [Expr], position: PositionRange) {
    self.function = function
    self.args = args
    self.position = position
  }
}

/// `sum by (a) (expr)`, `topk(3, expr)`, `count_values("v", expr)`...
package struct AggregateExpr: Sendable, Equatable {
  package var op: AggregationOp
  package var expr: Expr
  /// The first argument of `topk`, `bottomk`, `quantile`, `count_values`, `limitk`, `limit_ratio`.
  package var param: Expr?
  package var grouping: [String]
  /// True for `without (...)`, false for `by (...)` or no clause.
  package var without: Bool
  package var position: PositionRange

  package init(op: AggregationOp, expr: Expr, param: Expr?, grouping: [String], without: Bool, position: PositionRange) {
    self.op = op
    self.expr = expr
    self.param = param
    self.grouping = grouping
    self.without = without
    self.position = position
  }
}

/// How the two sides of a vector/vector binary operation are paired.
package struct VectorMatching: Sendable, Equatable {
  package enum Cardinality: Sendable, Equatable {
    case oneToOne, manyToOne, oneToMany, manyToMany
  }

  package var cardinality: Cardinality
  /// The labels of `on(...)` or `ignoring(...)`.
  package var matchingLabels: [String]
  /// True for `on`, false for `ignoring` (or no clause).
  package var on: Bool
  /// The labels of `group_left(...)` / `group_right(...)`.
  package var include: [String]

  package init(cardinality: Cardinality, matchingLabels: [String] = [], on: Bool = false, include: [String] = []) {
    self.cardinality = cardinality
    self.matchingLabels = matchingLabels
    self.on = on
    self.include = include
  }
}

package struct BinaryExpr: Sendable, Equatable {
  package var op: BinaryOp
  package var lhs: Expr
  package var rhs: Expr
  /// The `bool` modifier of a comparison.
  package var returnBool: Bool
  /// Present when both sides are instant vectors (set operators get `.manyToMany`).
  package var matching: VectorMatching?
  package var position: PositionRange

  package init(op: BinaryOp, lhs: Expr, rhs: Expr, returnBool: Bool = false, matching: VectorMatching? = nil, position: PositionRange) {
    self.op = op
    self.lhs = lhs
    self.rhs = rhs
    self.returnBool = returnBool
    self.matching = matching
    self.position = position
  }
}

/// Unary `-expr` or `+expr`.
package struct UnaryExpr: Sendable, Equatable {
  package var negated: Bool
  package var expr: Expr
  package var position: PositionRange

  package init(negated: Bool, expr: Expr, position: PositionRange) {
    self.negated = negated
    self.expr = expr
    self.position = position
  }
}

package struct ParenExpr: Sendable, Equatable {
  package var expr: Expr
  package var position: PositionRange

  package init(expr: Expr, position: PositionRange) {
    self.expr = expr
    self.position = position
  }
}
