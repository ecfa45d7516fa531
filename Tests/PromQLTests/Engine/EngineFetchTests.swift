// Storage access: each distinct selector is read once per query whatever the matcher order, over
// the union of the spans its uses need; `@`-pinned range functions give one value for every step.
@testable import PromQL
import Synchronization
import Testing
import WardenCore

/// Counts `select` calls and remembers their spans, delegating to an in-memory source.
private final class CountingSource: SeriesSource {
  let inner = InMemorySeriesSource()
  let calls = Mutex<[(matchers: [LabelMatcher], startMs: Int64, endMs: Int64)]>([])

  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    calls.withLock { $0.append((matchers, startMs, endMs)) }
    return try inner.select(matchers, startMs: startMs, endMs: endMs)
  }

  func series(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] {
    try inner.series(matchers, startMs: startMs, endMs: endMs)
  }

  func labelNames(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    try inner.labelNames(matchers, startMs: startMs, endMs: endMs)
  }

  func labelValues(_ name: String, _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    try inner.labelValues(name, matchers, startMs: startMs, endMs: endMs)
  }
}

@Suite struct EngineFetchTests {
  @Test func identicalSelectorsAreReadOnceOverTheUnionOfTheirSpans() async throws {
    let source = CountingSource()
    source.inner.load(step: minute, Q.labels("metric", ["job": "a"]), InMemorySeriesSource.series(0, 1, 100))
    let engine = QueryEngine(source: source)
    let forward = VectorSelector(
      name: nil, matchers: [try LabelMatcher(.equal, "__name__", "metric"), try LabelMatcher(.equal, "job", "a")], position: Q.nowhere)
    let reversed = VectorSelector(
      name: nil, matchers: [try LabelMatcher(.equal, "job", "a"), try LabelMatcher(.equal, "__name__", "metric")], offsetMs: 10 * minute,
      position: Q.nowhere)
    let expr = Q.bin(.add, .vectorSelector(forward), .vectorSelector(reversed))
    let result = try await engine.range(expr, startMs: 20 * minute, endMs: 30 * minute, stepMs: minute)
    #expect(matrix(result)[Q.labels(nil, ["job": "a"])]?.first == 30)
    let calls = source.calls.withLock { $0 }
    #expect(calls.count == 1)
    // From the earliest read (20m - 10m offset - 5m lookback) to the latest (30m).
    #expect(calls.first?.startMs == 5 * minute)
    #expect(calls.first?.endMs == 30 * minute)
  }

  @Test func pinnedRangeFunctionIsTheSameAtEveryStep() async throws {
    let source = CountingSource()
    source.inner.load(step: minute, Q.labels("metric_total"), InMemorySeriesSource.series(0, 60, 100))
    let engine = QueryEngine(source: source)
    let pinned = Q.call("rate", Q.range("metric_total", [:], 10 * minute, at: .timestamp(milliseconds: 30 * minute)))
    let result = try await engine.range(pinned, startMs: 40 * minute, endMs: 50 * minute, stepMs: 5 * minute)
    let values = matrix(result)[Labels()] ?? []
    #expect(values.count == 3)
    #expect(Set(values.compactMap { $0 }).count == 1)
    let instant = samples(try await engine.instant(pinned, atMs: 40 * minute))[Labels()]
    #expect(values.first == instant)
    #expect(instant == 1)
    // predict_linear extrapolates from each step's own time, so it is not repeated.
    let predicted = Q.call("predict_linear", Q.range("metric_total", [:], 10 * minute, at: .timestamp(milliseconds: 30 * minute)), Q.num(60))
    let moving = matrix(try await engine.range(predicted, startMs: 40 * minute, endMs: 50 * minute, stepMs: 5 * minute))[Labels()] ?? []
    #expect(Set(moving.compactMap { $0 }).count == 3)
  }
}
