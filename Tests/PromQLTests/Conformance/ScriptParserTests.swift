// The conformance runner's own reading of test scripts: literal scripts with the commands they
// must produce, so a runner bug cannot pass for an engine bug.
import Testing
import WardenCore

private func parse(_ text: String) -> Result<[ScriptCommand], ScriptError> {
  Result { () throws(ScriptError) in try ScriptParser.parse(text) }
}

private func labels(_ pairs: [String: String]) -> Labels { Labels(pairs) }

private func evals(_ text: String) -> [EvalCommand] {
  ((try? parse(text).get()) ?? []).compactMap { if case .eval(let eval) = $0 { eval } else { nil } }
}

struct ScriptParserTests {
  @Test func loadExpandsEveryItemForm() throws {
    let commands = try parse(
      """
      load 10s
        metric{job="a", instance="0"}\t1+2x2 _ 7-1x1 _x2 stale 3x1
        other -Inf NaN 1e3 -2.5e-1
        {__name__="third"} 1

      """
    ).get()
    #expect(commands.count == 1)
    guard case .load(let load) = commands[0] else { Issue.record("expected a load, got \(commands[0])"); return }
    #expect(load.line == 1 && load.stepMs == 10_000)
    #expect(load.series.count == 3)
    let metric = load.series[0]
    #expect(metric.labels == labels(["__name__": "metric", "job": "a", "instance": "0"]))
    // 1 3 5 _ 7 6 _ _ stale 3 3: the slots advance over `_`, `_x2` is two slots.
    #expect(metric.timestampsMs == [0, 10_000, 20_000, 40_000, 50_000, 80_000, 90_000, 100_000])
    #expect(Array(metric.values.prefix(5)) == [1, 3, 5, 7, 6])
    #expect(metric.values[5].isStaleMarker)
    #expect(Array(metric.values.suffix(2)) == [3, 3])
    let other = load.series[1]
    #expect(other.values.count == 4)
    #expect(other.values[0] == -.infinity && other.values[1].isNaN && !other.values[1].isStaleMarker)
    #expect(other.values[2] == 1000 && other.values[3] == -0.25)
    #expect(load.series[2].labels == labels(["__name__": "third"]))
  }

  @Test func laterLineReplacesEarlierInOneBlock() throws {
    let commands = try parse("load 1m\n  m{a=\"1\"} 1 2\n  m{a=\"1\"} 5\n")
      .get()
    guard case .load(let load) = commands.first else { Issue.record("expected a load"); return }
    #expect(load.series.count == 1)
    #expect(load.series[0].values == [5] && load.series[0].timestampsMs == [0])
  }

  @Test func commentEndsABlockAndClearIsACommand() throws {
    let commands = try parse(
      """
      # header comment
      load 5m
        a 1
      # this comment ends the load block
      clear
      eval instant at 5m a
      """
    ).get()
    try #require(commands.count == 3)
    if case .clear(let line) = commands[1] { #expect(line == 5) } else { Issue.record("expected clear, got \(commands[1])") }
    if case .eval(let eval) = commands[2] {
      #expect(eval.line == 6 && eval.expression == "a" && eval.timing == .instant(atMs: 300_000))
      #expect(eval.expected == .series([]))
    } else {
      Issue.record("expected eval, got \(commands[2])")
    }
  }

  @Test func evalHeadersAndExpectLines() {
    let parsed = evals(
      """
      eval instant at 1h30m sum by (job)  (rate(x[5m]))
        expect warn msg: PromQL warning: something (1:10)
        expect info regex: might not .* counter
        expect no_warn_is_not_here
      """)
    // An unknown expectation makes the script unreadable.
    #expect(parsed.isEmpty)

    let eval = evals(
      """
      eval instant at 1h30m sum by (job)  (rate(x[5m]))
        expect warn msg: PromQL warning: something (1:10)
        expect info regex: might not .* counter
        expect ordered
        {job="a"} 1.5
        {job="b"} -Inf
      """)
    #expect(eval.count == 1)
    #expect(eval.first?.expression == "sum by (job)  (rate(x[5m]))")
    #expect(eval.first?.timing == .instant(atMs: 5_400_000))
    #expect(eval.first?.warnings == [.exact("PromQL warning: something (1:10)")])
    #expect(eval.first?.infos == [.regex("might not .* counter")])
    #expect(eval.first?.ordered == true)
    #expect(
      eval.first?.expected
        == .series([
          ExpectedSeries(labels: labels(["job": "a"]), values: [1.5]),
          ExpectedSeries(labels: labels(["job": "b"]), values: [-.infinity]),
        ]))
  }

