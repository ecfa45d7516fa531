// Entry point of the LogQL parser: the limits, then a recursive-descent parse (QueryParser) that
// builds the syntax tree and applies Loki's parse-time rules (a selector needs a matcher that
// does not match the empty value, unwrap only where a value is read, ...). Every failure is a
// `LogQLError` of kind `.parse` with the position of the offending piece.
package import PromQL

package enum LogQLParser {
  /// Longer queries are refused before any work is done.
  package static let maxQueryBytes = 128 * 1024
  /// Deeper nesting (parentheses, aggregations, label filter groups) or taller trees (long chains
  /// of binary operations or label filters) are refused, so no recursive walk over a tree
  /// (printing, evaluation) can exhaust a thread's stack.
  package static let maxDepth = 500

  /// The syntax tree of a log or metric query.
  package static func parse(_ query: String) throws(LogQLError) -> LogQLQuery {
    let length = query.utf8.count
    guard length <= maxQueryBytes else {
      throw LogQLError(
        .parse, "query is too long: \(length) bytes, the limit is \(maxQueryBytes) bytes",
        position: PositionRange(start: 0, end: 0))
    }
    var parser = QueryParser(query: query)
    return try parser.parseQuery()
  }

  /// `parse` with the error as a value, for callers that keep errors as values.
  package static func parseResult(_ query: String) -> Result<LogQLQuery, LogQLError> {
    do {
      return .success(try parse(query))
    } catch {
      return .failure(error)
    }
  }

  /// A log query (selector and pipeline); a metric query is an error.
  package static func parseLogSelector(_ query: String) throws(LogQLError) -> LogSelectorExpr {
    switch try parse(query) {
    case .logs(let selector): return selector
    case .metric(let metric):
      throw LogQLError(.parse, "expected a log query, got a metric query", position: metric.position)
    }
  }

  /// A metric query; a log query is an error.
  package static func parseMetric(_ query: String) throws(LogQLError) -> MetricExpr {
    switch try parse(query) {
    case .metric(let metric): return metric
    case .logs(let selector):
      throw LogQLError(.parse, "expected a metric query, got a log query", position: selector.position)
    }
  }
}

extension MetricExpr {
  /// Where the expression is in the query text.
  package var position: PositionRange {
    switch self {
    case .rangeAggregation(let expr): expr.position
    case .vectorAggregation(let expr): expr.position
    case .binary(let expr): expr.position
    case .number(_, let position), .vector(_, let position), .paren(_, let position): position
    case .labelReplace(let expr): expr.position
    }
  }
}

/// What an operand parsed to, with the height of its tree (refused beyond `maxDepth`).
struct ParsedExpr {
  enum Node {
    case logs(LogSelectorExpr)
    case metric(MetricExpr)
  }

  var node: Node
  var height: Int
  var position: PositionRange
}

/// The recursive-descent parser over the lexer's tokens; the grammar lives in its extensions.
struct QueryParser {
  let tokens: [LogQLToken]
  var index = 0
  /// Current recursion depth of the parsing functions.
  var depth = 0

  init(query: String) {
    tokens = LogQLLexer.tokenize(query)
  }

  mutating func parseQuery() throws(LogQLError) -> LogQLQuery {
    let first = try peek()
    if first.kind == .eof {
      throw LogQLError(
        .parse, "syntax error: empty query, expecting a stream selector such as {job=\"app\"} or a metric query",
        position: first.range)
    }
    let parsed = try parseExpression(minPrecedence: 0)
    let next = try peek()
    guard next.kind == .eof else { throw unexpected(next, expecting: nil) }
    switch parsed.node {
    case .logs(let selector): return .logs(selector)
    case .metric(let metric): return .metric(metric)
    }
  }

  // MARK: - Tokens

  /// The token `offset` ahead; a lexing error is thrown as soon as the parser looks at it.
  func peek(_ offset: Int = 0) throws(LogQLError) -> LogQLToken {
    let token = tokens[min(index + offset, tokens.count - 1)]
    if token.kind == .error { throw LogQLError(.parse, token.text, position: token.range) }
    return token
  }

  mutating func advance() -> LogQLToken {
    let token = tokens[min(index, tokens.count - 1)]
    index += 1
    return token
  }

  /// The end of the last token consumed.
  var lastEnd: Int { index > 0 ? tokens[min(index, tokens.count) - 1].end : 0 }

  /// From the start of `token` to the end of the last token consumed.
  func span(from token: LogQLToken) -> PositionRange {
    PositionRange(start: token.start, end: lastEnd)
  }

  /// Consumes a token of `kind`, or fails naming what was expected.
  @discardableResult
  mutating func expect(_ kind: LogQLTokenKind, _ expecting: String) throws(LogQLError) -> LogQLToken {
    let token = try peek()
    guard token.kind == kind else { throw unexpected(token, expecting: expecting) }
    index += 1
    return token
  }

  /// Consumes an identifier (a label name), or fails.
  mutating func expectIdentifier(_ expecting: String = "IDENTIFIER (a label name)") throws(LogQLError) -> LogQLToken {
    try expect(.identifier, expecting)
  }

  func unexpected(_ token: LogQLToken, expecting: String?) -> LogQLError {
    if token.kind == .error { return LogQLError(.parse, token.text, position: token.range) }
    var message = "syntax error: unexpected \(token.described)"
    if let expecting { message += ", expecting \(expecting)" }
    return LogQLError(.parse, message, position: token.range)
  }

  /// Counts one more level of recursion, refusing too many (at the current token).
  mutating func enter() throws(LogQLError) {
    depth += 1
    if depth > LogQLParser.maxDepth { throw tooDeep(tokens[min(index, tokens.count - 1)].range) }
  }

  func tooDeep(_ position: PositionRange) -> LogQLError {
    LogQLError(.parse, "query is nested too deeply (more than \(LogQLParser.maxDepth) levels)", position: position)
  }

  /// Refuses a tree taller than the limit.
  func checkHeight(_ height: Int, at position: PositionRange) throws(LogQLError) {
    if height > LogQLParser.maxDepth { throw tooDeep(position) }
  }
}
