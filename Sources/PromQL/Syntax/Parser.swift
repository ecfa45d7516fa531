// Recursive-descent PromQL parser over the lexer's tokens: operator precedence climbing for binary
// expressions, then primaries (literals, selectors, calls, aggregations, parentheses) with their
// postfix modifiers (`[range]`, `[range:step]`, `offset`, `@`). Syntax errors carry Prometheus's
// wording ("unexpected <op:*>", "unexpected identifier "x" in grouping opts, expected label").
// Type rules are left to TypeChecker, which runs only on a tree that parsed, as in Prometheus.
import WardenCore

/// A parsed subtree and its height, kept so that over-deep trees are refused while parsing.
struct Parsed {
  var expr: Expr
  var height: Int
}

struct Parser {
  let tokens: [Token]
  var index = 0
  /// Current recursion depth of the parsing functions.
  var depth = 0

  init(query: String) {
    tokens = Lexer.tokenize(query)
  }

  mutating func parseQuery() throws(ParseError) -> Expr {
    if case .eof = tokens[index].kind {
      throw ParseError(position: PositionRange(start: 0, end: 0), message: "no expression found in input")
    }
    let parsed = try parseExpression(minPrecedence: 0)
    let next = try peek()
    guard case .eof = next.kind else { throw unexpected(next) }
    return parsed.expr
  }

  // MARK: - Tokens

  /// The next token; a lexing error is thrown as soon as the parser looks at it.
  func peek(_ offset: Int = 0) throws(ParseError) -> Token {
    let token = tokens[min(index + offset, tokens.count - 1)]
    if case .error = token.kind { throw ParseError(position: token.range, message: token.text) }
    return token
  }

  /// The kind of the next token (cheaper than the token on the recursive paths).
  func kind(_ offset: Int = 0) throws(ParseError) -> TokenKind {
    let position = min(index + offset, tokens.count - 1)
    if case .error = tokens[position].kind { throw lexingError(at: position) }
    return tokens[position].kind
  }

  @inline(never)
  func lexingError(at position: Int) -> ParseError {
    ParseError(position: tokens[position].range, message: tokens[position].text)
  }

  mutating func advance() -> Token {
    let token = tokens[index]
    index += 1
    return token
  }

  func unexpected(_ token: Token, in context: String? = nil, expected: String? = nil) -> ParseError {
    if case .error = token.kind { return ParseError(position: token.range, message: token.text) }
    var message = "unexpected \(token.described)"
    if let context { message += " in \(context)" }
    if let expected { message += ", expected \(expected)" }
    return ParseError(position: token.range, message: message)
  }

  /// Counts one more level of recursion, refusing too many (at the current token).
  mutating func enter() throws(ParseError) {
    depth += 1
    if depth > PromQLParser.maxDepth { throw tooDeep(tokens[min(index, tokens.count - 1)].range) }
  }

  func tooDeep(_ range: PositionRange) -> ParseError {
    ParseError(position: range, message: "expression is nested too deeply (more than \(PromQLParser.maxDepth) levels)")
  }

  func node(_ expr: Expr, above children: Int...) throws(ParseError) -> Parsed {
    let height = (children.max() ?? 0) + 1
    if height > PromQLParser.maxDepth { throw tooDeep(expr.position) }
    return Parsed(expr: expr, height: height)
  }

  // MARK: - Expressions

  mutating func parseExpression(minPrecedence: Int) throws(ParseError) -> Parsed {
    _ = try kind()
    try enter()
    defer { depth -= 1 }
    var lhs = try parseUnary()
    while true {
      guard case .op(let op) = try kind(), op.precedence >= minPrecedence else { break }
      index += 1
      let modifiers = try parseBinaryModifiers()
      let rhs = try parseExpression(minPrecedence: op.isRightAssociative ? op.precedence : op.precedence + 1)
      lhs = try binaryNode(op, lhs, rhs, modifiers)
    }
    return lhs
  }

  @inline(never)
  func binaryNode(_ op: BinaryOp, _ lhs: Parsed, _ rhs: Parsed, _ modifiers: (Bool, VectorMatching)) throws(ParseError) -> Parsed {
    let position = PositionRange(start: lhs.expr.position.start, end: rhs.expr.position.end)
    let binary = BinaryExpr(op: op, lhs: lhs.expr, rhs: rhs.expr, returnBool: modifiers.0, matching: modifiers.1, position: position)
    return try node(.binary(binary), above: lhs.height, rhs.height)
  }

