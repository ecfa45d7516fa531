// Replays the element-wise function cases of functions.test and trig_functions.test (abs, round,
// clamp, sgn, trigonometry, …) over one plain selector: each float sample maps through the kernel
// and loses its metric name.
import Foundation
import Testing
@testable import PromQL

@Suite(.enabled(if: PromQLScript.exists, "shared/conformance/promql is absent; skipping"))
struct ScriptElementwiseTests {
  /// The kernel for `name(v, scalars…)`, or nil when the function is not element-wise; the
  /// outer nil of the result means "no sample".
  private static func kernel(_ name: String, _ scalars: [Double]) -> ((Double) -> Double?)? {
    if let function = MathFunction(rawValue: name), scalars.isEmpty { return { function.apply($0) } }
    switch (name, scalars.count) {
    case ("round", 0): return { Rounding.round($0) }
    case ("round", 1): return { Rounding.round($0, toNearest: scalars[0]) }
    case ("clamp", 2): return { Clamp.clamp($0, min: scalars[0], max: scalars[1]) }
    case ("clamp_min", 1): return { Clamp.clampMin($0, min: scalars[0]) }
    case ("clamp_max", 1): return { Clamp.clampMax($0, max: scalars[0]) }
    default: return nil
    }
  }

  @Test func elementwiseCases() {
    let pattern = /([a-z_0-9]+)\(([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)((?:, *[-0-9.e]+|, *NaN)*)\)/
    var checked = 0
    for file in ["functions.test", "trig_functions.test"] {
      for eval in PromQLScript.evals(in: file) {
        guard let match = eval.expression.wholeMatch(of: pattern), let expected = eval.expected,
          let atMs = PromQLScript.duration(eval.timeText[...]), let matchers = PromQLScript.labels(match.2)
        else { continue }
        let scalars = match.3.split(separator: ",").compactMap { PromQLScript.value($0.trimmingCharacters(in: .whitespaces)[...]) }
        guard let kernel = Self.kernel(String(match.1), scalars) else { continue }
        let series = PromQLScript.select(matchers, from: eval.loaded).filter { !$0.hasHistograms && !$0.hasStaleMarkers }
        var actual: [([String: String], Double)] = []
        for item in series {
          guard let value = PromQLScript.instantValue(item, atMs: atMs), let result = kernel(value) else { continue }
          var labels = item.labels
          labels["__name__"] = nil
          actual.append((labels, result))
        }
        ScriptComparison.expectSame(actual, expected, eval)
        checked += 1
      }
    }
    #expect(checked >= 25, "only \(checked) element-wise cases")
  }
}
