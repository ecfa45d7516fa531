// Valid PromQL: literals, selectors, ranges, subqueries, modifiers, aggregations, calls and
// operators, checked through Prometheus's canonical printed form (cases from Prometheus's own
// parser tests), operator precedence through a fully parenthesized rendering, and every
// function's arity limits.
import PromQL
import Testing
import WardenCore

/// Every binary and unary node in parentheses, so precedence is visible.
private func shape(_ expr: Expr) -> String {
  switch expr {
  case .binary(let binary):
    var op = binary.op.rawValue
    if binary.returnBool { op += " bool" }
    return "(\(shape(binary.lhs)) \(op) \(shape(binary.rhs)))"
  case .unary(let unary): return "(\(unary.negated ? "-" : "+")\(shape(unary.expr)))"
  case .paren(let paren): return "(\(shape(paren.expr)))"
  default: return expr.description
  }
}

private func shapeOf(_ query: String) -> String {
  switch parseQuery(query) {
  case .success(let expr): shape(expr)
  case .failure(let error): "error: " + error.rendered(in: query)
  }
}

@Suite struct ParserTests {
  static let printedForms: [(String, String)] = [
    // Numbers.
    ("1", "1"), ("+Inf", "+Inf"), ("-Inf", "-Inf"), ("inf", "+Inf"), (".5", "0.5"), ("5.", "5"),
    ("123.4567", "123.4567"), ("5e-3", "0.005"), ("5e3", "5000"), ("0xc", "12"), ("0x1F", "31"),
    ("0755", "493"), ("+5.5e-3", "0.0055"), ("-0755", "-493"), ("NaN", "NaN"), ("nan", "NaN"),
    ("1e21", "1000000000000000000000"), ("1_000", "1000"), ("1e-7", "0.0000001"), ("08", "8"),
    ("5m", "5m"), ("1h30m", "1h30m"), ("-5m", "-5m"), ("time() - 1h", "time() - 1h"),
    // Operators.
    ("1 + 1", "1 + 1"), ("1 == bool 1", "1 == bool 1"), ("1 >= bool 1", "1 >= bool 1"),
    ("-1^2", "-1 ^ 2"), ("-1*2", "-1 * 2"), ("+1 + -2 * 1", "1 + -2 * 1"), ("1 + 2/(3*1)", "1 + 2 / (3 * 1)"),
    ("-some_metric", "-some_metric"), ("+some_metric", "+some_metric"), (" +{\"some_metric\"}", "+{__name__=\"some_metric\"}"),
    ("foo * bar", "foo * bar"), ("foo * sum", "foo * sum"), ("foo == 1", "foo == 1"), ("foo == bool 1", "foo == bool 1"),
    ("2.5 / bar", "2.5 / bar"), ("foo and bar", "foo and bar"), ("foo AND bar", "foo and bar"),
    ("foo + bar or bla and blub", "foo + bar or bla and blub"),
    ("bar + on(foo) bla / on(baz, buz) group_right(test) blub", "bar + on (foo) bla / on (baz, buz) group_right (test) blub"),
    ("foo * on(test,blub) bar", "foo * on (test, blub) bar"),
    ("foo * on(test,blub) group_left bar", "foo * on (test, blub) group_left () bar"),
    ("foo and on(test,blub) bar", "foo and on (test, blub) bar"), ("foo and on() bar", "foo and on () bar"),
    ("foo and ignoring(test,blub) bar", "foo and ignoring (test, blub) bar"), ("foo and ignoring() bar", "foo and bar"),
    ("foo unless on(bar) baz", "foo unless on (bar) baz"),
    ("foo / on(test,blub) group_left(bar) bar", "foo / on (test, blub) group_left (bar) bar"),
    ("foo / ignoring(test,blub) group_left(blub) bar", "foo / ignoring (test, blub) group_left (blub) bar"),
    ("foo - on(test,blub) group_right(bar,foo) bar", "foo - on (test, blub) group_right (bar, foo) bar"),
    ("foo == bool on(a) bar", "foo == bool on (a) bar"), ("a atan2 b", "a atan2 b"),
    ("1 + on() foo", "1 + foo"), ("foo unless on(start) bar", "foo unless on (start) bar"),
    ("foo * on(\"a.b\") bar", "foo * on (\"a.b\") bar"),
    // Selectors and modifiers.
    ("foo", "foo"), ("min", "min"), ("start", "start"), ("end", "end"), ("by", "by"), ("offset", "offset"),
    ("foo offset 5m", "foo offset 5m"), ("foo offset -7m", "foo offset -7m"), ("foo OFFSET 1h30m", "foo offset 1h30m"),
    ("foo OFFSET 1m30ms", "foo offset 1m30ms"), ("foo offset 90", "foo offset 1m30s"),
    ("foo @ 1603774568", "foo @ 1603774568.000"), ("foo @ -100", "foo @ -100.000"), ("foo @ .3", "foo @ 0.300"),
    ("foo @ 3.", "foo @ 3.000"), ("foo @ 3.33", "foo @ 3.330"), ("foo @ 3.3333", "foo @ 3.333"), ("foo @ 3.3335", "foo @ 3.334"),
    ("foo @ 3e2", "foo @ 300.000"), ("foo @ 3e-1", "foo @ 0.300"), ("foo @ 0xA", "foo @ 10.000"), ("foo @ -3.3e1", "foo @ -33.000"),
    ("foo @ start()", "foo @ start()"), ("foo @ end()", "foo @ end()"), ("foo offset 5m @ 10", "foo @ 10.000 offset 5m"),
    ("foo:bar{a=\"bc\"}", "foo:bar{a=\"bc\"}"), ("{\"foo\"}", "{__name__=\"foo\"}"),
    (#"{'foo\'bar', 'a\\dos\\path'='boo\\urns'}"#, #"{"a\\dos\\path"="boo\\urns",__name__="foo'bar"}"#),
    ("{\"foo\", a=\"bc\"}", "{__name__=\"foo\",a=\"bc\"}"), ("foo{NaN='bc'}", "foo{NaN=\"bc\"}"), ("foo{bar='}'}", "foo{bar=\"}\"}"),
    ("foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\"}", "foo{a=\"b\",bar!~\"baz\",foo!=\"bar\",test=~\"test\"}"),
    ("foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\",}", "foo{a=\"b\",bar!~\"baz\",foo!=\"bar\",test=~\"test\"}"),
    ("{__name__=~\"bar\", __name__!~\"baz\"}", "{__name__!~\"baz\",__name__=~\"bar\"}"),
    ("{__name__=\"bar\", __name__=\"baz\"}", "{__name__=\"bar\",__name__=\"baz\"}"), ("{\"bar\", __name__=\"baz\"}", "{__name__=\"bar\",__name__=\"baz\"}"),
    ("x{\"a.b\"=\"c\"}", "x{\"a.b\"=\"c\"}"), ("sum{on=\"x\", by=\"y\"}", "sum{by=\"y\",on=\"x\"}"),
    ("offset{step=\"1s\"}[5m]", "offset{step=\"1s\"}[5m]"), ("step{offset=\"1s\"}[5m]", "step{offset=\"1s\"}[5m]"),
    ("start{end=\"foo\"}", "start{end=\"foo\"}"), ("foo{a=\"\\n\\u00e9\"}", "foo{a=\"\\né\"}"),
    ("test[1000ms]", "test[1s]"), ("test[1001ms]", "test[1s1ms]"), ("test[5s]", "test[5s]"), ("foo[5m30s]", "foo[5m30s]"),
    ("test[5h] OFFSET 5m", "test[5h] offset 5m"), ("test[5d] OFFSET 10s", "test[5d] offset 10s"), ("test[5w] offset 2w", "test[5w] offset 2w"),
    ("test{a=\"b\"}[5y] OFFSET 3d", "test{a=\"b\"}[5y] offset 3d"), ("test{a=\"b\"}[5m] OFFSET 3600", "test{a=\"b\"}[5m] offset 1h"),
    ("foo[3ms] @ 2.345", "foo[3ms] @ 2.345"), ("foo[4s180ms] @ 2.345", "foo[4s180ms] @ 2.345"), ("foo[4.18] @ 2.345", "foo[4s180ms] @ 2.345"),
    ("foo[4.018] @ 2.345", "foo[4s18ms] @ 2.345"), ("test[5]", "test[5s]"), ("some_metric[5m] @ 1m", "some_metric[5m] @ 60.000"),
    ("test[5y] @ start()", "test[5y] @ start()"), ("foo[1m] offset 1m @ end()", "foo[1m] @ end() offset 1m"),
    // Subqueries.
    ("foo{bar=\"baz\"}[10m:6s]", "foo{bar=\"baz\"}[10m:6s]"), ("foo{bar=\"baz\"}[10m5s:1h6ms]", "foo{bar=\"baz\"}[10m5s:1h6ms]"),
    ("foo[10m:]", "foo[10m:]"), ("min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:5s])", "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:5s])"),
    ("min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 4m)[4m:3s]", "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 4m)[4m:3s]"),
    ("min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ 1603775091)[4m:3s]", "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ 1603775091.000)[4m:3s]"),
    ("some_metric OFFSET 1m [10m:5s]", "some_metric offset 1m[10m:5s]"), ("some_metric @ 123 [10m:5s]", "some_metric @ 123.000[10m:5s]"),
    ("some_metric @ 123 offset 1m [10m:5s]", "some_metric @ 123.000 offset 1m[10m:5s]"),
    ("some_metric[10m:5s] offset 1m @ 123", "some_metric[10m:5s] @ 123.000 offset 1m"),
    ("(foo + bar{nm=\"val\"})[5m:]", "(foo + bar{nm=\"val\"})[5m:]"), ("(foo + bar{nm=\"val\"})[5m:] offset 10m", "(foo + bar{nm=\"val\"})[5m:] offset 10m"),
    ("foo[10m:6s] @ start()", "foo[10m:6s] @ start()"),
    // Aggregations.
    ("sum by (foo)(some_metric)", "sum by (foo) (some_metric)"), ("avg by (foo)(some_metric)", "avg by (foo) (some_metric)"),
    ("sum without (foo) (some_metric)", "sum without (foo) (some_metric)"), ("sum (some_metric) without (foo)", "sum without (foo) (some_metric)"),
    ("stddev(some_metric)", "stddev(some_metric)"), ("stdvar by (foo)(some_metric)", "stdvar by (foo) (some_metric)"),
    ("sum by ()(some_metric)", "sum(some_metric)"), ("sum without ()(some_metric)", "sum without () (some_metric)"),
    ("sum by (foo,bar,)(some_metric)", "sum by (foo, bar) (some_metric)"),
    ("topk(5, some_metric)", "topk(5, some_metric)"), ("count_values(\"value\", some_metric)", "count_values(\"value\", some_metric)"),
    ("sum without(and, by, avg, count, alert, annotations)(some_metric)", "sum without (and, by, avg, count, alert, annotations) (some_metric)"),
    ("sum by (\"foo bar\")({\"some.metric\"})", "sum by (\"foo bar\") ({__name__=\"some.metric\"})"),
    ("sum by (\"foo\", bar, 'baz')({\"some.metric\"})", "sum by (foo, bar, baz) ({__name__=\"some.metric\"})"),
    ("sum(sum)", "sum(sum)"), ("a + sum", "a + sum"), ("SUM BY (a) (x)", "sum by (a) (x)"), ("quantile(0.9, x) by (a)", "quantile by (a) (0.9, x)"),
    ("limitk(2, x)", "limitk(2, x)"), ("limit_ratio(0.5, x)", "limit_ratio(0.5, x)"), ("bottomk by (a) (3, x)", "bottomk by (a) (3, x)"),
    ("group(x)", "group(x)"), ("sum by (a:b) (x)", "sum by (\"a:b\") (x)"), ("sum by (\"a b\", c) (x)", "sum by (\"a b\", c) (x)"), ("count(x) without (a)", "count without (a) (x)"),
    // Calls and strings.
    ("time()", "time()"), ("floor(some_metric{foo!=\"bar\"})", "floor(some_metric{foo!=\"bar\"})"),
    ("rate(some_metric[5m])", "rate(some_metric[5m])"), ("round(some_metric)", "round(some_metric)"),
    ("round(some_metric, 5)", "round(some_metric, 5)"), ("rate (x[5m])", "rate(x[5m])"), ("start()", "start()"), ("end()", "end()"),
    ("info(rate(http_request_counter_total{}[5m]))", "info(rate(http_request_counter_total[5m]))"),
    ("info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\", bar=\"baz\"})", "info(http_request_counter_total{namespace=\"zzz\"}, {bar=\"baz\",foo=\"bar\"})"),
    ("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")", "label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")"),
    ("\"double-quoted string \\\" with escaped quote\"", "\"double-quoted string \\\" with escaped quote\""),
    ("'single-quoted string \\' with escaped quote'", "\"single-quoted string ' with escaped quote\""),
    ("`backtick-quoted string`", "\"backtick-quoted string\""), ("`a\\nb`", "\"a\\\\nb\""), ("\"\\t\\x41\\101\\u263a\"", "\"\\tAA☺\""),
    // Whitespace and comments.
    ("# comment\nfoo # trailing comment\n+\tbar", "foo + bar"), ("sum(\n  rate(x[5m])\n) by (job)", "sum by (job) (rate(x[5m]))"),
  ]