  /// `bool`, `on(...)`/`ignoring(...)`, `group_left(...)`/`group_right(...)` after an operator.
  /// The matching is recorded as written; TypeChecker drops it when a side is not a vector.
  @inline(never)
  mutating func parseBinaryModifiers() throws(ParseError) -> (Bool, VectorMatching) {
    var returnBool = false
    var matching = VectorMatching(cardinality: .oneToOne)
    if case .keyword(.bool) = try peek().kind {
      index += 1
      returnBool = true
    }
    let token = try peek()
    guard case .keyword(let word) = token.kind, word == .on || word == .ignoring else { return (returnBool, matching) }
    index += 1
    matching.on = word == .on
    matching.matchingLabels = try parseGroupingLabels()
    if case .keyword(let group) = try peek().kind, group == .groupLeft || group == .groupRight {
      index += 1
      matching.cardinality = group == .groupLeft ? .manyToOne : .oneToMany
      if case .leftParen = try peek().kind {
        matching.include = try parseGroupingLabels()
      }
    }
    return (returnBool, matching)
  }

  /// Unary `+`/`-` bind less tightly than `^` and as tightly as `*`, so `-1^2` is `-(1^2)`.
  /// A sign in front of a number literal becomes part of the literal, as in Prometheus.
  mutating func parseUnary() throws(ParseError) -> Parsed {
    guard case .op(let op) = try kind(), op == .add || op == .sub else {
      return try parsePostfix(parsePrimary())
    }
    let opIndex = index
    index += 1
    try enter()
    defer { depth -= 1 }
    let operand = try parseExpression(minPrecedence: BinaryOp.pow.precedence)
    return try unaryNode(op, opIndex, operand)
  }

  @inline(never)
  func unaryNode(_ op: BinaryOp, _ opIndex: Int, _ operand: Parsed) throws(ParseError) -> Parsed {
    let token = tokens[opIndex]
    if case .number(var literal) = operand.expr {
      // NaN keeps its bits: a sign on NaN means nothing and would not survive printing.
      if op == .sub && !literal.value.isNaN { literal.value = -literal.value }
      literal.position.start = token.start
      return Parsed(expr: .number(literal), height: operand.height)
    }
    let position = PositionRange(start: token.start, end: operand.expr.position.end)
    return try node(.unary(UnaryExpr(negated: op == .sub, expr: operand.expr, position: position)), above: operand.height)
  }

  // The functions on the recursive path (parseExpression, parseUnary, parsePrimary, parseParen,
  // parseCall, parseArguments, parseAggregation) keep their frames small: everything else lives
  // in helpers that are not inlined into them, so deep nesting uses little stack.
  mutating func parsePrimary() throws(ParseError) -> Parsed {
    let start = index
    switch try kind() {
    case .leftParen:
      index += 1
      let inner = try parseExpression(minPrecedence: 0)
      return try parenNode(start, inner)
    case .identifier, .keyword(.start), .keyword(.end), .keyword(.step), .keyword(.range):
      if case .leftParen = try kind(1) {
        index += 1
        return try parseCall(nameIndex: start)
      }
    case .aggregator(let op):
      switch try kind(1) {
      case .leftParen, .keyword(.by), .keyword(.without):
        index += 1
        return try parseAggregation(op, opIndex: start)
      default: break
      }
    default: break
    }
    return try parseLeaf(tokens[start])
  }

  @inline(never)
  mutating func parenNode(_ openIndex: Int, _ inner: Parsed) throws(ParseError) -> Parsed {
    let open = tokens[openIndex]
    let close = try peek()
    guard case .rightParen = close.kind else { throw unexpected(close) }
    index += 1
    let position = PositionRange(start: open.start, end: close.end)
    return try node(.paren(ParenExpr(expr: inner.expr, position: position)), above: inner.height)
  }

