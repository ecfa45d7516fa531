// The parser's function calls and aggregations: argument lists, `by`/`without` before or after
// the arguments, and the parameter of topk, quantile, count_values and friends.
import WardenCore

extension Parser {
  mutating func parseCall(nameIndex: Int) throws(ParseError) -> Parsed {
    let (args, end) = try parseArguments()
    return try callNode(nameIndex, args, end)
  }

  @inline(never)
  func callNode(_ nameIndex: Int, _ args: [Parsed], _ end: Int) throws(ParseError) -> Parsed {
    let name = tokens[nameIndex]
    guard let function = FunctionSignature.named(name.text) else {
      throw ParseError(position: name.range, message: "unknown function with name \(goQuote(name.text))")
    }
    let call = FunctionCall(function: function, args: args.map(\.expr), position: PositionRange(start: name.start, end: end))
    return try node(.call(call), above: args.map(\.height).max() ?? 0)
  }

  /// `(a, b, c)`: the arguments and the end of the closing parenthesis.
  mutating func parseArguments() throws(ParseError) -> ([Parsed], Int) {
    index += 1  // "("
    var args: [Parsed] = []
    if case .rightParen = try kind() {
      return (args, advance().end)
    }
    while true {
      args.append(try parseExpression(minPrecedence: 0))
      switch try kind() {
      case .comma:
        index += 1
        if case .rightParen = try kind() { throw trailingComma() }
      case .rightParen:
        return (args, advance().end)
      default:
        throw unexpected(tokens[index])
      }
    }
  }

  @inline(never)
  func trailingComma() -> ParseError {
    ParseError(position: tokens[index - 1].range, message: "trailing commas not allowed in function call args")
  }

  mutating func parseAggregation(_ op: AggregationOp, opIndex: Int) throws(ParseError) -> Parsed {
    let before = try parseAggregationGrouping()
    guard case .leftParen = try kind() else { throw unexpected(tokens[index], in: "aggregation") }
    let (args, argumentsEnd) = try parseArguments()
    return try aggregateNode(op, opIndex, args, argumentsEnd, before)
  }

  /// `by (...)` or `without (...)` if present: the labels and whether it was `without`.
  @inline(never)
  mutating func parseAggregationGrouping() throws(ParseError) -> ([String], Bool)? {
    guard case .keyword(let word) = try peek().kind, word == .by || word == .without else { return nil }
    index += 1
    return (try parseGroupingLabels(), word == .without)
  }

  @inline(never)
  mutating func aggregateNode(
    _ op: AggregationOp, _ opIndex: Int, _ args: [Parsed], _ argumentsEnd: Int, _ before: ([String], Bool)?
  ) throws(ParseError) -> Parsed {
    let token = tokens[opIndex]
    var grouping = before
    var end = argumentsEnd
    if grouping == nil, let after = try parseAggregationGrouping() {
      grouping = after
      end = tokens[index - 1].end
    }
    let position = PositionRange(start: token.start, end: end)
    guard !args.isEmpty else {
      throw ParseError(position: position, message: "no arguments for aggregate expression provided")
    }
    let wanted = op.parameterType == nil ? 1 : 2
    guard args.count == wanted else {
      throw ParseError(position: position, message: "wrong number of arguments for aggregate expression provided, expected \(wanted), got \(args.count)")
    }
    let aggregate = AggregateExpr(
      op: op, expr: args[wanted - 1].expr, param: wanted == 2 ? args[0].expr : nil,
      grouping: grouping?.0 ?? [], without: grouping?.1 ?? false, position: position)
    return try node(.aggregate(aggregate), above: args.map(\.height).max() ?? 0)
  }

  /// `(label, "quoted label", ...)` after `by`, `without`, `on`, `ignoring`, `group_left`...
  mutating func parseGroupingLabels() throws(ParseError) -> [String] {
    let open = try peek()
    guard case .leftParen = open.kind else { throw unexpected(open, in: "grouping opts", expected: "\"(\"") }
    index += 1
    var labels: [String] = []
    if case .rightParen = try peek().kind {
      index += 1
      return labels
    }
    while true {
      let token = try peek()
      switch token.kind {
      case .string:
        // Any non-empty UTF-8 text is a label name in Prometheus 3.
        let label = Literals.string(token.text)
        if label.isEmpty { throw ParseError(position: token.range, message: "invalid label name for grouping: \"\"") }
        labels.append(label)
      case .identifier, .keyword, .aggregator, .op(.and), .op(.or), .op(.unless), .op(.atan2), .metricIdentifier:
        labels.append(token.text)
      default:
        throw unexpected(token, in: "grouping opts", expected: "label")
      }
      index += 1
      let separator = try peek()
      switch separator.kind {
      case .comma:
        index += 1
        if case .rightParen = try peek().kind {
          index += 1
          return labels
        }
      case .rightParen:
        index += 1
        return labels
      default:
        throw unexpected(separator, in: "grouping opts", expected: "\",\" or \")\"")
      }
    }
  }
}