  @Test(arguments: printedForms)
  func printsCanonicalForm(query: String, expected: String) {
    #expect(printed(query) == expected, "\(query)")
  }

  @Test func printedFormsReadBackToTheSameTree() throws {
    for (query, _) in Self.printedForms {
      let tree = try parseQuery(query).get()
      let again = try parseQuery(tree.description).get()
      #expect(positionless(again) == positionless(tree), "\(query) -> \(tree.description)")
    }
  }

  static let precedence: [(String, String)] = [
    ("1 + 2 * 3", "(1 + (2 * 3))"), ("1 * 2 + 3", "((1 * 2) + 3)"), ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
    ("1 - 2 - 3", "((1 - 2) - 3)"), ("8 / 4 / 2", "((8 / 4) / 2)"), ("-1 ^ 2", "(-(1 ^ 2))"), ("-a * b", "((-a) * b)"),
    ("-a ^ b", "(-(a ^ b))"), ("a ^ -b * c", "((a ^ (-b)) * c)"), ("2 * -3 ^ 2", "(2 * (-(3 ^ 2)))"),
    ("a or b and c unless d", "(a or ((b and c) unless d))"), ("a == b + c", "(a == (b + c))"),
    ("a + b offset 5m", "(a + b offset 5m)"), ("foo + bar or bla and blub", "((foo + bar) or (bla and blub))"),
    ("a / b atan2 c", "((a / b) atan2 c)"), ("a atan2 b ^ c", "(a atan2 (b ^ c))"), ("a > b < c", "((a > b) < c)"),
    ("a % b * c", "((a % b) * c)"), ("- - 1", "1"), ("-(1)", "(-(1))"), ("1 < bool 2 - 1 * 2", "(1 < bool (2 - (1 * 2)))"),
    ("a or b or c", "((a or b) or c)"), ("a and b or c and d", "((a and b) or (c and d))"), ("-a + b", "((-a) + b)"),
    ("+-+1", "-1"), ("-1^-2", "(-(1 ^ -2))"), ("a unless b and c", "((a unless b) and c)"),
  ]

