// Label filters: `level="error"`, `status >= 500`, `latency > 250ms`, `size > 2KB`,
// `addr = ip("10.0.0.0/8")`, combined with `and`, `,` or mere juxtaposition (all "and", which
// binds tighter) and `or`, grouped with parentheses. Chains build left-leaning trees whose height
// is bounded like every other tree.
import PromQL
import WardenCore

extension QueryParser {
  /// A whole label filter expression (one pipeline stage, or one post-filter of unwrap).
  mutating func parseLabelFilterExpression() throws(LogQLError) -> LabelFilterExpr {
    try parseLabelFilterOr().filter
  }

  mutating func parseLabelFilterOr() throws(LogQLError) -> (filter: LabelFilterExpr, height: Int) {
    let start = try peek()
    var (lhs, height) = try parseLabelFilterAnd()
    while try peek().isWord("or") {
      let next = try peek(1)
      guard next.kind == .leftParen || next.kind == .identifier else { break }
      index += 1
      let (rhs, rhsHeight) = try parseLabelFilterAnd()
      lhs = .or(lhs, rhs)
      height = max(height, rhsHeight) + 1
      try checkHeight(height, at: span(from: start))
    }
    return (lhs, height)
  }

  mutating func parseLabelFilterAnd() throws(LogQLError) -> (filter: LabelFilterExpr, height: Int) {
    let start = try peek()
    var (lhs, height) = try parseLabelFilterPrimary()
    while true {
      let token = try peek()
      if token.isWord("and") || token.kind == .comma {
        index += 1
      } else if !(try continuesByJuxtaposition()) {
        break
      }
      let (rhs, rhsHeight) = try parseLabelFilterPrimary()
      lhs = .and(lhs, rhs)
      height = max(height, rhsHeight) + 1
      try checkHeight(height, at: span(from: start))
    }
    return (lhs, height)
  }

  /// Whether the next tokens start another filter written right after the previous one
  /// (`| a="b" c="d"`): a label and a filter operator, or a parenthesised filter.
  func continuesByJuxtaposition() throws(LogQLError) -> Bool {
    let token = try peek()
    switch token.kind {
    case .identifier:
      if token.isWord("or") || token.isWord("and") || token.isWord("unless") { return false }
      return isLabelFilterOperator(try peek(1).kind)
    case .leftParen:
      let next = try peek(1).kind
      return next == .identifier || next == .leftParen
    default:
      return false
    }
  }

  func isLabelFilterOperator(_ kind: LogQLTokenKind) -> Bool {
    switch kind {
    case .assign, .notEqual, .regexMatch, .regexNoMatch, .equalEqual, .greater, .greaterOrEqual, .less, .lessOrEqual: true
    default: false
    }
  }

  mutating func parseLabelFilterPrimary() throws(LogQLError) -> (filter: LabelFilterExpr, height: Int) {
    let token = try peek()
    if token.kind == .leftParen {
      try enter()
      defer { depth -= 1 }
      index += 1
      let inner = try parseLabelFilterOr()
      try expect(.rightParen, "\")\"")
      return inner
    }
    return (try parseLabelComparison(), 1)
  }

  /// `name op value`.
  @inline(never)
  mutating func parseLabelComparison() throws(LogQLError) -> LabelFilterExpr {
    let name = try expectIdentifier("IDENTIFIER (a label name) or \"(\"")
    let opToken = try peek()
    guard isLabelFilterOperator(opToken.kind) else {
      throw unexpected(opToken, expecting: "a label filter operator (=, !=, =~, !~, ==, >, >=, <, <=)")
    }
    index += 1
    let value = try peek()
    switch opToken.kind {
    case .regexMatch, .regexNoMatch:
      let string = try expect(.string, "STRING (a regular expression)")
      let matcher = try makeMatcher(opToken.kind == .regexMatch ? .regexMatch : .regexNoMatch, name: name, value: string)
      return .matcher(matcher, position: span(from: name))
    case .assign, .notEqual:
      if value.kind == .string {
        index += 1
        let matcher = try makeMatcher(opToken.kind == .assign ? .equal : .notEqual, name: name, value: value)
        return .matcher(matcher, position: span(from: name))
      }
      if value.isWord("ip"), try peek(1).kind == .leftParen {
        let pattern = try parseIPCall()
        return .ip(name: name.text, negated: opToken.kind == .notEqual, pattern: pattern, position: span(from: name))
      }
    default:
      break
    }
    let op: ComparisonOperator
    let allowsStrings = opToken.kind == .assign || opToken.kind == .notEqual
    switch opToken.kind {
    case .notEqual: op = .notEqual
    case .greater: op = .greater
    case .greaterOrEqual: op = .greaterOrEqual
    case .less: op = .less
    case .lessOrEqual: op = .lessOrEqual
    default: op = .equal
    }
    return try parseUnitComparison(name: name, op: op, allowsStrings: allowsStrings)
  }

  /// The number, duration or byte size on the right of a comparison.
  mutating func parseUnitComparison(name: LogQLToken, op: ComparisonOperator, allowsStrings: Bool) throws(LogQLError) -> LabelFilterExpr {
    let expecting = allowsStrings ? "STRING, NUMBER, DURATION, BYTES or ip(\"...\")" : "NUMBER, DURATION or BYTES"
    var token = try peek()
    var negative = false
    if token.kind == .add || token.kind == .sub {
      negative = token.kind == .sub
      index += 1
      token = try peek()
    }
    let sign: Double = negative ? -1 : 1
    switch token.kind {
    case .number:
      index += 1
      guard let value = LogQLLiterals.number(token.text) else {
        throw LogQLError(.parse, "invalid number \(goQuote(token.text)): out of range", position: token.range)
      }
      return .number(name: name.text, op: op, value: sign * value, position: span(from: name))
    case .duration:
      index += 1
      guard let ns = LogQLLiterals.durationNanoseconds(token.text) else { throw unexpected(token, expecting: expecting) }
      return .duration(name: name.text, op: op, seconds: sign * Double(ns) / 1e9, position: span(from: name))
    case .bytes where !negative:
      index += 1
      guard let bytes = LogQLLiterals.byteCount(token.text) else { throw unexpected(token, expecting: expecting) }
      return .bytes(name: name.text, op: op, bytes: bytes, position: span(from: name))
    default:
      throw unexpected(token, expecting: expecting)
    }
  }
}
