// The conformance runner's judgement: inline scripts run through the real engine, with right and
// deliberately wrong expectations, so the runner is shown to fail what it must fail.
import PromQL
import Testing
import WardenCore

private func outcomes(_ script: String) async throws -> [EvalOutcome] {
  let commands = try Result { () throws(ScriptError) in try ScriptParser.parse(script) }.get()
  return await ScriptRunner().run(commands).map(\.outcome)
}

private func failureText(_ outcome: EvalOutcome) -> String? {
  if case .failed(let text) = outcome { text } else { nil }
}

private let data = """
  load 1m
    m{job="a"} 1+1x10
    m{job="b"} 10+10x10


  """

struct ScriptRunnerTests {
  @Test func rightExpectationsPass() async throws {
    let results = try await outcomes(
      data + """
        eval instant at 2m m
          m{job="a"} 3
          m{job="b"} 30

        eval instant at 2m sum(m)
          expect no_warn
          {} 33

        eval range from 0 to 2m step 1m m{job="a"}
          m{job="a"} 1 2 3

        eval instant at 1m scalar(m{job="a"})
          2

        eval instant at 2m sort_desc(m)
          expect ordered
          m{job="b"} 30
          m{job="a"} 3

        eval instant at 2m m[2m]
          expect range vector from 1m to 2m step 1m
          m{job="a"} 2 3
          m{job="b"} 20 30

        eval instant at 0 sum(
          expect fail regex: parse error

        eval instant at 2m nothing_here
        """)
    #expect(results == Array(repeating: .passed, count: 8))
  }

  @Test func wrongExpectationsFail() async throws {
    let results = try await outcomes(
      data + """
        eval instant at 2m m
          m{job="a"} 4
          m{job="b"} 30

        eval instant at 2m m
          m{job="a"} 3

        eval instant at 2m m{job="a"}
          m{job="a"} 3
          m{job="c"} 3

        eval instant at 2m sort_desc(m)
          expect ordered
          m{job="a"} 3
          m{job="b"} 30

        eval range from 0 to 2m step 1m m{job="a"}
          m{job="a"} 1 2

        eval instant at 1m scalar(m{job="a"})
          m{job="a"} 2

        eval instant at 2m sum(m)
          expect fail

        eval instant at 2m sum(m)
          expect warn
          {} 33

        eval instant at 2m sum(m)
          {} 33.1
        """)
    try #require(results.count == 9)
    let texts = results.map { failureText($0) ?? "passed" }
    #expect(texts[0].contains("expected 4.0, got 3.0"), "\(texts[0])")
    #expect(texts[1].contains("unexpected series"), "\(texts[1])")
    #expect(texts[2].contains("missing series"), "\(texts[2])")
    #expect(texts[3].contains("position"), "\(texts[3])")
    #expect(texts[4].contains("expected 2 points, got 3"), "\(texts[4])")
    #expect(texts[5].contains("got scalar"), "\(texts[5])")
    #expect(texts[6].contains("expected error"), "\(texts[6])")
    #expect(texts[7].contains("expected warn annotations"), "\(texts[7])")
    #expect(texts[8].contains("expected 33.1, got 33.0"), "\(texts[8])")
  }

  @Test func evalsReadingHistogramSeriesAreSkippedOnlyWhenTheyFail() async throws {
    let results = try await outcomes(
      """
      load 1m
        m{kind="float"} 1 2
        m{kind="hist"} {{schema:0 sum:1 count:1}}x1

      eval instant at 1m count(m)
        {} 2

      eval instant at 1m m{kind="float"}
        m{kind="float"} 2

      eval instant at 1m m{kind="hist"}
        m{kind="hist"} {{schema:0 sum:1 count:1}}
      """)
    #expect(results == [.skipped("native histograms are not supported"), .passed, .skipped("native histograms are not supported")])
  }

  @Test func floatToleranceFollowsUpstream() {
    #expect(ResultComparison.matches(1, 1 + 1e-7))
    #expect(!ResultComparison.matches(1, 1.01))
    #expect(ResultComparison.matches(.nan, .nan))
    #expect(ResultComparison.matches(.infinity, .infinity))
    #expect(!ResultComparison.matches(.infinity, -.infinity))
    #expect(!ResultComparison.matches(0, 1e-300))
    #expect(!ResultComparison.matches(.nan, .staleMarker))
    #expect(ResultComparison.matches(.staleMarker, .staleMarker))
  }

  @Test func stepInvarianceRewritePinsSelectorsButNotSubqueryInsides() throws {
    let expr = try PromQLParser.parse("rate(a[5m]) + b @ 10 + max_over_time(c[10m:1m]) + d")
    let pinned = ExprInspection.pinned(expr, atMs: 7000)
    var ats: [String: AtModifier?] = [:]
    for node in ExprInspection.nodes(pinned) {
      switch node {
      case .vectorSelector(let selector): ats[selector.name ?? "?"] = selector.at
      case .matrixSelector(let matrix): ats["matrix " + (matrix.selector.name ?? "?")] = matrix.selector.at
      case .subquery(let subquery): ats["subquery"] = subquery.at
      default: break
      }
    }
    #expect(ats["matrix a"] == .timestamp(milliseconds: 7000))
    #expect(ats["b"] == .timestamp(milliseconds: 10_000))
    #expect(ats["subquery"] == .timestamp(milliseconds: 7000))
    #expect(ats["c"] == .some(nil))
    #expect(ats["d"] == .timestamp(milliseconds: 7000))
  }
}
