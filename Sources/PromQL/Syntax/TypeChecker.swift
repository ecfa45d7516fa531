// Prometheus's type rules for a parsed tree, checked in the order Prometheus checks them so the
// first error reported is the same: function arity and argument types, aggregation input and
// parameter types, binary operand types, `bool` and set-operator rules, vector matching, unary and
// subquery operand types, and selectors that would match everything. Returns the tree with vector
// matching normalized (dropped unless both sides are instant vectors; set operators many-to-many).
import WardenCore

struct TypeChecker {
  let query: [UInt8]

  init(query: String) {
    self.query = Array(query.utf8)
  }

  func checked(_ expr: Expr) throws(ParseError) -> Expr {
    try check(expr).0
  }

  private func check(_ expr: Expr, allowEmptySelector: Bool = false) throws(ParseError) -> (Expr, ValueType) {
    switch expr {
    case .number: return (expr, .scalar)
    case .string: return (expr, .string)
    case .vectorSelector(let selector):
      try checkSelector(selector, allowEmpty: allowEmptySelector)
      return (expr, .vector)
    case .matrixSelector(let matrix):
      try checkSelector(matrix.selector, allowEmpty: false)
      return (expr, .matrix)
    case .subquery(var subquery):
      let (inner, type) = try check(subquery.expr)
      if type != .vector {
        throw ParseError(position: subquery.position, message: "subquery is only allowed on instant vector, got \(type.apiName) instead")
      }
      subquery.expr = inner
      return (.subquery(subquery), .matrix)
    case .paren(var paren):
      let (inner, type) = try check(paren.expr)
      paren.expr = inner
      return (.paren(paren), type)
    case .unary(var unary):
      let (inner, type) = try check(unary.expr)
      if type != .scalar && type != .vector {
        throw ParseError(position: unary.position, message: "unary expression only allowed on expressions of type scalar or instant vector, got \(goQuote(type.documentedName))")
      }
      unary.expr = inner
      return (.unary(unary), type)
    case .aggregate(let aggregate): return try checkAggregate(aggregate)
    case .call(let call): return try checkCall(call)
    case .binary(let binary): return try checkBinary(binary)
    }
  }

  private func expect(_ expr: Expr, _ wanted: ValueType, in context: String) throws(ParseError) -> Expr {
    let (checked, type) = try check(expr)
    if type != wanted {
      throw ParseError(position: expr.position, message: "expected type \(wanted.documentedName) in \(context), got \(type.documentedName)")
    }
    return checked
  }

  private func checkSelector(_ selector: VectorSelector, allowEmpty: Bool) throws(ParseError) {
    if let name = selector.name {
      // The first matcher is the name written before the braces.
      for matcher in selector.matchers.dropFirst() where matcher.name == Labels.metricName {
        throw ParseError(position: selector.position, message: "metric name must not be set twice: \(goQuote(name)) or \(goQuote(matcher.value))")
      }
      return
    }
    if !allowEmpty && selector.matchers.allSatisfy(\.matchesEmpty) {
      throw ParseError(position: selector.position, message: "vector selector must contain at least one non-empty matcher")
    }
  }

  private func checkAggregate(_ original: AggregateExpr) throws(ParseError) -> (Expr, ValueType) {
    var aggregate = original
    aggregate.expr = try expect(aggregate.expr, .vector, in: "aggregation expression")
    if let param = aggregate.param, let wanted = aggregate.op.parameterType {
      aggregate.param = try expect(param, wanted, in: "aggregation parameter")
    }
    return (.aggregate(aggregate), .vector)
  }

  private func checkCall(_ original: FunctionCall) throws(ParseError) -> (Expr, ValueType) {
    var call = original
    let function = call.function
    let declared = function.argTypes.count
    if function.variadic == 0 {
      if declared != call.args.count {
        throw ParseError(position: call.position, message: "expected \(declared) argument(s) in call to \(goQuote(function.name)), got \(call.args.count)")
      }
    } else {
      let required = declared - 1
      if required > call.args.count {
        throw ParseError(position: call.position, message: "expected at least \(required) argument(s) in call to \(goQuote(function.name)), got \(call.args.count)")
      }
      if function.variadic > 0, required + function.variadic < call.args.count {
        throw ParseError(position: call.position, message: "expected at most \(required + function.variadic) argument(s) in call to \(goQuote(function.name)), got \(call.args.count)")
      }
    }
    var labelsOnlyArgument: Int?
    if function.name == "info", call.args.count > 1 {
      let second = call.args[1]
      if second.valueType != .vector {
        throw ParseError(position: call.position, message: "expected type instant vector in call to function \"info\", got \(second.valueType.documentedName)")
      }
      guard case .vectorSelector(let selector) = second else {
        throw ParseError(position: second.position, message: "expected label selectors only")
      }
      if selector.name != nil {
        throw ParseError(position: second.position, message: "expected label selectors only, got vector selector instead")
      }
      labelsOnlyArgument = 1
    }
    for index in call.args.indices {
      var typeIndex = index
      if index >= declared {
        if function.variadic == 0 { break }
        typeIndex = declared - 1
      }
      let (checked, type) = try check(call.args[index], allowEmptySelector: index == labelsOnlyArgument)
      let wanted = function.argTypes[typeIndex]
      if type != wanted {
        throw ParseError(position: call.args[index].position, message: "expected type \(wanted.documentedName) in call to function \(goQuote(function.name)), got \(type.documentedName)")
      }
      call.args[index] = checked
    }
    return (.call(call), function.returnType)
  }