  /// Literals and selectors (keywords other than operators are metric names here).
  @inline(never)
  mutating func parseLeaf(_ token: Token) throws(ParseError) -> Parsed {
    switch token.kind {
    case .number, .duration:
      index += 1
      return Parsed(expr: .number(try numberLiteral(token)), height: 1)
    case .string:
      index += 1
      return Parsed(expr: .string(StringLiteral(value: Literals.string(token.text), position: token.range)), height: 1)
    case .leftBrace:
      return try parseVectorSelector(name: nil)
    case .identifier, .metricIdentifier, .aggregator,
      .keyword(.start), .keyword(.end), .keyword(.step), .keyword(.range),
      .keyword(.offset), .keyword(.by), .keyword(.without), .keyword(.smoothed), .keyword(.anchored),
      .op(.and), .op(.or), .op(.unless):
      // Aggregation operators, most keywords and `and`/`or`/`unless` are valid metric names
      // where an operand is expected.
      index += 1
      return try parseVectorSelector(name: token)
    default:
      throw unexpected(token)
    }
  }

  /// A number, or a duration used as a number of seconds (`5m` is 300).
  func numberLiteral(_ token: Token) throws(ParseError) -> NumberLiteral {
    if case .duration = token.kind {
      switch Literals.duration(token.text) {
      case .success(let ms):
        var literal = NumberLiteral(value: Double(ms) / 1000, position: token.range)
        literal.writtenAsDuration = true
        return literal
      case .failure(let failure): throw ParseError(position: token.range, message: failure.message)
      }
    }
    switch Literals.number(token.text) {
    case .success(let value): return NumberLiteral(value: value, position: token.range)
    case .failure(let failure): throw ParseError(position: token.range, message: failure.message)
    }
  }

  // MARK: - Selectors

  /// `name`, `name{...}` or `{...}`; the name (if written before the braces) becomes the first
  /// matcher.
  mutating func parseVectorSelector(name: Token?) throws(ParseError) -> Parsed {
    var matchers: [LabelMatcher] = []
    let next = try peek()
    var position = name?.range ?? next.range
    if case .leftBrace = try peek().kind {
      let (list, end) = try parseMatchers()
      matchers = list
      position.end = end
    }
    if let name {
      // An equality matcher cannot fail to build.
      matchers.insert(try! LabelMatcher(.equal, Labels.metricName, name.text), at: 0)
    }
    return Parsed(expr: .vectorSelector(VectorSelector(name: name?.text, matchers: matchers, position: position)), height: 1)
  }

  mutating func parseMatchers() throws(ParseError) -> ([LabelMatcher], Int) {
    index += 1  // "{"
    var matchers: [LabelMatcher] = []
    while true {
      let label = try peek()
      switch label.kind {
      case .rightBrace:
        index += 1
        return (matchers, label.end)
      case .identifier, .string:
        break
      default:
        throw unexpected(label, in: "label matching", expected: "identifier or \"}\"")
      }
      index += 1
      let labelName: String
      if case .string = label.kind { labelName = Literals.string(label.text) } else { labelName = label.text }
      let op = try peek()
      let kind: LabelMatcher.Kind
      switch op.kind {
      case .assign: kind = .equal
      case .notEqualInBraces: kind = .notEqual
      case .regexMatch: kind = .regexMatch
      case .regexNoMatch: kind = .regexNoMatch
      case .comma, .rightBrace:
        // `{"metric.name"}`: a quoted name alone is the metric name.
        guard case .string = label.kind else {
          throw unexpected(op, in: "label matching", expected: "label matching operator")
        }
        matchers.append(try! LabelMatcher(.equal, Labels.metricName, labelName))
        if case .comma = op.kind { index += 1 }
        continue
      default:
        throw unexpected(op, in: "label matching", expected: "label matching operator")
      }
      index += 1
      let value = try peek()
      guard case .string = value.kind else { throw unexpected(value, in: "label matching", expected: "string") }
      index += 1
      do throws(LabelMatcherError) {
        matchers.append(try LabelMatcher(kind, labelName, Literals.string(value.text)))
      } catch {
        throw ParseError(position: PositionRange(start: label.start, end: value.end), message: error.message)
      }
      let separator = try peek()
      switch separator.kind {
      case .comma: index += 1
      case .rightBrace: break
      default: throw unexpected(separator, in: "label matching", expected: "\",\" or \"}\"")
      }
    }
  }

