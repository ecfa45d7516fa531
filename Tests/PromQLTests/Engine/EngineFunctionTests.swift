// Vector-level functions the engine implements around the kernels: absent/absent_over_time labels,
// scalar(), sort() in instant and range queries, histogram_quantile grouping, label_join
// collisions, and the query-bound functions step()/range()/start()/end().
@testable import PromQL
import Testing
import WardenCore

@Suite struct EngineFunctionTests {
  private func source() -> InMemorySeriesSource {
    let source = InMemorySeriesSource()
    for (instance, value) in [("a", 3.0), ("b", 1.0), ("c", 2.0)] {
      source.load(step: minute, Q.labels("metric", ["instance": instance]), [value, value])
    }
    for (le, count) in [("0.1", 10.0), ("1", 30.0), ("+Inf", 40.0)] {
      source.load(step: minute, Q.labels("latency_bucket", ["job": "api", "le": le]), [count])
    }
    return source
  }

  @Test func absentTakesLabelsFromEqualityMatchers() async throws {
    let engine = QueryEngine(source: source())
    let missing = Q.sel("nonexistent", ["job": "x"])
    #expect(samples(try await engine.instant(Q.call("absent", missing), atMs: 0)) == [Q.labels(nil, ["job": "x"]): 1])
    #expect(samples(try await engine.instant(Q.call("absent", Q.sel("metric")), atMs: 0)).isEmpty)
    let overTime = Q.call("absent_over_time", Q.range("nonexistent", ["job": "y"], 5 * minute))
    #expect(samples(try await engine.instant(overTime, atMs: 0)) == [Q.labels(nil, ["job": "y"]): 1])
  }

  @Test func scalarOfOneSeriesOrNaN() async throws {
    let engine = QueryEngine(source: source())
    guard case .scalar(_, let one) = try await engine.instant(Q.call("scalar", Q.sel("metric", ["instance": "a"])), atMs: 0).value,
      case .scalar(_, let many) = try await engine.instant(Q.call("scalar", Q.sel("metric")), atMs: 0).value
    else { Issue.record("expected scalars"); return }
    #expect(one == 3)
    #expect(many.isNaN)
  }

  @Test func sortOrdersInstantResultsAndWarnsInRangeQueries() async throws {
    let engine = QueryEngine(source: source())
    guard case .vector(let sorted) = try await engine.instant(Q.call("sort_desc", Q.sel("metric")), atMs: 0).value else {
      Issue.record("expected a vector")
      return
    }
    #expect(sorted.map(\.value) == [3, 2, 1])
    let range = try await engine.range(Q.call("sort", Q.sel("metric")), startMs: 0, endMs: minute, stepMs: minute)
    #expect(range.annotations.map(\.message) == ["sort is ineffective for range queries since results are always ordered by labels"])
  }

  @Test func histogramQuantileGroupsBucketsWithoutLe() async throws {
    let engine = QueryEngine(source: source())
    let result = try await engine.instant(Q.call("histogram_quantile", Q.num(0.5), Q.sel("latency_bucket")), atMs: 0)
    // Rank 20 of 40 falls in (0.1, 1]: 0.1 + 0.9 × (20 - 10) / 20.
    #expect(samples(result) == [Q.labels(nil, ["job": "api"]): 0.55])
  }

  @Test func labelJoinCollisionIsAnError() async throws {
    let engine = QueryEngine(source: source())
    let joined = Q.call("label_join", Q.sel("metric"), Q.str("instance"), Q.str(","), Q.str("nonexistent"))
    let error = await errorOf { _ = try await engine.instant(joined, atMs: 0) }
    #expect(error == .execution("vector cannot contain metrics with the same labelset"))
  }

  @Test func queryBoundFunctions() async throws {
    let engine = QueryEngine(source: source())
    let step = try await engine.range(Q.call("step"), startMs: 100_000, endMs: 110_000, stepMs: 5000)
    #expect(matrix(step) == [Labels(): [5, 5, 5]])
    let range = try await engine.range(Q.call("range"), startMs: 100_000, endMs: 130_000, stepMs: 10_000)
    #expect(matrix(range) == [Labels(): [30, 30, 30, 30]])
    let span = try await engine.range(Q.bin(.sub, Q.call("end"), Q.call("start")), startMs: 10_000, endMs: 20_000, stepMs: 5000)
    #expect(matrix(span) == [Labels(): [10, 10, 10]])
  }
}
