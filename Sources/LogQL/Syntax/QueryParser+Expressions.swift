// Metric expressions: binary operators by precedence climbing (PromQL's table: `^` right-assoc,
// then `* / %`, `+ -`, comparisons, `and unless`, `or`), their `bool`/`on`/`group_left`
// modifiers, and the operands: log queries, parentheses, numbers, `vector()`, `label_replace()`
// and the aggregations (parsed in QueryParser+Aggregations).
import PromQL

extension BinaryMetricExpr.Operator {
  var precedence: Int {
    switch self {
    case .or: 1
    case .and, .unless: 2
    case .equal, .notEqual, .greater, .greaterOrEqual, .less, .lessOrEqual: 3
    case .add, .subtract: 4
    case .multiply, .divide, .modulo: 5
    case .power: 6
    }
  }

  var isComparison: Bool { precedence == 3 }
  var isSetOperator: Bool { precedence <= 2 }
}

extension QueryParser {
  mutating func parseExpression(minPrecedence: Int) throws(LogQLError) -> ParsedExpr {
    try enter()
    defer { depth -= 1 }
    var lhs = try parseOperand()
    while let op = try binaryOperator(), op.precedence >= minPrecedence {
      index += 1
      let (returnBool, matching) = try parseBinaryModifiers(op)
      let rhs = try parseExpression(minPrecedence: op == .power ? op.precedence : op.precedence + 1)
      lhs = try binaryNode(op, lhs, rhs, returnBool: returnBool, matching: matching)
    }
    return lhs
  }

  /// The binary operator at the current token, if it is one.
  func binaryOperator() throws(LogQLError) -> BinaryMetricExpr.Operator? {
    let token = try peek()
    switch token.kind {
    case .add: return .add
    case .sub: return .subtract
    case .mul: return .multiply
    case .div: return .divide
    case .mod: return .modulo
    case .pow: return .power
    case .equalEqual: return .equal
    case .notEqual: return .notEqual
    case .greater: return .greater
    case .greaterOrEqual: return .greaterOrEqual
    case .less: return .less
    case .lessOrEqual: return .lessOrEqual
    case .identifier:
      switch token.word {
      case "and": return .and
      case "or": return .or
      case "unless": return .unless
      default: return nil
      }
    default: return nil
    }
  }

  /// `bool`, `on (...)`/`ignoring (...)`, `group_left (...)`/`group_right (...)` after an operator.
  @inline(never)
  mutating func parseBinaryModifiers(_ op: BinaryMetricExpr.Operator) throws(LogQLError) -> (Bool, BinaryMetricExpr.Matching?) {
    var returnBool = false
    let boolToken = try peek()
    if boolToken.isWord("bool") {
      guard op.isComparison else {
        throw LogQLError(.parse, "bool modifier can only be used on comparison operators", position: boolToken.range)
      }
      index += 1
      returnBool = true
    }
    let token = try peek()
    guard token.isWord("on") || token.isWord("ignoring") else { return (returnBool, nil) }
    index += 1
    var matching = BinaryMetricExpr.Matching(on: token.isWord("on"), labels: try parseLabelList())
    let group = try peek()
    if group.isWord("group_left") || group.isWord("group_right") {
      if op.isSetOperator {
        throw LogQLError(.parse, "no grouping allowed for \"\(op.rawValue)\" operation", position: group.range)
      }
      index += 1
      matching.cardinality = group.isWord("group_left") ? .manyToOne : .oneToMany
      if try peek().kind == .leftParen {
        matching.include = try parseLabelList()
      }
    }
    return (returnBool, matching)
  }

  @inline(never)
  func binaryNode(
    _ op: BinaryMetricExpr.Operator, _ lhs: ParsedExpr, _ rhs: ParsedExpr, returnBool: Bool,
    matching: BinaryMetricExpr.Matching?
  ) throws(LogQLError) -> ParsedExpr {
    let left = try metricOperand(lhs, side: "left", of: op)
    let right = try metricOperand(rhs, side: "right", of: op)
    if op.isSetOperator {
      for (side, expr) in [("left", left), ("right", right)] {
        if case .number(let value, _) = expr.unparenthesized {
          throw LogQLError(
            .parse,
            "unexpected literal for \(side) leg of logical/set binary operation (\(op.rawValue)): \(LogQLLiterals.formatNumber(value))",
            position: expr.position)
        }
      }
    }
    let position = PositionRange(start: lhs.position.start, end: rhs.position.end)
    let height = max(lhs.height, rhs.height) + 1
    try checkHeight(height, at: position)
    let binary = BinaryMetricExpr(op: op, left: left, right: right, returnBool: returnBool, matching: matching, position: position)
    return ParsedExpr(node: .metric(.binary(binary)), height: height, position: position)
  }

