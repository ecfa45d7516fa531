// Range aggregations over log lines: each function on Loki's `(t - range, t]` windows, offset,
// absent_over_time, instant queries, against hand-computed values and a naive reference.
import LogQL
import PromQL
import Testing
import WardenCore
import WardenTesting

@Suite struct RangeAggregationTests {
  static let info = Labels(["app": "api", "level": "info"])
  static let error = Labels(["app": "api", "level": "error"])

  /// info: one line a second at 1...30 ("req 1"...); error: at 5, 10, ..., 30 ("failed 5"...).
  static func corpus() -> (InMemoryLogSource, [ReferenceRecord]) {
    var batch = LogBatch()
    var records: [ReferenceRecord] = []
    for second in 1...30 {
      batch.add(["app": "api", "level": "info"], at: Double(second), "req \(second)")
      records.append(ReferenceRecord(labels: info, seconds: Double(second), line: "req \(second)"))
      if second % 5 == 0 {
        batch.add(["app": "api", "level": "error"], at: Double(second), "failed \(second)")
        records.append(ReferenceRecord(labels: error, seconds: Double(second), line: "failed \(second)"))
      }
    }
    return (InMemoryLogSource(batch, runSize: 7), records)
  }

  static let api = Q.selector(Q.eq("app", "api"))

  @Test func countOverTimeCountsLinesInLeftOpenRightClosedWindows() async throws {
    let (source, _) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let result = try await engine.range(Q.range(.countOverTime, Self.api, seconds: 10), from: 10, to: 30, step: 10).get()
    // (0,10] holds info 1...10 and error 5, 10; the line at 10 is not in (10,20].
    #expect(result.points == [Self.info: [10: 10, 20: 10, 30: 10], Self.error: [10: 2, 20: 2, 30: 2]])
    #expect(result.matrix.map(\.labels) == [Self.error, Self.info])
    #expect(result.statistics.entriesReturned == 6)
    #expect(source.selections.last?.startNs == Q.ns(0) + 1)
    #expect(source.selections.last?.endNs == Q.ns(30) + 1)
  }

  @Test func lineFunctionsMatchTheReference() async throws {
    let (source, records) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let cases: [(RangeAggregationExpr.Operation, ([ReferenceRecord]) -> Double?)] = [
      (.countOverTime, { Double($0.count) }),
      (.rate, { Double($0.count) / 7 }),
      (.bytesOverTime, { Double($0.reduce(0) { $0 + $1.line.utf8.count }) }),
      (.bytesRate, { Double($0.reduce(0) { $0 + $1.line.utf8.count }) / 7 }),
    ]
    for (operation, reference) in cases {
      let result = try await engine.range(Q.range(operation, Self.api, seconds: 7), from: 0, to: 40, step: 3).get()
      let expected = Reference.windows(records, steps: Array(stride(from: 0.0, through: 40, by: 3)), range: 7, reference)
      #expect(Reference.close(result.points, expected), "\(operation)")
    }
  }

  @Test func lineFiltersApplyBeforeCounting() async throws {
    let (source, _) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let selector = Q.selector(Q.eq("app", "api"), pipeline: [Q.contains("1")])
    let result = try await engine.range(Q.range(.countOverTime, selector, seconds: 10), from: 10, to: 30, step: 10).get()
    // Lines with a "1": req 1, req 10 | req 11...19, failed 15 | req 21 | failed 10.
    #expect(result.points == [Self.info: [10: 2, 20: 9, 30: 1], Self.error: [10: 1, 20: 1]])
  }

  @Test func offsetMovesEveryWindowBack() async throws {
    let (source, records) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let result = try await engine.range(Q.range(.countOverTime, Self.api, seconds: 10, offset: 5), from: 10, to: 30, step: 10).get()
    #expect(result.points[Self.error] == [10: 1, 20: 2, 30: 2])
    let expected = Reference.windows(records, steps: [10, 20, 30], range: 10, offset: 5) { Double($0.count) }
    #expect(result.points == expected)
  }

