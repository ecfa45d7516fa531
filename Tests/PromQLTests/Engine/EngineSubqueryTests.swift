// Subqueries: inner grids aligned to the step, lookback and staleness inside them, offset and
// nesting in range functions, with expectations from subquery.test.
@testable import PromQL
import Testing
import WardenCore

@Suite struct EngineSubqueryTests {
  private func source() -> InMemorySeriesSource {
    let source = InMemorySeriesSource()
    source.load(step: 10 * second, Q.labels("metric_total"), [1, 2])
    source.load(step: 10 * second, Q.labels("metric1_total"), InMemorySeriesSource.series(0, 1, 1000))
    return source
  }

  private func value(_ engine: QueryEngine, _ expr: Expr, _ at: Int64) async throws -> Double? {
    samples(try await engine.instant(expr, atMs: at))[Labels()]
  }

  @Test func innerGridIsAlignedAndLookbackApplies() async throws {
    let engine = QueryEngine(source: source())
    let metric = Q.sel("metric_total")
    #expect(try await value(engine, Q.call("sum_over_time", Q.subquery(metric, 50 * second, step: 10 * second)), 10 * second) == 3)
    #expect(try await value(engine, Q.call("sum_over_time", Q.subquery(metric, 50 * second, step: 5 * second)), 10 * second) == 4)
    #expect(try await value(engine, Q.call("sum_over_time", Q.subquery(metric, 50 * second, step: 10 * second)), 5 * minute) == 10)
    #expect(try await value(engine, Q.call("sum_over_time", Q.subquery(metric, 60 * second, step: 10 * second)), 359 * second) == 2)
    #expect(try await value(engine, Q.call("rate", Q.subquery(metric, 20 * second, step: 10 * second)), 10 * second) == 0.1)
  }

  @Test func stepAndOffsetAlignment() async throws {
    let engine = QueryEngine(source: source())
    let metric = Q.sel("metric1_total")
    #expect(try await value(engine, Q.call("sum_over_time", Q.subquery(metric, 30 * second, step: 10 * second)), 1000 * second) == 297)
    #expect(try await value(engine, Q.call("sum_over_time", Q.subquery(metric, 30 * second, step: 5 * second)), 1000 * second) == 591)
    #expect(try await value(engine, Q.call("sum_over_time", Q.subquery(metric, 30 * second, step: 10 * second, offset: 10 * second)), 1010 * second) == 297)
  }

  @Test func defaultStepComesFromOptions() async throws {
    var options = QueryOptions()
    options.defaultSubqueryStepMs = 10 * second
    let engine = QueryEngine(source: source(), options: options)
    #expect(try await value(engine, Q.call("sum_over_time", Q.subquery(Q.sel("metric1_total"), 30 * second, step: nil)), 1000 * second) == 297)
  }

  @Test func bareSubqueryInInstantQueryIsAMatrixAndRejectedInRangeQuery() async throws {
    let engine = QueryEngine(source: source())
    let subquery = Q.subquery(Q.sel("metric1_total"), 30 * second, step: 10 * second)
    let result = try await engine.instant(subquery, atMs: 1000 * second)
    guard case .matrix(let series) = result.value else { Issue.record("expected a matrix"); return }
    #expect(series.first?.timestampsMs == [980_000, 990_000, 1_000_000])
    #expect(series.first?.values == [98, 99, 100])
    let error = await errorOf { _ = try await engine.range(subquery, startMs: 0, endMs: 10_000, stepMs: 1000) }
    #expect(error == .badData("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector"))
  }

  @Test func rangeQueryOverSubqueryMatchesInstantQueries() async throws {
    let engine = QueryEngine(source: source())
    let expr = Q.call("sum_over_time", Q.subquery(Q.sel("metric1_total"), 30 * second, step: 5 * second))
    let range = try await engine.range(expr, startMs: 900 * second, endMs: 1000 * second, stepMs: 25 * second)
    guard case .matrix(let series) = range.value, let only = series.first else { Issue.record("expected a matrix"); return }
    for (time, rangeValue) in zip(only.timestampsMs, only.values) {
      #expect(try await value(engine, expr, time) == rangeValue)
    }
    #expect(only.timestampsMs.count == 5)
  }
}