  /// The metric expression of an operand; log queries cannot be combined.
  func metricOperand(_ parsed: ParsedExpr, side: String, of op: BinaryMetricExpr.Operator) throws(LogQLError) -> MetricExpr {
    switch parsed.node {
    case .metric(let metric): return metric
    case .logs:
      throw LogQLError(
        .parse,
        "unexpected log query as the \(side) leg of binary operation (\(op.rawValue)): only metric queries can be combined; "
          + "turn it into one with a range aggregation such as count_over_time({...}[5m])",
        position: parsed.position)
    }
  }

  // MARK: - Operands

  mutating func parseOperand() throws(LogQLError) -> ParsedExpr {
    let token = try peek()
    switch token.kind {
    case .leftBrace:
      return try parseLogQuery()
    case .leftParen:
      return try parseParenthesized()
    case .number, .add, .sub:
      let (value, position) = try parseSignedNumber()
      return ParsedExpr(node: .metric(.number(value, position: position)), height: 1, position: position)
    case .identifier:
      return try parseFunction(token)
    default:
      throw unexpected(token, expecting: "a stream selector {...}, a metric expression or a number")
    }
  }

  /// A log query where an operand is expected: a selector and its pipeline.
  @inline(never)
  mutating func parseLogQuery() throws(LogQLError) -> ParsedExpr {
    var selector = try parseSelector()
    selector.pipeline = try parsePipeline(allowUnwrap: false).stages
    selector.position.end = lastEnd
    let next = try peek()
    if next.kind == .range {
      throw LogQLError(
        .parse,
        "syntax error: unexpected \(next.described): a range is only allowed inside a range aggregation such as count_over_time({...}[5m])",
        position: next.range)
    }
    return ParsedExpr(node: .logs(selector), height: 1, position: selector.position)
  }

  mutating func parseParenthesized() throws(LogQLError) -> ParsedExpr {
    let open = advance()
    let inner = try parseExpression(minPrecedence: 0)
    return try parenNode(open, inner)
  }

  @inline(never)
  mutating func parenNode(_ open: LogQLToken, _ inner: ParsedExpr) throws(LogQLError) -> ParsedExpr {
    let close = try expect(.rightParen, "\")\"")
    let position = PositionRange(start: open.start, end: close.end)
    switch inner.node {
    case .logs(let selector):
      // Loki drops parentheses around a log query.
      return ParsedExpr(node: .logs(selector), height: inner.height, position: position)
    case .metric(let metric):
      try checkHeight(inner.height + 1, at: position)
      return ParsedExpr(node: .metric(.paren(metric, position: position)), height: inner.height + 1, position: position)
    }
  }

  /// A number with an optional sign (Loki allows a sign only directly before a number).
  @inline(never)
  mutating func parseSignedNumber() throws(LogQLError) -> (Double, PositionRange) {
    let first = advance()
    var negative = false
    var token = first
    if first.kind == .add || first.kind == .sub {
      negative = first.kind == .sub
      token = try peek()
      guard token.kind == .number else {
        throw unexpected(token, expecting: "NUMBER (a sign is only allowed directly before a number)")
      }
      index += 1
    }
    guard let value = LogQLLiterals.number(token.text) else {
      throw LogQLError(.parse, "invalid number \(goQuote(token.text)): out of range", position: token.range)
    }
    return (negative ? -value : value, PositionRange(start: first.start, end: token.end))
  }

