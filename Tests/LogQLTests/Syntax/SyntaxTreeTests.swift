// The trees the parser builds for representative queries: precedence, where grouping and range
// may be written, unwrap with post-filters, offset, parameters, label filter values and units.
import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct SyntaxTreeTests {
  private func metric(_ query: String) throws -> MetricExpr {
    try LogQLParser.parseResult(query).flatMap { parsed -> Result<MetricExpr, LogQLError> in
      guard case .metric(let metric) = parsed else { return .failure(LogQLError(.parse, "not a metric query")) }
      return .success(metric)
    }.get()
  }

  private func logs(_ query: String) throws -> LogSelectorExpr {
    try LogQLParser.parseResult(query).flatMap { parsed -> Result<LogSelectorExpr, LogQLError> in
      guard case .logs(let selector) = parsed else { return .failure(LogQLError(.parse, "not a log query")) }
      return .success(selector)
    }.get()
  }

  private func binary(_ expr: MetricExpr) -> BinaryMetricExpr? {
    if case .binary(let binary) = expr { return binary }
    return nil
  }

  private func number(_ expr: MetricExpr) -> Double? {
    if case .number(let value, _) = expr { return value }
    return nil
  }

  private func range(_ expr: MetricExpr) -> RangeAggregationExpr? {
    if case .rangeAggregation(let aggregation) = expr { return aggregation }
    return nil
  }

  private func vector(_ expr: MetricExpr) -> VectorAggregationExpr? {
    if case .vectorAggregation(let aggregation) = expr { return aggregation }
    return nil
  }

  private func labelFilter(_ query: String) throws -> LabelFilterExpr? {
    guard case .labelFilter(let filter)? = try logs(query).pipeline.last else { return nil }
    return filter
  }

  @Test func multiplicationBindsTighterThanAddition() throws {
    let root = try #require(binary(try metric("1 + 2 * 3")))
    #expect(root.op == .add)
    #expect(number(root.left) == 1)
    let right = try #require(binary(root.right))
    #expect(right.op == .multiply && number(right.left) == 2 && number(right.right) == 3)
    #expect(root.position == PositionRange(start: 0, end: 9))
  }

  @Test func powerIsRightAssociativeAndSubtractionLeftAssociative() throws {
    let power = try #require(binary(try metric("2 ^ 3 ^ 2")))
    #expect(number(power.left) == 2)
    #expect(binary(power.right)?.op == .power)
    let minus = try #require(binary(try metric("5 - 2 - 1")))
    #expect(number(minus.right) == 1)
    #expect(binary(minus.left)?.op == .subtract)
  }

  @Test func andBindsTighterThanOrAmongMetricQueries() throws {
    let root = try #require(binary(try metric(#"rate({a="1"}[1m]) or rate({a="2"}[1m]) and rate({a="3"}[1m]) > 1"#)))
    #expect(root.op == .or)
    let right = try #require(binary(root.right))
    #expect(right.op == .and)
    #expect(binary(right.right)?.op == .greater)
  }

  @Test func parenthesesAreKept() throws {
    let root = try #require(binary(try metric("(1 + 2) * 3")))
    guard case .paren(let inner, let position) = root.left else {
      Issue.record("expected parentheses")
      return
    }
    #expect(binary(inner)?.op == .add)
    #expect(position == PositionRange(start: 0, end: 7))
  }

  @Test func groupingBeforeOrAfterTheParenthesesIsTheSame() throws {
    let before = try #require(vector(try metric(#"sum by (host, app) (rate({job="x"}[1m]))"#)))
    let after = try #require(vector(try metric(#"sum(rate({job="x"}[1m])) by (host, app)"#)))
    #expect(before.grouping == Grouping(without: false, labels: ["host", "app"]))
    #expect(after.grouping == before.grouping)
    #expect(LogQLPrinter.format(.vectorAggregation(after)) == LogQLPrinter.format(.vectorAggregation(before)))
    let without = try #require(vector(try metric(#"avg without (pod) (rate({job="x"}[1m]))"#)))
    #expect(without.grouping == Grouping(without: true, labels: ["pod"]))
  }

  @Test func topkKeepsItsParameter() throws {
    let topk = try #require(vector(try metric(#"topk(5, sum by (a) (rate({job="x"}[1m]))) by (b)"#)))
    #expect(topk.operation == .topk)
    #expect(topk.parameter == 5)
    #expect(topk.grouping == Grouping(without: false, labels: ["b"]))
    #expect(vector(topk.expression)?.operation == .sum)
    #expect(vector(try metric(#"sum(rate({job="x"}[1m]))"#))?.parameter == nil)
  }

  @Test func unwrapWithConversionAndPostFilters() throws {
    let query = #"quantile_over_time(0.99, {job="x"} |= "GET" | json | unwrap duration(latency) | __error__="" | latency > 1s [5m]) by (path)"#
    let aggregation = try #require(range(try metric(query)))
    #expect(aggregation.operation == .quantileOverTime)
    #expect(aggregation.parameter == 0.99)
    #expect(aggregation.grouping == Grouping(without: false, labels: ["path"]))
    let unwrap = try #require(aggregation.range.unwrap)
    #expect(unwrap.label == "latency")
    #expect(unwrap.conversion == .duration)
    #expect(unwrap.postFilters.count == 2)
    guard case .matcher(let matcher, _) = unwrap.postFilters[0], case .duration(let name, let op, let seconds, _) = unwrap.postFilters[1] else {
      Issue.record("unexpected post filters \(unwrap.postFilters)")
      return
    }
    #expect(matcher.name == "__error__" && matcher.kind == .equal && matcher.value.isEmpty)
    #expect(name == "latency" && op == .greater && seconds == 1)
    #expect(aggregation.range.selector.pipeline.count == 2)
    #expect(aggregation.range.rangeNs == 300_000_000_000)
  }

  @Test func rangeMayBeWrittenBeforeThePipeline() throws {
    let early = try #require(range(try metric(#"sum_over_time({job="x"}[5m] offset 1h | logfmt | unwrap bytes(size))"#)))
    let late = try #require(range(try metric(#"sum_over_time({job="x"} | logfmt | unwrap bytes(size) [5m] offset 1h)"#)))
    #expect(early.range.rangeNs == late.range.rangeNs)
    #expect(early.range.offsetNs == 3_600_000_000_000)
    #expect(early.range.unwrap?.conversion == .bytes)
    #expect(early.range.selector.pipeline.map { LogQLPrinter.format($0) } == late.range.selector.pipeline.map { LogQLPrinter.format($0) })
    #expect(LogQLPrinter.format(.rangeAggregation(early)) == LogQLPrinter.format(.rangeAggregation(late)))
  }

  @Test func offsetsMayBeNegativeAndGoStyle() throws {
    #expect(range(try metric(#"rate({job="x"}[1m] offset -30m)"#))?.range.offsetNs == -1_800_000_000_000)
    #expect(range(try metric(#"rate({job="x"}[1m] offset 1.5h)"#))?.range.offsetNs == 5_400_000_000_000)
    #expect(range(try metric(#"rate({job="x"}[1h30m])"#))?.range.rangeNs == 5_400_000_000_000)
  }

  @Test func labelFiltersCombineWithAndBeforeOr() throws {
    let filter = try #require(try labelFilter(#"{job="x"} | a="1" or b="2", c="3" d="4""#))
    guard case .or(let left, let right) = filter, case .matcher = left, case .and(let and1, _) = right, case .and = and1 else {
      Issue.record("unexpected tree \(filter)")
      return
    }
    let grouped = try #require(try labelFilter(#"{job="x"} | (a="1" or b="2") and c="3""#))
    guard case .and(let group, _) = grouped, case .or = group else {
      Issue.record("unexpected tree \(grouped)")
      return
    }
  }

  @Test func labelFilterValuesCarryTheirUnits() throws {
    #expect(try labelFilter(#"{job="x"} | latency >= 250ms"#) == .duration(name: "latency", op: .greaterOrEqual, seconds: 0.25, position: PositionRange(start: 12, end: 28)))
    #expect(try labelFilter(#"{job="x"} | size > 2KB"#) == .bytes(name: "size", op: .greater, bytes: 2000, position: PositionRange(start: 12, end: 22)))
    guard case .bytes(_, _, let kibibytes, _)? = try labelFilter(#"{job="x"} | size < 1.5KiB"#) else {
      Issue.record("expected a byte size filter")
      return
    }
    #expect(kibibytes == 1536)
    guard case .number(_, let op, let value, _)? = try labelFilter(#"{job="x"} | status = -1e2"#) else {
      Issue.record("expected a number filter")
      return
    }
    #expect(op == .equal && value == -100)
    guard case .ip(let name, let negated, let pattern, _)? = try labelFilter(#"{job="x"} | addr != ip("10.0.0.0/8")"#) else {
      Issue.record("expected an ip filter")
      return
    }
    #expect(name == "addr" && negated && pattern == "10.0.0.0/8")
  }

  @Test func lineFiltersParsersAndStrings() throws {
    let selector = try logs(#"{job="x", env=~"prod|dev"} |= "a\tb" or `c\d` != ip("1.2.3.4") | logfmt --strict x="y", z | json"#)
    #expect(selector.matchers.map(\.description) == [#"job="x""#, #"env=~"prod|dev""#])
    #expect(selector.pipeline.count == 4)
    guard case .lineFilter(let first) = selector.pipeline[0], case .lineFilter(let second) = selector.pipeline[1],
      case .parser(.logfmt(let strict, let keepEmpty, let extractions, _)) = selector.pipeline[2]
    else {
      Issue.record("unexpected pipeline \(selector.pipeline)")
      return
    }
    #expect(first.op == .contains && first.patterns == ["a\tb", #"c\d"#] && !first.isIPFilter)
    #expect(second.op == .notContains && second.isIPFilter && second.patterns == ["1.2.3.4"])
    #expect(strict && !keepEmpty)
    #expect(extractions == [FieldExtraction(label: "x", path: "y"), FieldExtraction(label: "z", path: "z")])
    #expect(selector.position == PositionRange(start: 0, end: selector.position.end))
    #expect(selector.position.end == #"{job="x", env=~"prod|dev"} |= "a\tb" or `c\d` != ip("1.2.3.4") | logfmt --strict x="y", z | json"#.utf8.count)
  }

  @Test func vectorMatchingModifiers() throws {
    let root = try #require(binary(try metric(#"rate({a="1"}[1m]) > bool ignoring (x) group_left (y, z) rate({a="2"}[1m])"#)))
    #expect(root.op == .greater && root.returnBool)
    #expect(root.matching == BinaryMetricExpr.Matching(on: false, labels: ["x"], cardinality: .manyToOne, include: ["y", "z"]))
    let on = try #require(binary(try metric(#"rate({a="1"}[1m]) / on () rate({a="2"}[1m])"#)))
    #expect(on.matching == BinaryMetricExpr.Matching(on: true, labels: []))
  }

  @Test func canonicalForms() throws {
    let cases: [(String, String)] = [
      (#"{app="foo"}|="bar"|json|level="error""#, #"{app="foo"} |= "bar" | json | level="error""#),
      (#"SUM(COUNT_OVER_TIME({a="b"}[300s])) BY (level)"#, #"sum by (level) (count_over_time({a="b"}[5m]))"#),
      (#"rate({a="b"}|logfmt|latency>1500ms [60m] offset 90m)"#, #"rate({a="b"} | logfmt | latency>1s500ms [1h] offset 1h30m)"#),
      (#"{a="b"} | size > 1024B | d < 100us"#, #"{a="b"} | size>1KiB | d<100us"#),
      (#"{a=`x"y`} |~ `\d+`"#, #"{a="x\"y"} |~ "\\d+""#),
      (#"{a="b"} | x=1 y=2, z=3"#, #"{a="b"} | x==1 and y==2 and z==3"#),
      (#"topk by(a)(3,rate({a="b"}[1m]))"#, #"topk by (a) (3, rate({a="b"}[1m]))"#),
    ]
    for (input, expected) in cases {
      let parsed = try LogQLParser.parseResult(input).get()
      #expect(LogQLPrinter.format(parsed) == expected)
    }
  }
}