  @Test func rangeEvalWithOmittedSteps() {
    let eval = evals(
      """
      eval range from 0 to 2m step 30s foo + 1
        expect no_info
        {} 1 _ 3x2
      """)
    #expect(eval.first?.timing == .range(startMs: 0, endMs: 120_000, stepMs: 30_000))
    #expect(eval.first?.noInfos == true)
    #expect(eval.first?.expected == .series([ExpectedSeries(labels: Labels(), values: [1, nil, 3, 3, 3])]))
  }

  @Test func deprecatedFormsAndFailures() throws {
    let parsed = evals(
      """
      eval_fail instant at 0 -{job="api"}

      eval_warn range from 0 to 1m step 1m x
        {} 1 2

      eval_ordered instant at 0 sort(x)

      eval instant at 0 label_replace(x, "\\xff", "", "src", "(.*)")
        expect fail msg:invalid label name "\\xff"
      """)
    try #require(parsed.count == 4)
    #expect(parsed.map(\.expectedFailure) == [.any, nil, nil, .exact(#"invalid label name "\xff""#)])
    #expect(parsed[1].warnings == [.any])
    #expect(parsed[2].ordered)
  }

  @Test func scalarLineEndsTheBlock() throws {
    let commands = try parse(
      """
      eval instant at 0 0x10
        16
      eval instant at 0 -Inf
        -Inf
      eval instant at 0 NaN
        NaN
      """
    ).get()
    let parsed = commands.compactMap { if case .eval(let eval) = $0 { eval } else { nil } }
    try #require(parsed.count == 3)
    #expect(parsed[0].expected == .scalar(16))
    #expect(parsed[1].expected == .scalar(-.infinity) && parsed[1].line == 3)
    #expect(parsed[2].expected == .scalar(.nan))
  }

  @Test func stringsAndRangeVectors() throws {
    let parsed = evals(
      """
      eval instant at 0 "a\\tb"
        expect string "a\\tb"

      eval instant at 1m m[1m]
        expect range vector from 0 to 1m step 30s
        m{a="x"} 1 2 3
      """)
    try #require(parsed.count == 2)
    #expect(parsed[0].expected == .string("a\tb"))
    #expect(
      parsed[1].expected
        == .rangeVector(
          startMs: 0, endMs: 60_000, stepMs: 30_000,
          series: [ExpectedSeries(labels: labels(["__name__": "m", "a": "x"]), values: [1, 2, 3])]))
  }

  @Test func nativeHistogramsAndStartTimestampsAreMarked() throws {
    let commands = try parse(
      """
      load 1m
        h {{schema:1 sum:3 count:22 buckets:[5 10 7]}}+{{sum:1}}x2 {{count:1}}
        c{type="x"}@st _ -30s-1mx1
        c{type="x"} 1 2 3
        f 1

      load_with_nhcb 1m
        lat_bucket{le="1"} 1
        lat_bucket{le="+Inf"} 2

      eval instant at 1m h
        {} {{count:1}}
      """
    ).get()
    guard case .load(let load) = commands[0], case .load(let nhcb) = commands[1], case .eval(let eval) = commands[2] else {
      Issue.record("unexpected commands \(commands)")
      return
    }
    #expect(load.series.map(\.unsupported) == [.nativeHistograms, .startTimestamps, nil])
    #expect(load.series[1].values == [1, 2, 3])
    #expect(nhcb.series.map(\.labels.metricName) == ["lat_bucket", "lat_bucket", "lat"])
    #expect(nhcb.series.last?.unsupported == .nativeHistograms)
    #expect(eval.unsupported == .nativeHistograms)
  }

  @Test func malformedScriptsNameTheLine() {
    let bad: [(String, Int)] = [
      ("load 1m\n  m 1 abc\n", 2),
      ("load 1m\n  m{a=\"1\" 1\n", 2),
      ("frobnicate\n", 1),
      ("eval instant at 1m\n", 1),
      ("\n\neval range from 2m to 1m step 1m x\n", 3),
      ("eval instant at 0 x\n  expect fail\n  expect fail\n", 3),
      ("eval instant at 0 x\n  expect warn\n  expect no_warn\n", 3),
      ("eval instant at 0 x\n  {} 1 2\n", 2),
    ]
    for (text, line) in bad {
      guard case .failure(let error) = parse(text) else {
        Issue.record("accepted \(text.debugDescription)")
        continue
      }
      #expect(error.line == line, "\(text.debugDescription): \(error)")
    }
  }
}