  /// `name(...)` or `name by (...) (...)`: aggregations, `vector`, `label_replace`.
  @inline(never)
  mutating func parseFunction(_ token: LogQLToken) throws(LogQLError) -> ParsedExpr {
    let name = token.word ?? ""
    let next = try peek(1)
    let vectorOp = VectorAggregationExpr.Operation(rawValue: name)
    let isCall = next.kind == .leftParen || (vectorOp != nil && (next.isWord("by") || next.isWord("without")))
    guard isCall else {
      throw unexpected(token, expecting: "a stream selector {...}, a metric expression or a number")
    }
    if let op = RangeAggregationExpr.Operation(rawValue: name) {
      return try parseRangeAggregation(op)
    }
    if let op = vectorOp {
      return try parseVectorAggregation(op)
    }
    switch name {
    case "vector": return try parseVectorFunction()
    case "label_replace": return try parseLabelReplace()
    default:
      throw LogQLError(.parse, "syntax error: unknown function \(goQuote(token.text))", position: token.range)
    }
  }

  /// `vector(1)`.
  @inline(never)
  mutating func parseVectorFunction() throws(LogQLError) -> ParsedExpr {
    let name = advance()
    try expect(.leftParen, "\"(\"")
    let first = try peek()
    guard first.kind == .number || first.kind == .add || first.kind == .sub else {
      throw unexpected(first, expecting: "NUMBER")
    }
    let (value, _) = try parseSignedNumber()
    let close = try expect(.rightParen, "\")\"")
    let position = PositionRange(start: name.start, end: close.end)
    return ParsedExpr(node: .metric(.vector(value, position: position)), height: 1, position: position)
  }

  /// `label_replace(expr, "dst", "replacement", "src", "regex")`.
  @inline(never)
  mutating func parseLabelReplace() throws(LogQLError) -> ParsedExpr {
    let name = advance()
    try expect(.leftParen, "\"(\"")
    let inner = try parseExpression(minPrecedence: 0)
    let expression = try metricArgument(inner, of: "label_replace")
    var strings: [LogQLToken] = []
    for _ in 0..<4 {
      try expect(.comma, "\",\"")
      strings.append(try expect(.string, "STRING"))
    }
    let close = try expect(.rightParen, "\")\"")
    let position = PositionRange(start: name.start, end: close.end)
    if let problem = PatternChecks.regexProblem(strings[3].text) {
      throw LogQLError(.parse, "invalid regular expression in label_replace(): \(problem)", position: strings[3].range)
    }
    do throws(LabelFunctionError) {
      _ = try LabelReplacer(destination: strings[0].text, replacement: strings[1].text, source: strings[2].text, regex: strings[3].text)
    } catch {
      throw LogQLError(.parse, error.message, position: position)
    }
    let replace = LabelReplaceExpr(
      expression: expression, destination: strings[0].text, replacement: strings[1].text, source: strings[2].text,
      regex: strings[3].text, position: position)
    try checkHeight(inner.height + 1, at: position)
    return ParsedExpr(node: .metric(.labelReplace(replace)), height: inner.height + 1, position: position)
  }

  /// The metric expression passed to a function; a log query there is the usual mistake of a
  /// missing range aggregation.
  func metricArgument(_ parsed: ParsedExpr, of function: String) throws(LogQLError) -> MetricExpr {
    switch parsed.node {
    case .metric(let metric): return metric
    case .logs:
      throw LogQLError(
        .parse,
        "syntax error: \(function)() needs a metric query, got a log query; "
          + "turn it into one with a range aggregation such as count_over_time({...}[5m])",
        position: parsed.position)
    }
  }

  /// `(a, b)` after `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`; may be empty.
  mutating func parseLabelList() throws(LogQLError) -> [String] {
    try expect(.leftParen, "\"(\"")
    var labels: [String] = []
    if try peek().kind == .rightParen {
      index += 1
      return labels
    }
    while true {
      labels.append(try expectIdentifier().text)
      let separator = try peek()
      switch separator.kind {
      case .comma: index += 1
      case .rightParen:
        index += 1
        return labels
      default: throw unexpected(separator, expecting: "\",\" or \")\"")
      }
    }
  }
}

extension MetricExpr {
  /// The expression inside any parentheses.
  var unparenthesized: MetricExpr {
    var expr = self
    while case .paren(let inner, _) = expr { expr = inner }
    return expr
  }
}