  private func checkBinary(_ original: BinaryExpr) throws(ParseError) -> (Expr, ValueType) {
    var binary = original
    let (lhs, left) = try check(binary.lhs)
    let (rhs, right) = try check(binary.rhs)
    binary.lhs = lhs
    binary.rhs = rhs
    let op = binary.op
    if binary.returnBool && !op.isComparison {
      throw ParseError(position: operatorRange(binary), message: "bool modifier can only be used on comparison operators")
    }
    if op.isComparison && !binary.returnBool && left == .scalar && right == .scalar {
      throw ParseError(position: operatorRange(binary), message: "comparisons between scalars must use BOOL modifier")
    }
    var matching = binary.matching ?? VectorMatching(cardinality: .oneToOne)
    if op.isSetOperator && matching.cardinality == .oneToOne { matching.cardinality = .manyToMany }
    if matching.on {
      for label in matching.matchingLabels where matching.include.contains(label) {
        throw ParseError(position: operatorRange(binary), message: "label \(goQuote(label)) must not occur in ON and GROUP clause at once")
      }
    }
    if left != .scalar && left != .vector {
      throw ParseError(position: binary.lhs.position, message: "binary expression must contain only scalar and instant vector types")
    }
    if right != .scalar && right != .vector {
      throw ParseError(position: binary.rhs.position, message: "binary expression must contain only scalar and instant vector types")
    }
    if left != .vector || right != .vector {
      if !matching.matchingLabels.isEmpty {
        throw ParseError(position: binary.position, message: "vector matching only allowed between instant vectors")
      }
      binary.matching = nil
    } else {
      if op.isSetOperator {
        if matching.cardinality == .oneToMany || matching.cardinality == .manyToOne {
          throw ParseError(position: binary.position, message: "no grouping allowed for \(goQuote(op.rawValue)) operation")
        }
        if matching.cardinality != .manyToMany {
          throw ParseError(position: binary.position, message: "set operations must always be many-to-many")
        }
      }
      binary.matching = matching
    }
    if (left == .scalar || right == .scalar) && op.isSetOperator {
      throw ParseError(position: binary.position, message: "set operator \(goQuote(op.rawValue)) not allowed in binary scalar expression")
    }
    let type: ValueType = left == .scalar && right == .scalar ? .scalar : .vector
    return (.binary(binary), type)
  }

  /// Where the operator is written: between the operands, without the spaces around it.
  private func operatorRange(_ binary: BinaryExpr) -> PositionRange {
    var start = binary.lhs.position.end
    while start < query.count, isSpace(query[start]) { start += 1 }
    var end = binary.rhs.position.start - 1
    while end > start, end < query.count, isSpace(query[end]) { end -= 1 }
    return PositionRange(start: start, end: max(start, end))
  }

  private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}

extension Expr {
  /// The type of the value this expression evaluates to, by Prometheus's rules.
  package var valueType: ValueType {
    switch self {
    case .number: .scalar
    case .string: .string
    case .vectorSelector: .vector
    case .matrixSelector, .subquery: .matrix
    case .call(let call): call.function.returnType
    case .aggregate: .vector
    case .binary(let binary): binary.lhs.valueType == .scalar && binary.rhs.valueType == .scalar ? .scalar : .vector
    case .unary(let unary): unary.expr.valueType
    case .paren(let paren): paren.expr.valueType
    }
  }
}

extension Expr {
  /// Prometheus refuses a range query over an expression that is not a scalar or instant vector
  /// (a string literal, a range selector, a subquery): this is its message, or nil when the type is
  /// fine. It is not a parse error: the API reports it as `bad_data` without a position.
  package var rangeQueryTypeError: String? {
    let type = valueType
    guard type == .string || type == .matrix else { return nil }
    return "invalid expression type \(goQuote(type.documentedName)) for range query, must be Scalar or instant Vector"
  }
}
