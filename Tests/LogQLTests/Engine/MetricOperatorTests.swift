// The metric operators LogQL runs on PromQL's kernels: vector aggregations with by/without,
// topk/bottomk, sort/sort_desc, binary operations with scalars and between queries (matching,
// bool, set operators), vector(), label_replace, plain numbers, and the series limit.
import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct MetricOperatorTests {
  /// Lines per stream in (0, 10]: api/a/info 6, api/a/error 2, api/b/info 3, db/a/info 1.
  static let counts: [([String: String], Int)] = [
    (["app": "api", "host": "a", "level": "info"], 6),
    (["app": "api", "host": "a", "level": "error"], 2),
    (["app": "api", "host": "b", "level": "info"], 3),
    (["app": "db", "host": "a", "level": "info"], 1),
  ]

  static func engine(options: LogQLOptions = LogQLOptions()) -> LogQLEngine {
    var batch = LogBatch()
    for (labels, count) in counts {
      for index in 0..<count { batch.add(labels, at: Double(index + 1), "line \(index)") }
    }
    return LogQLEngine(source: InMemoryLogSource(batch), options: options)
  }

  static let all = Q.range(.countOverTime, Q.selector(Q.re("app", ".+")), seconds: 10)
  static func app(_ name: String) -> MetricExpr { Q.range(.countOverTime, Q.selector(Q.eq("app", name)), seconds: 10) }

  static func values(_ result: LogQLResult) -> [Labels: Double] {
    Dictionary(uniqueKeysWithValues: result.vector.map { ($0.labels, $0.value) })
  }

  @Test func aggregationsGroupByAndWithout() async throws {
    let engine = Self.engine()
    let info = Labels(["level": "info"])
    let error = Labels(["level": "error"])
    let mean = 10.0 / 3
    let infoVariance: Double = ((6 - mean) * (6 - mean) + (3 - mean) * (3 - mean) + (1 - mean) * (1 - mean)) / 3
    let cases: [(VectorAggregationExpr.Operation, [Labels: Double])] = [
      (.sum, [info: 10, error: 2]),
      (.avg, [info: mean, error: 2]),
      (.min, [info: 1, error: 2]),
      (.max, [info: 6, error: 2]),
      (.count, [info: 3, error: 1]),
      (.stdvar, [info: infoVariance, error: 0]),
    ]
    for (operation, expected) in cases {
      let result = try await engine.instant(Q.aggregate(operation, Q.by("level"), Self.all), at: 10).get()
      let got = Self.values(result)
      #expect(got.keys.sorted() == expected.keys.sorted(), "\(operation)")
      for (labels, value) in expected { #expect(Swift.abs(got[labels]! - value) < 1e-12, "\(operation) \(labels)") }
    }
    let without = try await engine.instant(Q.aggregate(.sum, Q.without("level", "host"), Self.all), at: 10).get()
    #expect(Self.values(without) == [Labels(["app": "api"]): 11, Labels(["app": "db"]): 1])
    let stddev = try await engine.instant(Q.aggregate(.stddev, Q.aggregate(.sum, Q.by("host"), Self.all)), at: 10).get()
    #expect(Self.values(stddev) == [Labels(): 3])  // hosts: a = 9, b = 3, mean 6
  }

  @Test func topkBottomkAndSortKeepTheirOrder() async throws {
    let engine = Self.engine()
    let top = try await engine.instant(Q.aggregate(.topk, parameter: 2, Self.all), at: 10).get()
    #expect(Set(top.vector.map(\.value)) == [6, 3])
    let bottom = try await engine.instant(Q.aggregate(.bottomk, Q.by("app"), parameter: 1, Self.all), at: 10).get()
    #expect(Self.values(bottom) == [Labels(["app": "api", "host": "a", "level": "error"]): 2, Labels(["app": "db", "host": "a", "level": "info"]): 1])
    let descending = try await engine.instant(Q.aggregate(.sortDesc, Self.all), at: 10).get()
    #expect(descending.vector.map(\.value) == [6, 3, 2, 1])
    let ascending = try await engine.instant(Q.aggregate(.sort, Self.all), at: 10).get()
    #expect(ascending.vector.map(\.value) == [1, 2, 3, 6])
    let invalid = await engine.instant(Q.aggregate(.topk, parameter: 0, Self.all), at: 10)
    #expect(invalid.error?.kind == .invalid)
  }

  @Test func binaryOperationsBetweenQueriesAndWithScalars() async throws {
    let engine = Self.engine()
    let byApp = { (name: String) in Q.aggregate(.sum, Q.by("app"), Self.app(name)) }
    // Ratio of error lines to all lines per host, matched on host.
    let errors = Q.aggregate(.sum, Q.by("host"), Q.range(.countOverTime, Q.selector(Q.eq("app", "api"), Q.eq("level", "error")), seconds: 10))
    let lines = Q.aggregate(.sum, Q.by("host"), Q.range(.countOverTime, Q.selector(Q.eq("app", "api")), seconds: 10))
    let ratio = try await engine.instant(Q.binary(.divide, errors, lines), at: 10).get()
    #expect(Self.values(ratio) == [Labels(["host": "a"]): 0.25])

    let scaled = try await engine.instant(Q.binary(.multiply, byApp("api"), Q.number(2)), at: 10).get()
    #expect(Self.values(scaled) == [Labels(["app": "api"]): 22])
    let filtered = try await engine.instant(Q.binary(.greater, Self.all, Q.number(2)), at: 10).get()
    #expect(Set(filtered.vector.map(\.value)) == [6, 3])
    let asBool = try await engine.instant(Q.binary(.greater, Self.all, Q.number(2), bool: true), at: 10).get()
    #expect(asBool.vector.map(\.value).sorted() == [0, 0, 1, 1])

    let ignoringApp = BinaryMetricExpr.Matching(on: false, labels: ["app"])
    let matched = try await engine.instant(Q.binary(.subtract, byApp("api"), byApp("db"), matching: ignoringApp), at: 10).get()
    #expect(Self.values(matched) == [Labels(): 10])
    let onHost = BinaryMetricExpr.Matching(on: true, labels: ["host"], cardinality: .manyToOne, include: [])
    let perHost = Q.aggregate(.sum, Q.by("host"), Self.all)
    let share = try await engine.instant(Q.binary(.divide, Self.all, perHost, matching: onHost), at: 10).get()
    #expect(Self.values(share)[Labels(["app": "api", "host": "b", "level": "info"])] == 1)
    #expect(Self.values(share)[Labels(["app": "api", "host": "a", "level": "info"])] == 6.0 / 9)

    let scalar = try await engine.instant(Q.binary(.add, Q.number(1), Q.binary(.multiply, Q.number(2), Q.number(3))), at: 10).get()
    #expect(scalar.value == .scalar(timestampMs: Q.ms(10), value: 7))
  }

  @Test func setOperators() async throws {
    let engine = Self.engine()
    let info = Q.range(.countOverTime, Q.selector(Q.re("app", ".+"), Q.eq("level", "info")), seconds: 10)
    let hostA = Q.range(.countOverTime, Q.selector(Q.re("app", ".+"), Q.eq("host", "a")), seconds: 10)
    let and = try await engine.instant(Q.binary(.and, info, hostA), at: 10).get()
    #expect(Set(and.vector.map(\.value)) == [6, 1])
    let unless = try await engine.instant(Q.binary(.unless, info, hostA), at: 10).get()
    #expect(unless.vector.map(\.value) == [3])
    let or = try await engine.instant(Q.binary(.or, info, hostA), at: 10).get()
    #expect(or.vector.count == 4)
  }

  @Test func vectorLabelReplaceAndRangeResults() async throws {
    let engine = Self.engine()
    let constant = try await engine.range(.vector(4, position: Q.here), from: 0, to: 20, step: 10).get()
    #expect(constant.points == [Labels(): [0: 4, 10: 4, 20: 4]])
    let replaced = try await engine.instant(
      .labelReplace(LabelReplaceExpr(expression: Self.app("db"), destination: "server", replacement: "srv-$1", source: "host", regex: "(.*)", position: Q.here)),
      at: 10).get()
    #expect(replaced.vector.map(\.labels) == [Labels(["app": "db", "host": "a", "level": "info", "server": "srv-a"])])
    let scalarRange = try await engine.range(Q.number(3), from: 0, to: 10, step: 5).get()
    #expect(scalarRange.points == [Labels(): [0: 3, 5: 3, 10: 3]])
    // Steps after the lines leave their windows have no value rather than a stale one.
    let sparse = try await engine.range(Q.aggregate(.sum, Self.app("db")), from: 5, to: 25, step: 5).get()
    #expect(sparse.points == [Labels(): [5: 1, 10: 1]])
  }

  @Test func theSeriesLimitAndResolutionLimitAreEnforced() async {
    var options = LogQLOptions()
    options.maxSeries = 3
    let engine = Self.engine(options: options)
    let tooMany = await engine.instant(Self.all, at: 10)
    #expect(tooMany.error?.kind == .limit)
    #expect(tooMany.error?.message == "maximum of series (3) reached for a single query")
    let grouped = await engine.instant(Q.aggregate(.sum, Q.by("level"), Self.all), at: 10)
    #expect(grouped.error == nil)

    let fine = await engine.range(Self.app("db"), from: 0, to: 100_000, step: 1)
    #expect(fine.error?.message == "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
    let zeroStep = await engine.run(.metric(Self.app("db")), .range(startNs: Q.ns(0), endNs: Q.ns(10), stepNs: 0))
    #expect(zeroStep.error?.kind == .invalid)
  }

  @Test func concurrentQueriesWaitForASlotAndAllFinish() async throws {
    var options = LogQLOptions()
    options.maxConcurrentQueries = 1
    let engine = Self.engine(options: options)
    let results = await withTaskGroup(of: Double?.self, returning: [Double?].self) { group in
      for _ in 0..<8 {
        group.addTask { try? await engine.instant(Q.aggregate(.sum, Self.all), at: 10).get().vector.first?.value }
      }
      var all: [Double?] = []
      for await value in group { all.append(value) }
      return all
    }
    #expect(results == [Double?](repeating: 12, count: 8))
    #expect(engine.load.running == 0)
  }
}