  // MARK: - Postfix modifiers

  mutating func parsePostfix(_ base: Parsed) throws(ParseError) -> Parsed {
    var current = base
    while true {
      switch try peek().kind {
      case .leftBracket: current = try parseRangeOrSubquery(current)
      case .keyword(.offset): current = try parseOffset(current)
      case .at: current = try parseAt(current)
      default: return current
      }
    }
  }

  mutating func parseRangeOrSubquery(_ base: Parsed) throws(ParseError) -> Parsed {
    let open = advance()
    let (rangeMs, rangeToken) = try parseDuration(context: "subquery or range selector", expected: "number, duration, step(), or range()")
    if rangeMs <= 0 {
      throw ParseError(position: rangeToken, message: "duration must be greater than 0")
    }
    let next = try peek()
    switch next.kind {
    case .rightBracket:
      index += 1
      let bracket = PositionRange(start: open.start, end: next.end)
      guard case .vectorSelector(let selector) = base.expr else {
        throw ParseError(position: bracket, message: "ranges only allowed for vector selectors")
      }
      if selector.offsetMs != 0 { throw ParseError(position: bracket, message: "no offset modifiers allowed before range") }
      if selector.at != nil { throw ParseError(position: bracket, message: "no @ modifiers allowed before range") }
      let position = PositionRange(start: selector.position.start, end: next.end)
      return Parsed(expr: .matrixSelector(MatrixSelector(selector: selector, rangeMs: rangeMs, position: position)), height: 1)
    case .colon:
      index += 1
      var stepMs: Int64?
      if case .rightBracket = try peek().kind {
        stepMs = nil
      } else {
        let (step, stepToken) = try parseDuration(context: "subquery selector", expected: "number, duration, step(), range(), or \"]\"")
        if step <= 0 { throw ParseError(position: stepToken, message: "duration must be greater than 0") }
        stepMs = step
      }
      let close = try peek()
      guard case .rightBracket = close.kind else { throw unexpected(close, in: "subquery selector", expected: "\"]\"") }
      index += 1
      let position = PositionRange(start: base.expr.position.start, end: close.end)
      let subquery = SubqueryExpr(expr: base.expr, rangeMs: rangeMs, stepMs: stepMs, position: position)
      return try node(.subquery(subquery), above: base.height)
    case .op:
      throw ParseError(position: rangeToken, message: "experimental duration expression is not enabled")
    default:
      throw unexpected(next, in: "subquery or range", expected: "\":\" or \"]\"")
    }
  }

  /// A signed number (seconds) or duration, in milliseconds, with the range of its tokens.
  mutating func parseDuration(context: String, expected: String) throws(ParseError) -> (Int64, PositionRange) {
    var token = try peek()
    let start = token.start
    var negative = false
    if case .op(let op) = token.kind, op == .add || op == .sub {
      negative = op == .sub
      index += 1
      token = try peek()
    }
    switch token.kind {
    case .number, .duration:
      index += 1
      let literal = try numberLiteral(token)
      let range = PositionRange(start: start, end: token.end)
      let seconds = negative ? -literal.value : literal.value
      guard seconds.isFinite, abs(seconds) <= 9_223_372_036 else {
        throw ParseError(position: range, message: "duration out of range")
      }
      return (Int64((seconds * 1000).rounded()), range)
    case .keyword(.step), .keyword(.range), .leftParen, .aggregator(.min), .aggregator(.max):
      throw ParseError(position: token.range, message: "experimental duration expression is not enabled")
    default:
      throw unexpected(token, in: context, expected: expected)
    }
  }

