// Aggregations: range aggregations over a log range (`rate({...} | json [5m] offset 1h)`, with
// the range allowed before or after the pipeline and `| unwrap` at its end, as Loki allows) and
// vector aggregations (`sum by (x) (...)`, `topk(5, ...) by (x)`), with Loki's rules on
// parameters, grouping and unwrap checked once the call has parsed.
import PromQL
import WardenCore

extension QueryParser {
  // MARK: - Range aggregations

  @inline(never)
  mutating func parseRangeAggregation(_ op: RangeAggregationExpr.Operation) throws(LogQLError) -> ParsedExpr {
    let name = advance()
    try expect(.leftParen, "\"(\"")
    var parameter: Double?
    var parameterToken: LogQLToken?
    if try peek().kind == .number, try peek(1).kind == .comma {
      let token = advance()
      index += 1
      parameterToken = token
      parameter = LogQLLiterals.number(token.text)
      if parameter == nil {
        throw LogQLError(.parse, "invalid parameter for operation \(op.rawValue): \(goQuote(token.text)) is out of range", position: token.range)
      }
    }
    let range = try parseLogRange()
    let close = try expect(.rightParen, "\")\"")
    let (grouping, groupingRange) = try parseGroupingIfPresent()
    let position = PositionRange(start: name.start, end: lastEnd)

    if let parameterToken, op != .quantileOverTime {
      throw LogQLError(.parse, "parameter \(parameterToken.text) not supported for operation \(op.rawValue)", position: parameterToken.range)
    }
    if op == .quantileOverTime, parameter == nil {
      throw LogQLError(.parse, "parameter required for operation \(op.rawValue)", position: name.range)
    }
    if let groupingRange {
      switch op {
      case .avgOverTime, .stddevOverTime, .stdvarOverTime, .quantileOverTime, .maxOverTime, .minOverTime, .firstOverTime, .lastOverTime:
        break
      default:
        throw LogQLError(.parse, "grouping not allowed for \(op.rawValue) aggregation", position: groupingRange)
      }
    }
    if let unwrap = range.unwrap, op == .countOverTime || op == .bytesOverTime || op == .bytesRate {
      throw LogQLError(.parse, "invalid aggregation \(op.rawValue) with unwrap", position: unwrap.position)
    }
    if range.unwrap == nil, op.needsUnwrap {
      throw LogQLError(
        .parse, "invalid aggregation \(op.rawValue) without unwrap: add | unwrap <label> at the end of the pipeline",
        position: PositionRange(start: name.start, end: close.end))
    }
    let aggregation = RangeAggregationExpr(operation: op, parameter: parameter, range: range, grouping: grouping, position: position)
    return ParsedExpr(node: .metric(.rangeAggregation(aggregation)), height: 1, position: position)
  }

  /// `by (...)` or `without (...)` if it comes next, with its position.
  mutating func parseGroupingIfPresent() throws(LogQLError) -> (Grouping?, PositionRange?) {
    let token = try peek()
    guard token.isWord("by") || token.isWord("without") else { return (nil, nil) }
    index += 1
    let labels = try parseLabelList()
    return (Grouping(without: token.isWord("without"), labels: labels), PositionRange(start: token.start, end: lastEnd))
  }

  /// The pieces of a log range as they are read, in whichever order Loki allows.
  struct LogRangeParts {
    var selector: LogSelectorExpr
    var unwrap: UnwrapExpr?
    var rangeNs: Int64?
    var offsetNs: Int64 = 0
  }

  /// `{...} | pipeline | unwrap x [5m] offset 1h`, `{...}[5m] offset 1h | pipeline | unwrap x`,
  /// `({...} | pipeline)[5m]`.
  mutating func parseLogRange() throws(LogQLError) -> LogRangeExpr {
    let parts = try parseLogRangeParts()
    guard let rangeNs = parts.rangeNs else {
      throw unexpected(try peek(), expecting: "a range such as [5m]")
    }
    return LogRangeExpr(selector: parts.selector, rangeNs: rangeNs, offsetNs: parts.offsetNs, unwrap: parts.unwrap)
  }

  mutating func parseLogRangeParts() throws(LogQLError) -> LogRangeParts {
    try enter()
    defer { depth -= 1 }
    let token = try peek()
    var parts: LogRangeParts
    switch token.kind {
    case .leftParen:
      index += 1
      parts = try parseLogRangeParts()
      try expect(.rightParen, "\")\"")
    case .leftBrace:
      parts = LogRangeParts(selector: try parseSelector())
      try parseRangeAndOffset(into: &parts)
      let pipeline = try parsePipeline(allowUnwrap: true)
      parts.selector.pipeline = pipeline.stages
      parts.selector.position.end = pipeline.stagesEnd ?? parts.selector.position.end
      parts.unwrap = pipeline.unwrap
    default:
      throw unexpected(token, expecting: "a stream selector {...}")
    }
    if parts.rangeNs == nil { try parseRangeAndOffset(into: &parts) }
    return parts
  }

