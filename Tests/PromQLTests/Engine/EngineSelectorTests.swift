// Instant and range selectors: lookback, staleness, offset (both signs), `@`, raw matrices,
// with data and expectations from the conformance scripts staleness.test and at_modifier.test.
@testable import PromQL
import Testing
import WardenCore

@Suite struct EngineSelectorTests {
  /// staleness.test: `load 10s / metric 0 1 stale 2`.
  private func staleSource() -> InMemorySeriesSource {
    let source = InMemorySeriesSource()
    source.load(step: 10 * second, Q.labels("metric"), [0, 1, .staleMarker, 2])
    return source
  }

  @Test func staleMarkerHidesTheSeriesUntilTheNextSample() async throws {
    let engine = QueryEngine(source: staleSource())
    let metric = Q.labels("metric")
    #expect(samples(try await engine.instant(Q.sel("metric"), atMs: 10 * second)) == [metric: 1])
    #expect(samples(try await engine.instant(Q.sel("metric"), atMs: 20 * second)).isEmpty)
    #expect(samples(try await engine.instant(Q.sel("metric"), atMs: 30 * second)) == [metric: 2])
    #expect(samples(try await engine.instant(Q.sel("metric"), atMs: 329 * second)) == [metric: 2])
    #expect(samples(try await engine.instant(Q.sel("metric"), atMs: 330 * second)).isEmpty)
  }

  @Test func lookbackWindowIsLeftOpen() async throws {
    let source = InMemorySeriesSource()
    source.load(step: 10 * second, Q.labels("metric"), [0])
    let engine = QueryEngine(source: source)
    #expect(samples(try await engine.instant(Q.sel("metric"), atMs: 299 * second)) == [Q.labels("metric"): 0])
    #expect(samples(try await engine.instant(Q.sel("metric"), atMs: 300 * second)).isEmpty)
  }

  @Test func rangeSelectorDropsStaleMarkersAndIsLeftOpen() async throws {
    let engine = QueryEngine(source: staleSource())
    let result = try await engine.instant(Q.range("metric", [:], 60 * second), atMs: 30 * second)
    guard case .matrix(let series) = result.value else { Issue.record("expected a matrix"); return }
    #expect(series.count == 1)
    #expect(series.first?.timestampsMs == [0, 10_000, 30_000])
    #expect(series.first?.values == [0, 1, 2])
    // (10s, 30s]: the sample at 10s is out.
    let narrow = try await engine.instant(Q.range("metric", [:], 20 * second), atMs: 30 * second)
    guard case .matrix(let narrowSeries) = narrow.value else { Issue.record("expected a matrix"); return }
    #expect(narrowSeries.first?.timestampsMs == [30_000])
  }

  @Test func offsetShiftsBackAndNegativeOffsetForward() async throws {
    let source = InMemorySeriesSource()
    source.load(step: 10 * second, Q.labels("metric", ["job": "1"]), InMemorySeriesSource.series(0, 1, 100))
    let engine = QueryEngine(source: source)
    let labels = Q.labels("metric", ["job": "1"])
    #expect(samples(try await engine.instant(Q.sel("metric", offset: 100 * second), atMs: 500 * second)) == [labels: 40])
    #expect(samples(try await engine.instant(Q.sel("metric", offset: -100 * second), atMs: 500 * second)) == [labels: 60])
  }

  /// at_modifier.test: `metric{job="1"} 0+1x1000` every 10s; `metric @ 100` is 10 at any time,
  /// and `@` combines with offset.
  @Test func atModifierPinsTheReadTime() async throws {
    let source = InMemorySeriesSource()
    source.load(step: 10 * second, Q.labels("metric", ["job": "1"]), InMemorySeriesSource.series(0, 1, 1000))
    source.load(step: 10 * second, Q.labels("metric", ["job": "2"]), InMemorySeriesSource.series(0, 2, 1000))
    let engine = QueryEngine(source: source)
    let one = Q.labels("metric", ["job": "1"]), two = Q.labels("metric", ["job": "2"])
    #expect(samples(try await engine.instant(Q.sel("metric", at: .timestamp(milliseconds: 100_000)), atMs: 10 * second)) == [one: 10, two: 20])
    #expect(samples(try await engine.instant(Q.sel("metric", at: .timestamp(milliseconds: 100_000)), atMs: 10_000 * second)) == [one: 10, two: 20])
    #expect(samples(try await engine.instant(Q.sel("metric", offset: 50 * second, at: .timestamp(milliseconds: 100_000)), atMs: 10 * second)) == [one: 5, two: 10])
    #expect(samples(try await engine.instant(Q.sel("metric", offset: -10 * second, at: .timestamp(milliseconds: 100_000)), atMs: 10 * second)) == [one: 11, two: 22])

    // `@ start()` / `@ end()` in a range query read at the query's first / last step.
    let start = try await engine.range(Q.sel("metric", ["job": "1"], at: .start), startMs: 10 * second, endMs: 30 * second, stepMs: 10 * second)
    #expect(matrix(start) == [one: [1, 1, 1]])
    let end = try await engine.range(Q.sel("metric", ["job": "1"], at: .end), startMs: 10 * second, endMs: 30 * second, stepMs: 10 * second)
    #expect(matrix(end) == [one: [3, 3, 3]])
  }

  @Test func rangeQueryReturnsOnlyStepsWithValues() async throws {
    let source = InMemorySeriesSource()
    // range_queries.test-like: a gap longer than the lookback leaves steps empty.
    source.load(step: minute, Q.labels("metric"), [1, nil, nil, nil, nil, nil, nil, 8])
    var options = QueryOptions()
    options.lookbackDeltaMs = 2 * minute
    let engine = QueryEngine(source: source, options: options)
    let result = try await engine.range(Q.sel("metric"), startMs: 0, endMs: 7 * minute, stepMs: minute)
    guard case .matrix(let series) = result.value else { Issue.record("expected a matrix"); return }
    #expect(series.count == 1)
    #expect(series.first?.timestampsMs == [0, 60_000, 420_000])
    #expect(series.first?.values == [1, 1, 8])
  }

  @Test func timestampFunctionReturnsTheSampleTime() async throws {
    let source = InMemorySeriesSource()
    source.load(step: 10 * second, Q.labels("metric"), [0, 1])
    let engine = QueryEngine(source: source)
    #expect(samples(try await engine.instant(Q.call("timestamp", Q.sel("metric")), atMs: 100 * second)) == [Labels(): 10])
  }
}
