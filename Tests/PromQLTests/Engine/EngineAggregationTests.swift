// Aggregations: by/without grouping and labels, per-step parameters, topk/bottomk order,
// count_values, quantile warnings and the NaN parameter errors, from aggregators.test and limit.test.
@testable import PromQL
import Testing
import WardenCore

@Suite struct EngineAggregationTests {
  private func source() -> InMemorySeriesSource {
    let source = InMemorySeriesSource()
    let rows: [(String, String, String, Double)] = [
      ("api-server", "0", "production", 10), ("api-server", "1", "production", 20),
      ("api-server", "0", "canary", 30), ("api-server", "1", "canary", 40),
      ("app-server", "0", "production", 50), ("app-server", "1", "production", 60),
      ("app-server", "0", "canary", 70), ("app-server", "1", "canary", 80),
    ]
    for (job, instance, group, increment) in rows {
      source.load(step: 5 * minute, Q.labels("http_requests", ["job": job, "instance": instance, "group": group]), InMemorySeriesSource.series(0, increment, 10))
    }
    return source
  }

  private let at = 50 * minute

  @Test func sumByAndWithout() async throws {
    let engine = QueryEngine(source: source())
    #expect(samples(try await engine.instant(Q.agg(.sum, Q.sel("http_requests"), by: ["job"]), atMs: at)) == [
      Q.labels(nil, ["job": "api-server"]): 1000, Q.labels(nil, ["job": "app-server"]): 2600,
    ])
    #expect(samples(try await engine.instant(Q.agg(.sum, Q.sel("http_requests"), by: ["instance", "group"], without: true), atMs: at)) == [
      Q.labels(nil, ["job": "api-server"]): 1000, Q.labels(nil, ["job": "app-server"]): 2600,
    ])
    #expect(samples(try await engine.instant(Q.agg(.count, Q.sel("http_requests")), atMs: at)) == [Labels(): 8])
    #expect(samples(try await engine.instant(Q.agg(.avg, Q.sel("http_requests"), by: ["job"]), atMs: at)) == [
      Q.labels(nil, ["job": "api-server"]): 250, Q.labels(nil, ["job": "app-server"]): 650,
    ])
  }

  @Test func topkOrdersInstantResultsByValue() async throws {
    let engine = QueryEngine(source: source())
    let result = try await engine.instant(Q.agg(.topk, Q.sel("http_requests"), param: Q.num(3), by: ["job"]), atMs: at)
    guard case .vector(let vector) = result.value else { Issue.record("expected a vector"); return }
    #expect(vector.map(\.value) == [400, 300, 200, 800, 700, 600])
    #expect(vector.allSatisfy { $0.labels.metricName == "http_requests" })
    let bottom = try await engine.instant(Q.agg(.bottomk, Q.sel("http_requests"), param: Q.num(2)), atMs: at)
    guard case .vector(let lowest) = bottom.value else { Issue.record("expected a vector"); return }
    #expect(lowest.map(\.value) == [100, 200])
  }

  @Test func nanParameterIsAnErrorEvenWithoutInput() async throws {
    let engine = QueryEngine(source: source())
    let topk = await errorOf { _ = try await engine.instant(Q.agg(.topk, Q.sel("non_existent"), param: Q.num(.nan)), atMs: at) }
    #expect(topk == .execution("Parameter value is NaN"))
    let ratio = await errorOf { _ = try await engine.instant(Q.agg(.limitRatio, Q.sel("non_existent"), param: Q.num(.nan)), atMs: at) }
    #expect(ratio == .execution("Ratio value is NaN"))
  }

  @Test func limitRatioComplementsSplitTheSeries() async throws {
    let engine = QueryEngine(source: source())
    let some = samples(try await engine.instant(Q.agg(.limitRatio, Q.sel("http_requests"), param: Q.num(0.5)), atMs: at))
    let rest = samples(try await engine.instant(Q.agg(.limitRatio, Q.sel("http_requests"), param: Q.num(-0.5)), atMs: at))
    #expect(some.count + rest.count == 8)
    #expect(Set(some.keys).isDisjoint(with: rest.keys))
    let limited = samples(try await engine.instant(Q.agg(.limitk, Q.sel("http_requests"), param: Q.num(1), by: ["job"]), atMs: at))
    #expect(limited.count == 2)
  }

  @Test func countValuesLabelsByValue() async throws {
    let engine = QueryEngine(source: source())
    let zeroed = Q.bin(.mul, Q.bin(.gtr, Q.sel("http_requests"), Q.num(500)), Q.num(0))
    let result = samples(try await engine.instant(Q.agg(.countValues, zeroed, param: Q.str("value")), atMs: at))
    #expect(result == [Q.labels(nil, ["value": "0"]): 3])
    #expect(Evaluator.countValuesLabel(1.5) == "1.5")
    #expect(Evaluator.countValuesLabel(1e20) == "100000000000000000000")
    #expect(Evaluator.countValuesLabel(-.infinity) == "-Inf")
  }

  @Test func quantileOutsideZeroOneWarns() async throws {
    let engine = QueryEngine(source: source())
    let result = try await engine.instant(Q.agg(.quantile, Q.sel("http_requests"), param: Q.num(1.5)), atMs: at)
    #expect(samples(result) == [Labels(): .infinity])
    #expect(result.annotations.map(\.message) == ["quantile value should be between 0 and 1, got 1.5"])
    let median = try await engine.instant(Q.agg(.quantile, Q.sel("http_requests"), param: Q.num(0.5), by: ["job"]), atMs: at)
    #expect(samples(median) == [Q.labels(nil, ["job": "api-server"]): 250, Q.labels(nil, ["job": "app-server"]): 650])
  }

  @Test func parameterIsEvaluatedPerStep() async throws {
    let engine = QueryEngine(source: source())
    // topk(scalar(...)) whose k grows with time: 1 series at 0-4m... here k = time()/300 per step.
    let k = Q.bin(.div, Q.call("time"), Q.num(300))
    let result = try await engine.range(Q.agg(.topk, Q.sel("http_requests"), param: k), startMs: 5 * minute, endMs: 15 * minute, stepMs: 5 * minute)
    guard case .matrix(let series) = result.value else { Issue.record("expected a matrix"); return }
    var perStep: [Int64: Int] = [:]
    for item in series { for time in item.timestampsMs { perStep[time, default: 0] += 1 } }
    #expect(perStep == [300_000: 1, 600_000: 2, 900_000: 3])
  }
}
