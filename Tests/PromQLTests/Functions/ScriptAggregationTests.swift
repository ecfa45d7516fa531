// Runs the simple aggregation and histogram_quantile/histogram_fraction cases of
// aggregators.test and histograms.test through the kernels: an aggregation (or classic-bucket
// function) of one equality-only selector, with by/without grouping, float inputs only.
import Foundation
import Testing
@testable import PromQL

@Suite(.enabled(if: PromQLScript.exists, "shared/conformance/promql is absent; skipping"))
struct ScriptAggregationTests {
  private static func groupLabels(_ labels: [String: String], by names: [String]?, without: [String]?) -> [String: String] {
    if let names { return labels.filter { names.contains($0.key) } }
    if let without { return labels.filter { $0.key != "__name__" && !without.contains($0.key) } }
    return [:]
  }

  private static func names(_ text: Substring?) -> [String]? {
    text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
  }

  @Test func aggregationCases() {
    let pattern =
      /(sum|avg|min|max|count|stddev|stdvar|group) *(?:(by|without) *\(([^)]*)\))? *\( *([a-zA-Z_:]*(?:\{[^}]*\})?) *\) *(?:(by|without) *\(([^)]*)\))?/
    var checked = 0
    for eval in PromQLScript.evals(in: "aggregators.test") {
      guard let match = eval.expression.wholeMatch(of: pattern), let expected = eval.expected,
        let atMs = PromQLScript.duration(eval.timeText[...]), let matchers = PromQLScript.labels(match.4),
        let kind = AggregationOp(rawValue: String(match.1)).flatMap(AggregationAccumulator.Kind.init)
      else { continue }
      let series = PromQLScript.select(matchers, from: eval.loaded)
      if series.contains(where: { $0.hasHistograms || $0.hasStaleMarkers }) { continue }
      let mode = match.2 ?? match.5
      let list = Self.names(match.3 ?? match.6)
      var groups: [([String: String], AggregationAccumulator)] = []
      for item in series {
        guard let value = PromQLScript.instantValue(item, atMs: atMs) else { continue }
        let key = Self.groupLabels(item.labels, by: mode == "by" ? list : nil, without: mode == "without" ? list : nil)
        if let index = groups.firstIndex(where: { $0.0 == key }) {
          groups[index].1.add(value)
        } else {
          groups.append((key, AggregationAccumulator(kind: kind, first: value)))
        }
      }
      ScriptComparison.expectSame(groups.map { ($0.0, $0.1.result) }, expected, eval)
      checked += 1
    }
    #expect(checked >= 50, "only \(checked) aggregation cases")
  }

  @Test func classicHistogramCases() {
    let quantilePattern = /histogram_quantile\(([-0-9.e\/]+|NaN), *([a-zA-Z_:]+_bucket(?:\{[^}]*\})?)\)/
    let fractionPattern = /histogram_fraction\(([-0-9.e]+|-?Inf), *([-0-9.e]+|\+?Inf), *([a-zA-Z_:]+_bucket(?:\{[^}]*\})?)\)/
    var checked = 0
    for eval in PromQLScript.evals(in: "histograms.test") {
      guard let expected = eval.expected, let atMs = PromQLScript.duration(eval.timeText[...]) else { continue }
      var compute: ([ClassicBucket]) -> Double
      var selector: Substring
      if let match = eval.expression.wholeMatch(of: quantilePattern) {
        let parts = match.1.split(separator: "/")
        let ratio = parts.count == 2 ? Double(parts[0]).flatMap { a in Double(parts[1]).map { a / $0 } } : nil
        guard let q = parts.count == 2 ? ratio : PromQLScript.value(match.1) else { continue }
        compute = { buckets in
          var copy = buckets
          return ClassicHistogramQuantile.compute(q, &copy).value
        }
        selector = match.2
      } else if let match = eval.expression.wholeMatch(of: fractionPattern), let lower = PromQLScript.value(match.1),
        let upper = PromQLScript.value(match.2)
      {
        compute = { buckets in
          var copy = buckets
          return ClassicHistogramFraction.compute(lower: lower, upper: upper, &copy)
        }
        selector = match.3
      } else {
        continue
      }
      guard let matchers = PromQLScript.labels(selector) else { continue }
      let series = PromQLScript.select(matchers, from: eval.loaded)
      if series.isEmpty || series.contains(where: { $0.hasHistograms || $0.hasStaleMarkers }) { continue }
      var groups: [([String: String], [ClassicBucket])] = []
      for item in series {
        guard let count = PromQLScript.instantValue(item, atMs: atMs), let le = item.labels["le"].flatMap({ PromQLScript.value($0[...]) })
        else { continue }
        let key = item.labels.filter { $0.key != "le" && $0.key != "__name__" }
        let bucket = ClassicBucket(upperBound: le, cumulativeCount: count)
        if let index = groups.firstIndex(where: { $0.0 == key }) {
          groups[index].1.append(bucket)
        } else {
          groups.append((key, [bucket]))
        }
      }
      ScriptComparison.expectSame(groups.map { ($0.0, compute($0.1)) }, expected, eval)
      checked += 1
    }
    #expect(checked >= 25, "only \(checked) classic histogram cases")
  }
}
