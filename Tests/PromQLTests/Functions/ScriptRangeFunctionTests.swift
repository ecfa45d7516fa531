// Runs the range-function cases of functions.test through the kernels directly: every
// `eval instant at T fn(metric{…}[range] …)` whose selector is plain (equality matchers, no
// offset, @, subquery or nesting) and whose inputs and outputs are floats.
import Testing
@testable import PromQL

@Suite(.enabled(if: PromQLScript.exists, "shared/conformance/promql is absent; skipping"))
struct ScriptRangeFunctionTests {
  private struct Case {
    var eval: PromQLScript.Eval
    var function: RangeFunction
    var series: [PromQLScript.Series]
    var atMs: Int64
    var rangeMs: Int64
    var arguments: RangeFunctionArguments
    var expected: [([String: String], Double)]
  }

  /// fn(sel[range]), fn(sel[range], s), fn(sel[range], s, s), fn(s, sel[range]).
  private static let cases: [Case] = PromQLScript.evals(in: "functions.test").compactMap { eval in
    let call = /([a-z_]+)\((?:([-0-9.e]+), *)?([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\[([0-9a-z]+)\](?:, *([-0-9.e]+))?(?:, *([-0-9.e]+))?\)/
    guard let match = eval.expression.wholeMatch(of: call), let function = RangeFunction(rawValue: String(match.1)),
      let atMs = PromQLScript.duration(eval.timeText[...]), let rangeMs = PromQLScript.duration(match.4),
      let matchers = PromQLScript.labels(match.3), let expected = eval.expected
    else { return nil }
    let series = PromQLScript.select(matchers, from: eval.loaded)
    if series.contains(where: { $0.hasHistograms || $0.hasStaleMarkers }) { return nil }
    let scalars = [match.2, match.5, match.6].compactMap { $0.flatMap { Double($0) } }
    let arguments = RangeFunctionArguments(scalar0: scalars.first ?? .nan, scalar1: scalars.dropFirst().first ?? .nan)
    return Case(eval: eval, function: function, series: series, atMs: atMs, rangeMs: rangeMs, arguments: arguments, expected: expected)
  }

  @Test func scriptHasEnoughPlainCases() {
    #expect(Self.cases.count >= 100, "only \(Self.cases.count) plain range-function cases found")
  }

  @Test func everyPlainCaseMatches() {
    for scriptCase in Self.cases {
      var actual: [([String: String], Double)] = []
      for series in scriptCase.series {
        let window = SeriesFixture.window(series.notation, stepMs: series.stepMs, atMs: scriptCase.atMs, rangeMs: scriptCase.rangeMs)
        guard let value = outcome(scriptCase.function, window, scriptCase.arguments) else { continue }
        var labels = series.labels
        if !scriptCase.function.keepsMetricName { labels["__name__"] = nil }
        actual.append((labels, value))
      }
      ScriptComparison.expectSame(actual, scriptCase.expected, scriptCase.eval)
    }
  }
}

enum ScriptComparison {
  static func expectSame(
    _ actual: [([String: String], Double)], _ expected: [([String: String], Double)], _ eval: PromQLScript.Eval,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, "\(eval): \(actual) vs \(expected)", sourceLocation: sourceLocation)
    for (labels, value) in expected {
      let found = actual.first { $0.0 == labels }
      #expect(
        found.map { close($0.1, value) } == true, "\(eval): \(labels) expected \(value), got \(String(describing: found?.1))",
        sourceLocation: sourceLocation)
    }
  }
}