  @Test func instantQueriesReturnAVectorSortedByLabels() async throws {
    let (source, _) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let result = try await engine.instant(Q.range(.countOverTime, Self.api, seconds: 30), at: 30).get()
    #expect(result.vector == [
      VectorSample(labels: Self.error, timestampMs: Q.ms(30), value: 6),
      VectorSample(labels: Self.info, timestampMs: Q.ms(30), value: 30),
    ])
  }

  @Test func absentOverTimeReportsStepsWithoutLines() async throws {
    let (source, _) = Self.corpus()
    let engine = LogQLEngine(source: source)
    let missing = Q.selector(Q.eq("app", "api"), Q.eq("level", "debug"))
    let none = try await engine.range(Q.range(.absentOverTime, missing, seconds: 10), from: 10, to: 30, step: 10).get()
    #expect(none.points == [Labels(["app": "api", "level": "debug"]): [10: 1, 20: 1, 30: 1]])

    // Lines exist until 30: windows ending at 40 and 50 hold none; a regex matcher is not reported.
    let someTimes = Q.selector(Q.eq("app", "api"), Q.re("level", "err.*"))
    let gaps = try await engine.range(Q.range(.absentOverTime, someTimes, seconds: 10), from: 30, to: 50, step: 10).get()
    #expect(gaps.points == [Labels(["app": "api"]): [40: 1, 50: 1]])

    let present = try await engine.range(Q.range(.absentOverTime, Self.api, seconds: 10), from: 10, to: 30, step: 10).get()
    #expect(present.matrix.isEmpty)
  }

  @Test func sumOfAdditiveAggregationsIsPushedDownWithTheSameResult() async throws {
    let (source, _) = Self.corpus()
    let engine = LogQLEngine(source: source)
    for operation in [RangeAggregationExpr.Operation.countOverTime, .rate, .bytesOverTime, .bytesRate] {
      let perStream = try await engine.range(Q.range(operation, Self.api, seconds: 10), from: 10, to: 30, step: 5).get()
      let summed = try await engine.range(Q.aggregate(.sum, Q.by("app"), Q.range(operation, Self.api, seconds: 10)), from: 10, to: 30, step: 5).get()
      var expected: [Double: Double] = [:]
      for (_, points) in perStream.points {
        for (time, value) in points { expected[time, default: 0] += value }
      }
      #expect(Reference.close(summed.points, [Labels(["app": "api"]): expected]), "\(operation)")
    }
    let total = try await engine.instant(Q.aggregate(.sum, Q.range(.countOverTime, Self.api, seconds: 30)), at: 30).get()
    #expect(total.vector == [VectorSample(labels: Labels(), timestampMs: Q.ms(30), value: 36)])
  }

  /// Random corpora, ranges, steps and offsets against the naive reference: the difference arrays
  /// must place every line in exactly the windows that hold it.
  @Test func randomGridsMatchTheReference() async throws {
    var generator = SeededGenerator(seed: 42)
    for round in 0..<20 {
      var batch = LogBatch()
      var records: [ReferenceRecord] = []
      for _ in 0..<Int(generator.next() % 200) {
        let second = Double(generator.next() % 400) / 4
        let labels = ["job": "j\(generator.next() % 3)"]
        let line = String(repeating: "x", count: Int(generator.next() % 20))
        batch.add(labels, at: second, line)
        records.append(ReferenceRecord(labels: Labels(labels), seconds: second, line: line))
      }
      let range = Double(1 + generator.next() % 40) / 2
      let step = Double(1 + generator.next() % 20) / 2
      let offset = Double(generator.next() % 10)
      let start = Double(generator.next() % 50)
      let end = start + Double(generator.next() % 60)
      let engine = LogQLEngine(source: InMemoryLogSource(batch, runSize: 1 + Int(generator.next() % 9)))
      let selector = Q.selector(Q.re("job", ".+"))
      let counts = try await engine.range(Q.range(.countOverTime, selector, seconds: range, offset: offset), from: start, to: end, step: step).get()
      let bytes = try await engine.range(Q.range(.bytesOverTime, selector, seconds: range, offset: offset), from: start, to: end, step: step).get()
      let steps = Array(stride(from: start, through: end, by: step))
      let expectedCounts = Reference.windows(records, steps: steps, range: range, offset: offset) { Double($0.count) }
      let expectedBytes = Reference.windows(records, steps: steps, range: range, offset: offset) { Double($0.reduce(0) { $0 + $1.line.utf8.count }) }
      #expect(Reference.close(counts.points, expectedCounts), "round \(round)")
      #expect(Reference.close(bytes.points, expectedBytes), "round \(round)")
    }
  }
}
