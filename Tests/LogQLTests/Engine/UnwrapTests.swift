// Unwrapped range aggregations: the value functions over a label's numbers, conversion failures
// and Loki's pipeline error, grouping at extraction, rate and rate_counter.
import LogQL
import PromQL
import Testing
import WardenCore
import WardenTesting

@Suite struct UnwrapTests {
  /// Latencies as structured metadata (which the pipeline exposes as labels): host a at 1...12
  /// with latency = second % 5 * 10 + second (a mix of rises and falls), host b at even seconds.
  static func corpus() -> (InMemoryLogSource, [ReferenceRecord]) {
    var batch = LogBatch()
    var records: [ReferenceRecord] = []
    for second in 1...12 {
      for host in ["a", "b"] where host == "a" || second % 2 == 0 {
        let latency = Double(second % 5 * 10 + second) + (host == "b" ? 0.5 : 0)
        batch.add(["app": "api", "host": host], at: Double(second), "request", metadata: [LogField("latency", "\(latency)")])
        records.append(ReferenceRecord(labels: Labels(["app": "api", "host": host, "latency": "\(latency)"]), seconds: Double(second), line: "request", value: latency))
      }
    }
    return (InMemoryLogSource(batch, runSize: 5), records)
  }

  static let api = Q.selector(Q.eq("app", "api"))
  static let steps: [Double] = [4, 8, 12]

  /// Results by host, since each line is its own series until grouped (the latency label differs).
  static func byHost(_ points: [Labels: [Double: Double]]) -> [Labels: [Double: Double]] {
    Dictionary(points.map { (Labels(sortedPairs: $0.key.pairs.filter { $0.name != "latency" }), $0.value) }, uniquingKeysWith: { $1 })
  }

  @Test func valueFunctionsGroupedByHostMatchTheReference() async throws {
    let (source, records) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let values: ([ReferenceRecord]) -> [Double] = { $0.map { $0.value! } }
    let cases: [(RangeAggregationExpr.Operation, Double?, ([ReferenceRecord]) -> Double?)] = [
      (.sumOverTime, nil, { Reference.sum(values($0)) }),
      (.avgOverTime, nil, { Reference.mean(values($0)) }),
      (.minOverTime, nil, { values($0).min() }),
      (.maxOverTime, nil, { values($0).max() }),
      (.firstOverTime, nil, { values($0).first }),
      (.lastOverTime, nil, { values($0).last }),
      (.stdvarOverTime, nil, { Reference.variance(values($0)) }),
      (.stddevOverTime, nil, { Reference.variance(values($0)).squareRoot() }),
      (.quantileOverTime, 0.9, { Reference.quantile(0.9, values($0)) }),
      (.quantileOverTime, 0.25, { Reference.quantile(0.25, values($0)) }),
      (.rate, nil, { Reference.sum(values($0)) / 4 }),
    ]
    let byHost: (Labels) -> Labels = { Labels(sortedPairs: $0.pairs.filter { $0.name == "host" }) }
    for (operation, parameter, reference) in cases {
      let query = Q.range(operation, Self.api, seconds: 4, unwrap: Q.unwrap("latency"), parameter: parameter, grouping: Q.by("host"))
      let result = try await engine.range(query, from: 4, to: 12, step: 4).get()
      let expected = Reference.windows(records, steps: Self.steps, range: 4, group: byHost, reference)
      #expect(Reference.close(result.points, expected), "\(operation) \(parameter ?? 0)")
    }
  }

  @Test func handComputedSumAndMaxForOneHost() async throws {
    let (source, _) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let hostA = Q.selector(Q.eq("app", "api"), Q.eq("host", "a"))
    // Host a's latencies: 1→11, 2→22, 3→33, 4→44, 5→5, 6→16, 7→27, 8→38.
    let sum = try await engine.range(Q.range(.sumOverTime, hostA, seconds: 4, unwrap: Q.unwrap("latency"), grouping: Q.by("host")), from: 4, to: 8, step: 4).get()
    #expect(sum.points == [Labels(["host": "a"]): [4: 110, 8: 86]])
    let max = try await engine.range(Q.range(.maxOverTime, hostA, seconds: 4, unwrap: Q.unwrap("latency"), grouping: Q.without("latency")), from: 4, to: 8, step: 4).get()
    #expect(max.points == [Labels(["app": "api", "host": "a"]): [4: 44, 8: 38]])
  }

  @Test func withoutGroupingAlsoDropsTheUnwrappedLabel() async throws {
    let (source, _) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let result = try await engine.instant(
      Q.range(.sumOverTime, Self.api, seconds: 12, unwrap: Q.unwrap("latency"), grouping: Q.without("app")), at: 12).get()
    #expect(result.vector.map(\.labels) == [Labels(["host": "a"]), Labels(["host": "b"])])
  }

