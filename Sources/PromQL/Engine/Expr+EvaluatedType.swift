// The value type an expression evaluates to, which decides whether a range query may run it.
import WardenCore

extension Expr {
  var evaluatedType: ValueType {
    switch self {
    case .number: .scalar
    case .string: .string
    case .vectorSelector, .aggregate: .vector
    case .matrixSelector, .subquery: .matrix
    case .call(let call): call.function.returnType
    case .binary(let binary): binary.lhs.evaluatedType == .scalar && binary.rhs.evaluatedType == .scalar ? .scalar : .vector
    case .unary(let unary): unary.expr.evaluatedType
    case .paren(let paren): paren.expr.evaluatedType
    }
  }
}
