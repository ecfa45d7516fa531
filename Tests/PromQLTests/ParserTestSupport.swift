// Helpers shared by the parser suites: parse results as values (typed throws stay out of test
// bodies), rendered errors, and trees compared without their positions.
import PromQL
import Testing
import WardenCore

func parseQuery(_ query: String) -> Result<Expr, ParseError> {
  do throws(ParseError) {
    return .success(try PromQLParser.parse(query))
  } catch {
    return .failure(error)
  }
}

/// `1:5: parse error: ...` for a query that fails, nil for one that parses.
func renderedError(_ query: String) -> String? {
  if case .failure(let error) = parseQuery(query) { return error.rendered(in: query) }
  return nil
}

/// The canonical printed form, or the error text.
func printed(_ query: String) -> String {
  switch parseQuery(query) {
  case .success(let expr): expr.description
  case .failure(let error): "error: " + error.rendered(in: query)
  }
}

/// The same tree with every position zeroed and matchers in one order (their order has no
/// meaning, and the printer sorts them), to compare trees parsed from different texts.
func positionless(_ expr: Expr) -> Expr {
  let zero = PositionRange(start: 0, end: 0)
  switch expr {
  case .number(var literal):
    literal.position = zero
    literal.writtenAsDuration = false
    return .number(literal)
  case .string(var literal):
    literal.position = zero
    return .string(literal)
  case .vectorSelector(var selector):
    selector.position = zero
    selector.matchers.sort { $0.description < $1.description }
    return .vectorSelector(selector)
  case .matrixSelector(var matrix):
    matrix.position = zero
    matrix.selector.position = zero
    matrix.selector.matchers.sort { $0.description < $1.description }
    return .matrixSelector(matrix)
  case .subquery(var subquery):
    subquery.position = zero
    subquery.expr = positionless(subquery.expr)
    return .subquery(subquery)
  case .call(var call):
    call.position = zero
    call.args = call.args.map(positionless)
    return .call(call)
  case .aggregate(var aggregate):
    aggregate.position = zero
    aggregate.expr = positionless(aggregate.expr)
    aggregate.param = aggregate.param.map(positionless)
    return .aggregate(aggregate)
  case .binary(var binary):
    binary.position = zero
    binary.lhs = positionless(binary.lhs)
    binary.rhs = positionless(binary.rhs)
    return .binary(binary)
  case .unary(var unary):
    unary.position = zero
    unary.expr = positionless(unary.expr)
    return .unary(unary)
  case .paren(var paren):
    paren.position = zero
    paren.expr = positionless(paren.expr)
    return .paren(paren)
  }
}
