// Binary operators with their precedence and associativity, and the aggregation operators.

package enum BinaryOp: String, Sendable, Equatable, CaseIterable {
  case add = "+"
  case sub = "-"
  case mul = "*"
  case div = "/"
  case mod = "%"
  case pow = "^"
  case atan2 = "atan2"
  case eql = "=="
  case neq = "!="
  case gtr = ">"
  case lss = "<"
  case gte = ">="
  case lte = "<="
  case and = "and"
  case or = "or"
  case unless = "unless"

  /// Higher binds tighter: `or` < `and unless` < comparisons < `+ -` < `* / % atan2` < `^`.
  package var precedence: Int {
    switch self {
    case .or: 1
    case .and, .unless: 2
    case .eql, .neq, .gtr, .lss, .gte, .lte: 3
    case .add, .sub: 4
    case .mul, .div, .mod, .atan2: 5
    case .pow: 6
    }
  }

  /// Only `^` groups right to left.
  package var isRightAssociative: Bool { self == .pow }

  package var isComparison: Bool {
    switch self {
    case .eql, .neq, .gtr, .lss, .gte, .lte: true
    default: false
    }
  }

  package var isSetOperator: Bool { self == .and || self == .or || self == .unless }
}

package enum AggregationOp: String, Sendable, Equatable, CaseIterable {
  case sum, min, max, avg, group, stddev, stdvar, count
  case countValues = "count_values"
  case bottomk, topk, quantile, limitk
  case limitRatio = "limit_ratio"

  /// Whether the operator takes a parameter before the vector, and of which type.
  package var parameterType: ValueType? {
    switch self {
    case .countValues: .string
    case .bottomk, .topk, .quantile, .limitk, .limitRatio: .scalar
    default: nil
    }
  }
}