  mutating func parseOffset(_ base: Parsed) throws(ParseError) -> Parsed {
    index += 1  // "offset"
    let (offsetMs, range) = try parseDuration(context: "offset", expected: "number, duration, step(), or range()")
    let message = "offset may not be set multiple times"
    var expr = base.expr
    switch expr {
    case .vectorSelector(var selector):
      if selector.offsetMs != 0 { throw ParseError(position: selector.position, message: message) }
      selector.offsetMs = offsetMs
      selector.position.end = range.end
      expr = .vectorSelector(selector)
    case .matrixSelector(var matrix):
      if matrix.selector.offsetMs != 0 { throw ParseError(position: matrix.position, message: message) }
      matrix.selector.offsetMs = offsetMs
      matrix.position.end = range.end
      expr = .matrixSelector(matrix)
    case .subquery(var subquery):
      if subquery.offsetMs != 0 { throw ParseError(position: subquery.position, message: message) }
      subquery.offsetMs = offsetMs
      subquery.position.end = range.end
      expr = .subquery(subquery)
    default:
      throw ParseError(position: expr.position, message: "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery")
    }
    return Parsed(expr: expr, height: base.height)
  }

  mutating func parseAt(_ base: Parsed) throws(ParseError) -> Parsed {
    index += 1  // "@"
    var token = try peek()
    let at: AtModifier
    let end: Int
    if case .keyword(let word) = token.kind, word == .start || word == .end {
      index += 1
      let open = try peek()
      guard case .leftParen = open.kind else { throw unexpected(open, in: "@", expected: "timestamp") }
      index += 1
      let close = try peek()
      guard case .rightParen = close.kind else { throw unexpected(close, in: "@", expected: "timestamp") }
      index += 1
      at = word == .start ? .start : .end
      end = close.end
    } else {
      var negative = false
      if case .op(let op) = token.kind, op == .add || op == .sub {
        negative = op == .sub
        index += 1
        token = try peek()
      }
      switch token.kind {
      case .number, .duration: index += 1
      default: throw unexpected(token, in: "@", expected: "timestamp")
      }
      let literal = try numberLiteral(token)
      let seconds = negative ? -literal.value : literal.value
      // Prometheus's bound: the timestamp must fit an int64 before conversion to milliseconds.
      if !seconds.isFinite || seconds >= 9.223372036854775807e18 || seconds <= -9.223372036854775807e18 {
        throw ParseError(position: base.expr.position, message: "timestamp out of bounds for @ modifier: \(goFixed(seconds))")
      }
      let milliseconds = (seconds * 1000).rounded()
      at = .timestamp(milliseconds: milliseconds >= 9.2e18 ? .max : milliseconds <= -9.2e18 ? .min : Int64(milliseconds))
      end = token.end
    }
    let message = "@ <timestamp> may not be set multiple times"
    var expr = base.expr
    switch expr {
    case .vectorSelector(var selector):
      if selector.at != nil { throw ParseError(position: selector.position, message: message) }
      selector.at = at
      selector.position.end = end
      expr = .vectorSelector(selector)
    case .matrixSelector(var matrix):
      if matrix.selector.at != nil { throw ParseError(position: matrix.position, message: message) }
      matrix.selector.at = at
      matrix.position.end = end
      expr = .matrixSelector(matrix)
    case .subquery(var subquery):
      if subquery.at != nil { throw ParseError(position: subquery.position, message: message) }
      subquery.at = at
      subquery.position.end = end
      expr = .subquery(subquery)
    default:
      throw ParseError(position: expr.position, message: "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery")
    }
    return Parsed(expr: expr, height: base.height)
  }
}

/// `[a-zA-Z_][a-zA-Z0-9_]*`: label names that need no quotes.
func isLegacyLabelName(_ name: String) -> Bool {
  var first = true
  for byte in name.utf8 {
    let letter = byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    if !(letter || (!first && digit)) { return false }
    first = false
  }
  return !first
}

/// Go's `%f`: six decimals, `+Inf`, `-Inf`, `NaN`.
func goFixed(_ value: Double) -> String {
  if value.isNaN { return "NaN" }
  if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
  let scaled = (abs(value) * 1_000_000).rounded()
  if scaled < 9e18 {
    let micro = Int64(scaled)
    var fraction = String(micro % 1_000_000)
    while fraction.count < 6 { fraction = "0" + fraction }
    return (value < 0 ? "-" : "") + "\(micro / 1_000_000).\(fraction)"
  }
  // Doubles this large are integers; print them exactly, as Go does.
  let magnitude = abs(value)
  let digits = magnitude < 1.8e19 ? String(UInt64(magnitude)) : formatGoFloat(magnitude)
  return (value < 0 ? "-" : "") + digits + ".000000"
}