  @Test func ungroupedSeriesKeepEveryLabel() async throws {
    let (source, records) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let result = try await engine.range(Q.range(.maxOverTime, Self.api, seconds: 4, unwrap: Q.unwrap("latency")), from: 4, to: 12, step: 4).get()
    let expected = Reference.windows(records, steps: Self.steps, range: 4) { $0.map { $0.value! }.max() }
    #expect(result.points == expected)
  }

  /// rate_counter is PromQL's rate(): values 0, 2, 4, 6 at 2, 4, 6, 8 in (0, 10]: the increase 6 is
  /// extrapolated to the counter's zero point at 2 (not to 0) and 2 s past the last sample, so
  /// 6 × 8/6 = 8 over 10 s = 0.8/s. A reset (a drop) counts the value before it as gained.
  @Test func rateCounterExtrapolatesLikePrometheus() async throws {
    var batch = LogBatch()
    for (second, value) in [(2.0, 0.0), (4, 2), (6, 4), (8, 6)] {
      batch.add(["job": "c"], at: second, "tick", metadata: [LogField("n", "\(value)")])
    }
    for (second, value) in [(2.0, 10.0), (4, 20), (6, 5), (8, 15)] {
      batch.add(["job": "r"], at: second, "tick", metadata: [LogField("n", "\(value)")])
    }
    let engine = LogQLEngine(source: InMemoryLogSource(batch))
    let steady = try await engine.instant(
      Q.range(.rateCounter, Q.selector(Q.eq("job", "c")), seconds: 10, unwrap: Q.unwrap("n"), grouping: Q.by("job")), at: 10).get()
    #expect(Swift.abs(steady.vector[0].value - 0.8) < 1e-12)
    // 10, 20, reset, 5, 15: the increase is 15 - 10 + 20 = 25; the zero point (6 s × 10/25 = 2.4 s
    // before the first sample) is beyond the window start, so both edges extrapolate 2 s.
    let reset = try await engine.instant(
      Q.range(.rateCounter, Q.selector(Q.eq("job", "r")), seconds: 10, unwrap: Q.unwrap("n"), grouping: Q.by("job")), at: 10).get()
    #expect(Swift.abs(reset.vector[0].value - 25.0 * (6 + 2 + 2) / 6 / 10) < 1e-12)
    // A window with one sample gives 0, as Loki answers.
    let single = try await engine.instant(
      Q.range(.rateCounter, Q.selector(Q.eq("job", "c")), seconds: 1, unwrap: Q.unwrap("n"), grouping: Q.by("job")), at: 8).get()
    #expect(single.vector.map(\.value) == [0])
  }

  @Test func aValueThatDoesNotConvertIsAPipelineErrorUnlessFiltered() async throws {
    var batch = LogBatch()
    batch.add(["job": "api"], at: 1, "ok", metadata: [LogField("latency", "12")])
    batch.add(["job": "api"], at: 2, "bad", metadata: [LogField("latency", "slow")])
    batch.add(["job": "api"], at: 3, "missing")
    let engine = LogQLEngine(source: InMemoryLogSource(batch))
    let selector = Q.selector(Q.eq("job", "api"))
    let failing = await engine.instant(Q.range(.sumOverTime, selector, seconds: 10, unwrap: Q.unwrap("latency"), grouping: Q.by("job")), at: 5)
    #expect(failing.error?.kind == .invalid)
    #expect(failing.error?.message.hasPrefix("pipeline error: 'SampleExtractionErr' for series: '{") == true)

    let filtered = try await engine.instant(
      Q.range(.sumOverTime, selector, seconds: 10, unwrap: Q.unwrap("latency", dropErrors: true), grouping: Q.by("job")), at: 5).get()
    #expect(filtered.vector == [VectorSample(labels: Labels(["job": "api"]), timestampMs: Q.ms(5), value: 12)])
  }

  @Test func functionsThatNeedOrRefuseUnwrapSaySo() async {
    let (source, _) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let needs = await engine.instant(Q.range(.sumOverTime, Self.api, seconds: 10), at: 10)
    #expect(needs.error?.kind == .invalid)
    #expect(needs.error?.message == "invalid aggregation sum_over_time without unwrap")
    let refuses = await engine.instant(Q.range(.bytesOverTime, Self.api, seconds: 10, unwrap: Q.unwrap("latency")), at: 10)
    #expect(refuses.error?.message == "invalid aggregation bytes_over_time with unwrap")
  }
}