  /// `[5m]` and an optional `offset 1h` after it, if a range comes next.
  mutating func parseRangeAndOffset(into parts: inout LogRangeParts) throws(LogQLError) {
    guard try peek().kind == .range else { return }
    let token = advance()
    let text = Self.trimmingSpaces(token.text)
    guard let ms = PrometheusDuration.parseMilliseconds(text) else {
      throw LogQLError(.parse, "not a valid duration string: \(goQuote(text)), expecting a range such as [5m] or [1h30m]", position: token.range)
    }
    let (ns, overflow) = ms.multipliedReportingOverflow(by: 1_000_000)
    guard !overflow else { throw LogQLError(.parse, "range [\(text)] is too long", position: token.range) }
    guard ns > 0 else { throw LogQLError(.parse, "range must be greater than 0, got [\(text)]", position: token.range) }
    parts.rangeNs = ns
    if try peek().isWord("offset") {
      index += 1
      parts.offsetNs = try parseSignedDuration(expecting: "DURATION (an offset such as 1h)")
    }
  }

  /// The text without leading and trailing spaces and tabs (`[ 5m ]` is read as `[5m]`).
  static func trimmingSpaces(_ text: String) -> String {
    var slice = Substring(text)
    while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
    return String(slice)
  }

  /// A duration token with an optional sign, in nanoseconds.
  mutating func parseSignedDuration(expecting: String) throws(LogQLError) -> Int64 {
    var token = try peek()
    var negative = false
    if token.kind == .add || token.kind == .sub {
      negative = token.kind == .sub
      index += 1
      token = try peek()
    }
    guard token.kind == .duration, let ns = LogQLLiterals.durationNanoseconds(token.text) else {
      throw unexpected(token, expecting: expecting)
    }
    index += 1
    return negative ? -ns : ns
  }

  // MARK: - Vector aggregations

  @inline(never)
  mutating func parseVectorAggregation(_ op: VectorAggregationExpr.Operation) throws(LogQLError) -> ParsedExpr {
    let name = advance()
    var (grouping, groupingRange) = try parseGroupingIfPresent()
    try expect(.leftParen, "\"(\"")
    var parameterToken: LogQLToken?
    if try peek().kind == .number, try peek(1).kind == .comma {
      parameterToken = advance()
      index += 1
    }
    let inner = try parseExpression(minPrecedence: 0)
    let expression = try metricArgument(inner, of: op.rawValue)
    try expect(.rightParen, "\")\"")
    let after = try peek()
    if after.isWord("by") || after.isWord("without") {
      if grouping != nil {
        throw LogQLError(
          .parse, "syntax error: unexpected \(after.described): the grouping of \(op.rawValue) is already given before its parentheses",
          position: after.range)
      }
      (grouping, groupingRange) = try parseGroupingIfPresent()
    }
    let position = PositionRange(start: name.start, end: lastEnd)
    let parameter = try vectorParameter(op, parameterToken, name)
    if op == .sort || op == .sortDesc, let grouping, !grouping.labels.isEmpty {
      throw LogQLError(.parse, "sort and sort_desc don't allow grouping by labels", position: groupingRange ?? position)
    }
    try checkHeight(inner.height + 1, at: position)
    let aggregation = VectorAggregationExpr(operation: op, parameter: parameter, grouping: grouping, expression: expression, position: position)
    return ParsedExpr(node: .metric(.vectorAggregation(aggregation)), height: inner.height + 1, position: position)
  }

  /// topk/bottomk need a whole count above zero; the others take no parameter.
  func vectorParameter(
    _ op: VectorAggregationExpr.Operation, _ token: LogQLToken?, _ name: LogQLToken
  ) throws(LogQLError) -> Double? {
    guard op.takesParameter else {
      if let token {
        throw LogQLError(.parse, "unsupported parameter for operation \(op.rawValue): only topk and bottomk take one", position: token.range)
      }
      return nil
    }
    guard let token else {
      throw LogQLError(.parse, "parameter required for operation \(op.rawValue), as in \(op.rawValue)(5, ...)", position: name.range)
    }
    guard let count = Int(token.text) else {
      throw LogQLError(.parse, "invalid parameter for operation \(op.rawValue): \(token.text) is not a whole number", position: token.range)
    }
    guard count > 0 else {
      throw LogQLError(.parse, "invalid parameter for operation \(op.rawValue): must be greater than 0, got \(token.text)", position: token.range)
    }
    return Double(count)
  }
}