  @Test(arguments: precedence)
  func operatorPrecedence(query: String, expected: String) {
    #expect(shapeOf(query) == expected, "\(query)")
  }

  @Test func treeShapeAndPositions() throws {
    let tree = try parseQuery("sum by (job) (rate(x{a=\"b\"}[5m] offset 1m))").get()
    guard case .aggregate(let aggregate) = tree, case .call(let call) = aggregate.expr, case .matrixSelector(let matrix) = call.args[0] else {
      Issue.record("unexpected tree \(tree)")
      return
    }
    #expect(aggregate.op == .sum && aggregate.grouping == ["job"] && !aggregate.without)
    #expect(aggregate.position == PositionRange(start: 0, end: 43))
    #expect(call.function.name == "rate" && call.position == PositionRange(start: 14, end: 42))
    #expect(matrix.rangeMs == 300_000 && matrix.selector.offsetMs == 60_000)
    #expect(matrix.selector.name == "x" && matrix.selector.matchers.map(\.description) == ["__name__=\"x\"", "a=\"b\""])
    #expect(matrix.selector.position == PositionRange(start: 19, end: 27))
    #expect(tree.description == "sum by (job) (rate(x{a=\"b\"}[5m] offset 1m))")

    let binary = try parseQuery("a + on(b) group_left(c) d").get()
    guard case .binary(let node) = binary else {
      Issue.record("not a binary expression")
      return
    }
    #expect(node.matching == VectorMatching(cardinality: .manyToOne, matchingLabels: ["b"], on: true, include: ["c"]))
    guard case .binary(let scalarSide) = try parseQuery("a * 2").get() else {
      Issue.record("not a binary expression")
      return
    }
    #expect(scalarSide.matching == nil)
    guard case .binary(let setOp) = try parseQuery("a and b").get() else {
      Issue.record("not a binary expression")
      return
    }
    #expect(setOp.matching?.cardinality == .manyToMany)
    guard case .number(let negative) = try parseQuery(" -5").get() else {
      Issue.record("not a number")
      return
    }
    #expect(negative.value == -5 && negative.position == PositionRange(start: 1, end: 3))
  }

