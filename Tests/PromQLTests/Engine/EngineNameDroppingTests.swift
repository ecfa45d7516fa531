// Delayed metric-name removal, case by case from name_label_dropping.test: the name is kept while
// evaluating (for grouping and label functions) and dropped from the result.
@testable import PromQL
import Testing
import WardenCore

@Suite struct EngineNameDroppingTests {
  private func source() -> InMemorySeriesSource {
    let source = InMemorySeriesSource()
    source.load(step: 5 * minute, Q.labels("metric_total", ["env": "1"]), [0, 60, 120])
    source.load(step: 5 * minute, Q.labels("another_metric_total", ["env": "1"]), [60, 120, 180])
    return source
  }

  private let at = 10 * minute
  private let env1 = Q.labels(nil, ["env": "1"])

  @Test func operatorsAndFunctionsDropTheName() async throws {
    let engine = QueryEngine(source: source())
    #expect(samples(try await engine.instant(Q.neg(Q.sel("metric_total")), atMs: at)) == [env1: -120])
    #expect(samples(try await engine.instant(Q.bin(.add, Q.sel("metric_total"), Q.sel("another_metric_total")), atMs: at)) == [env1: 300])
    #expect(samples(try await engine.instant(Q.bin(.lte, Q.sel("metric_total"), Q.sel("another_metric_total")), atMs: at)) == [Q.labels("metric_total", ["env": "1"]): 120])
    #expect(samples(try await engine.instant(Q.bin(.lte, Q.sel("metric_total"), Q.sel("another_metric_total"), bool: true), atMs: at)) == [env1: 1])
    #expect(samples(try await engine.instant(Q.call("clamp", Q.sel("metric_total"), Q.num(0), Q.num(100)), atMs: at)) == [env1: 100])
    #expect(samples(try await engine.instant(Q.call("rate", Q.range("metric_total", ["env": "1"], 10 * minute)), atMs: at)) == [env1: 0.2])
  }

  @Test func lastOverTimeKeepsTheNameUnlessTheSubqueryDroppedIt() async throws {
    let engine = QueryEngine(source: source())
    let kept = try await engine.instant(Q.call("last_over_time", Q.range("metric_total", ["env": "1"], 10 * minute)), atMs: at)
    #expect(samples(kept) == [Q.labels("metric_total", ["env": "1"]): 120])
    let inner = Q.call("abs", Q.sel("metric_total", ["env": "1"]))
    let dropped = try await engine.instant(Q.call("last_over_time", Q.subquery(inner, 10 * minute, step: nil)), atMs: at)
    #expect(samples(dropped) == [env1: 120])
  }

  @Test func labelReplaceOnNameKeepsIt() async throws {
    let engine = QueryEngine(source: source())
    let rate = Q.call("rate", Q.regexSel([try LabelMatcher(.equal, "env", "1")]).asRange(10 * minute))
    let renamed = Q.call("label_replace", rate, Q.str("__name__"), Q.str("rate_$1"), Q.str("__name__"), Q.str("(.+)"))
    #expect(samples(try await engine.instant(renamed, atMs: at)) == [
      Q.labels("rate_metric_total", ["env": "1"]): 0.2,
      Q.labels("rate_another_metric_total", ["env": "1"]): 0.2,
    ])
    let copied = Q.call("label_replace", rate, Q.str("my_name"), Q.str("rate_$1"), Q.str("__name__"), Q.str("(.+)"))
    #expect(samples(try await engine.instant(copied, atMs: at)) == [
      Q.labels(nil, ["env": "1", "my_name": "rate_metric_total"]): 0.2,
      Q.labels(nil, ["env": "1", "my_name": "rate_another_metric_total"]): 0.2,
    ])
  }

  @Test func groupingByPendingNameCollidesAtTheEnd() async throws {
    let engine = QueryEngine(source: source())
    let rate = Q.call("rate", Q.regexSel([try LabelMatcher(.equal, "env", "1")]).asRange(10 * minute))
    let error = await errorOf { _ = try await engine.instant(Q.agg(.sum, rate, by: ["__name__"]), atMs: at) }
    #expect(error == .execution("vector cannot contain metrics with the same labelset"))
    #expect(samples(try await engine.instant(Q.agg(.sum, rate, by: ["env"]), atMs: at)) == [env1: 0.4])
    let byName = Q.agg(.sum, Q.sel("metric_total", ["env": "1"]), by: ["__name__", "env"])
    #expect(samples(try await engine.instant(Q.agg(.topk, byName, param: Q.num(10)), atMs: at)) == [Q.labels("metric_total", ["env": "1"]): 120])
  }

  /// The range case: `-metric_a or -metric_b` leaves two nameless series that merge into one.
  @Test func rangeQueryMergesSeriesThatLoseTheirNames() async throws {
    let source = InMemorySeriesSource()
    source.load(step: 10 * minute, Q.labels("metric_a"), [1, nil])
    source.load(step: 10 * minute, Q.labels("metric_b"), [3, 4])
    let engine = QueryEngine(source: source)
    let expr = Q.bin(.or, Q.neg(Q.sel("metric_a")), Q.neg(Q.sel("metric_b")))
    let result = try await engine.range(expr, startMs: 0, endMs: 20 * minute, stepMs: 10 * minute)
    guard case .matrix(let series) = result.value else { Issue.record("expected a matrix"); return }
    #expect(series.count == 1)
    #expect(series.first?.labels == Labels())
    #expect(series.first?.timestampsMs == [0, 600_000])
    #expect(series.first?.values == [-1, -4])
  }
}

extension Expr {
  /// `selector[range]` from a vector selector expression.
  func asRange(_ rangeMs: Int64) -> Expr {
    guard case .vectorSelector(let selector) = self else { return self }
    return .matrixSelector(MatrixSelector(selector: selector, rangeMs: rangeMs, position: Q.nowhere))
  }
}