  @Test func valueTypes() throws {
    let cases: [(String, ValueType)] = [
      ("1", .scalar), ("\"a\"", .string), ("x", .vector), ("x[5m]", .matrix), ("x[5m:]", .matrix), ("rate(x[5m])", .vector),
      ("scalar(x)", .scalar), ("1 + 2", .scalar), ("x + 2", .vector), ("-x", .vector), ("(1)", .scalar), ("sum(x)", .vector),
    ]
    for (query, type) in cases {
      #expect(try parseQuery(query).get().valueType == type, "\(query)")
    }
  }

  @Test func rangeQueriesNeedScalarOrInstantVector() throws {
    #expect(try parseQuery("\"a\"").get().rangeQueryTypeError == "invalid expression type \"string\" for range query, must be Scalar or instant Vector")
    #expect(try parseQuery("x[5m]").get().rangeQueryTypeError == "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")
    #expect(try parseQuery("x[5m:]").get().rangeQueryTypeError != nil)
    #expect(try parseQuery("1").get().rangeQueryTypeError == nil)
    #expect(try parseQuery("rate(x[5m])").get().rangeQueryTypeError == nil)
  }

  /// An argument expression of each type.
  private static func argument(_ type: ValueType) -> String {
    switch type {
    case .scalar: "1"
    case .string: "\"a\""
    case .vector: "x"
    case .matrix: "x[5m]"
    }
  }

  private static func call(_ function: FunctionSignature, count: Int) -> String {
    let args = (0..<count).map { index -> String in
      if function.name == "info" && index == 1 { return "{a=\"b\"}" }
      let type = index < function.argTypes.count ? function.argTypes[index] : function.argTypes.last ?? .vector
      return argument(type)
    }
    return "\(function.name)(\(args.joined(separator: ", ")))"
  }

  @Test(arguments: FunctionSignature.all)
  func functionArity(function: FunctionSignature) throws {
    let declared = function.argTypes.count
    let minimum = function.variadic == 0 ? declared : declared - 1
    let maximum: Int? = function.variadic == 0 ? declared : function.variadic > 0 ? declared - 1 + function.variadic : nil
    for count in Set([minimum, maximum ?? minimum + 3]) {
      let query = Self.call(function, count: count)
      let tree = try parseQuery(query).get()
      #expect(tree.valueType == function.returnType, "\(query)")
      #expect(tree.description == query)
    }
    if minimum > 0 {
      let query = Self.call(function, count: minimum - 1)
      let expected = function.variadic == 0
        ? "1:1: parse error: expected \(declared) argument(s) in call to \"\(function.name)\", got \(minimum - 1)"
        : "1:1: parse error: expected at least \(minimum) argument(s) in call to \"\(function.name)\", got \(minimum - 1)"
      #expect(renderedError(query) == expected)
    }
    if let maximum {
      let query = Self.call(function, count: maximum + 1)
      let expected = function.variadic == 0
        ? "1:1: parse error: expected \(declared) argument(s) in call to \"\(function.name)\", got \(maximum + 1)"
        : "1:1: parse error: expected at most \(maximum) argument(s) in call to \"\(function.name)\", got \(maximum + 1)"
      #expect(renderedError(query) == expected)
    }
    if let first = function.argTypes.first {
      let wrong: ValueType = first == .scalar ? .string : .scalar
      var args = (0..<max(minimum, 1)).map { index in Self.argument(function.argTypes[index]) }
      if function.name == "info", args.count > 1 { args[1] = "{a=\"b\"}" }
      args[0] = Self.argument(wrong)
      let query = "\(function.name)(\(args.joined(separator: ", ")))"
      let column = function.name.utf8.count + 2
      #expect(renderedError(query) == "1:\(column): parse error: expected type \(first.documentedName) in call to function \"\(function.name)\", got \(wrong.documentedName)")
    }
  }

  @Test func prettyFormatting() throws {
    let short = try parseQuery("sum by (job) (rate(x[5m]))").get()
    #expect(short.prettyFormatted() == "sum by (job) (rate(x[5m]))")
    let one = "foo_metric_with_a_long_name_number_one{label=\"value\"}"
    let two = "foo_metric_with_a_long_name_number_two{label=\"value\"}"
    let binary = try parseQuery("\(one) + \(two)").get()
    #expect(binary.prettyFormatted() == "  \(one)\n+\n  \(two)")
    let aggregate = try parseQuery("sum(\(one) + \(two)) by (job)").get()
    #expect(aggregate.prettyFormatted() == "sum by (job) (\n    \(one)\n  +\n    \(two)\n)")
    let call = try parseQuery("clamp(\(one) + \(two), 0, 1)").get()
    #expect(call.prettyFormatted() == "clamp(\n    \(one)\n  +\n    \(two),\n  0,\n  1\n)")
    // Whatever the shape, the formatted text reads back to the same tree.
    for tree in [binary, aggregate, call] {
      #expect(positionless(try parseQuery(tree.prettyFormatted()).get()) == positionless(tree))
    }
  }
}
