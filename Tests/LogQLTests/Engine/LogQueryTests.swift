// Log queries: entries merged across streams in the query's direction, `limit`, the half-open
// range, line filters and their hint to the source, instant lookback, `interval`, lazy reading.
import LogQL
import PromQL
import Dispatch
import Testing
import WardenCore
import WardenTesting

@Suite struct LogQueryTests {
  /// Two streams with interleaved timestamps: api at 1, 3, 5, 7; db at 2, 4, 6.
  static func interleaved() -> InMemoryLogSource {
    var batch = LogBatch()
    for second in [1.0, 3, 5, 7] { batch.add(["job": "api"], at: second, "api line \(Int(second))") }
    for second in [2.0, 4, 6] { batch.add(["job": "db"], at: second, "db line \(Int(second))") }
    return InMemoryLogSource(batch, runSize: 2)
  }

  static let anyJob = Q.selector(Q.re("job", ".+"))

  @Test func backwardReturnsTheNewestEntriesNewestFirst() async throws {
    let engine = LogQLEngine(source: Self.interleaved())
    let result = try await engine.run(Q.logs(Self.anyJob), .range(startNs: Q.ns(0), endNs: Q.ns(100), stepNs: 0, limit: 3)).get()
    #expect(result.streams.map(\.labels) == [Labels(["job": "api"]), Labels(["job": "db"])])
    #expect(result.streams[0].entries.map(\.line) == ["api line 7", "api line 5"])
    #expect(result.streams[1].entries.map(\.line) == ["db line 6"])
    #expect(result.streams[0].entries.map(\.timestampNs) == [Q.ns(7), Q.ns(5)])
    #expect(result.statistics.entriesReturned == 3)
  }

  @Test func forwardReturnsTheOldestEntriesOldestFirst() async throws {
    let engine = LogQLEngine(source: Self.interleaved())
    let request = LogQLRequest.range(startNs: Q.ns(0), endNs: Q.ns(100), stepNs: 0, limit: 4, direction: .forward)
    let result = try await engine.run(Q.logs(Self.anyJob), request).get()
    #expect(result.streams[0].entries.map(\.line) == ["api line 1", "api line 3"])
    #expect(result.streams[1].entries.map(\.line) == ["db line 2", "db line 4"])
  }

  @Test func theRangeIncludesItsStartAndExcludesItsEnd() async throws {
    let engine = LogQLEngine(source: Self.interleaved())
    let request = LogQLRequest.range(startNs: Q.ns(3), endNs: Q.ns(6), stepNs: 0, limit: 100, direction: .forward)
    let result = try await engine.run(Q.logs(Self.anyJob), request).get()
    let all = result.streams.flatMap(\.entries).map(\.timestampNs).sorted()
    #expect(all == [Q.ns(3), Q.ns(4), Q.ns(5)])
  }

  @Test func lineFiltersKeepMatchingLinesAndHintTheSource() async throws {
    let source = Self.interleaved()
    let engine = LogQLEngine(source: source)
    let query = Q.logs(Q.selector(Q.re("job", ".+"), pipeline: [Q.contains("line"), Q.notContains("5", "7")]))
    let result = try await engine.run(query, .range(startNs: Q.ns(0), endNs: Q.ns(100), stepNs: 0, limit: 100)).get()
    #expect(result.streams.flatMap(\.entries).map(\.line).sorted() == ["api line 1", "api line 3", "db line 2", "db line 4", "db line 6"])
    #expect(source.selections.last?.requiredSubstrings == [Array("line".utf8)])
    #expect(source.selections.last?.direction == .backward)
    #expect(result.statistics.linesProcessed == 7)
    #expect(result.statistics.bytesProcessed == 4 * 10 + 3 * 9)
  }

  @Test func anInstantLogQueryLooksBackThirtySeconds() async throws {
    var batch = LogBatch()
    for second in [0.0, 10, 50, 79, 80, 81] { batch.add(["job": "api"], at: second, "at \(Int(second))") }
    let engine = LogQLEngine(source: InMemoryLogSource(batch))
    let result = try await engine.run(Q.logs(Q.selector(Q.eq("job", "api"))), .instant(Q.ns(80))).get()
    #expect(result.streams.flatMap(\.entries).map(\.line) == ["at 80", "at 79", "at 50"])
  }

  @Test func intervalSkipsEntriesCloserThanItToTheLastOne() async throws {
    var batch = LogBatch()
    for second in [0.0, 1, 2, 3, 4, 5, 6] { batch.add(["job": "api"], at: second, "at \(Int(second))") }
    let engine = LogQLEngine(source: InMemoryLogSource(batch))
    var request = LogQLRequest.range(startNs: Q.ns(0), endNs: Q.ns(100), stepNs: 0, direction: .forward)
    request.intervalNs = 2_500_000_000
    let result = try await engine.run(Q.logs(Q.selector(Q.eq("job", "api"))), request).get()
    #expect(result.streams.flatMap(\.entries).map(\.line) == ["at 0", "at 3", "at 6"])
  }

  @Test func entriesKeepTheirStructuredMetadata() async throws {
    var batch = LogBatch()
    batch.add(["job": "api"], at: 1, "traced", metadata: [LogField("trace_id", "abc")])
    let engine = LogQLEngine(source: InMemoryLogSource(batch))
    let result = try await engine.run(Q.logs(Q.selector(Q.eq("job", "api"))), .range(startNs: Q.ns(0), endNs: Q.ns(10), stepNs: 0)).get()
    let entry = try #require(result.streams.first?.entries.first)
    #expect(entry.line == "traced")
    #expect(entry.metadata == [LogField("trace_id", "abc")])
  }

  @Test func equalTimestampsComeOutInStreamOrderAndNoEntryIsLost() async throws {
    var batch = LogBatch()
    for stream in ["a", "b", "c"] {
      for second in [1.0, 1, 2] { batch.add(["job": stream], at: second, "\(stream)\(Int(second))") }
    }
    let engine = LogQLEngine(source: InMemoryLogSource(batch, runSize: 1))
    let request = LogQLRequest.range(startNs: Q.ns(0), endNs: Q.ns(10), stepNs: 0, limit: 100, direction: .forward)
    let result = try await engine.run(Q.logs(Q.selector(Q.re("job", ".+"))), request).get()
    #expect(result.streams.map { $0.entries.map(\.line) } == [["a1", "a1", "a2"], ["b1", "b1", "b2"], ["c1", "c1", "c2"]])
  }

  /// A limit-10 backward query over 3 streams of 1000 records, read in runs of 10, reads the newest
  /// run of each stream and nothing older: the merge pulls a run only when it needs its records.
  @Test func aSmallBackwardQueryReadsOnlyTheNewestRuns() async throws {
    var batch = LogBatch()
    for record in 0..<1000 {
      for stream in ["a", "b", "c"] { batch.add(["job": stream], at: Double(record), "\(stream) \(record)") }
    }
    let source = InMemoryLogSource(batch, runSize: 10)
    let engine = LogQLEngine(source: source)
    let result = try await engine.run(Q.logs(Q.selector(Q.re("job", ".+"))), .range(startNs: Q.ns(0), endNs: Q.ns(2000), stepNs: 0, limit: 10)).get()
    #expect(result.streams.flatMap(\.entries).count == 10)
    #expect(result.streams.first?.entries.first?.line == "a 999")
    #expect(source.runsRead == 3)
    #expect(source.recordsRead == 30)
    #expect(result.statistics.linesProcessed == 30)
  }

  /// Against a reference: the newest `limit` of all records, whatever the run size and limit.
  @Test func mergeMatchesASortOfAllRecords() async throws {
    var generator = SeededGenerator(seed: 7)
    var batch = LogBatch()
    var all: [(Int64, String)] = []
    for index in 0..<300 {
      let second = Double(generator.next() % 500)
      let stream = "s\(generator.next() % 5)"
      batch.add(["job": stream], at: second, "\(stream)-\(index)")
      all.append((Q.ns(second), "\(stream)-\(index)"))
    }
    for (runSize, limit) in [(1, 7), (3, 50), (16, 299), (64, 1000)] {
      let engine = LogQLEngine(source: InMemoryLogSource(batch, runSize: runSize))
      for direction in [LogDirection.forward, .backward] {
        let request = LogQLRequest.range(startNs: Q.ns(0), endNs: Q.ns(600), stepNs: 0, limit: limit, direction: direction)
        let result = try await engine.run(Q.logs(Q.selector(Q.re("job", ".+"))), request).get()
        let returned = result.streams.flatMap(\.entries).map(\.timestampNs).sorted()
        let times = all.map(\.0).sorted()
        let expected = direction == .forward ? Array(times.prefix(limit)) : Array(times.suffix(limit))
        #expect(returned == expected, "run size \(runSize), limit \(limit), \(direction)")
        for stream in result.streams {
          let stamps = stream.entries.map(\.timestampNs)
          #expect(stamps == (direction == .forward ? stamps.sorted() : stamps.sorted(by: >)))
        }
      }
    }
  }

  @Test func limitsAreChecked() async {
    let engine = LogQLEngine(source: Self.interleaved())
    let tooMany = await engine.run(Q.logs(Self.anyJob), .range(startNs: Q.ns(0), endNs: Q.ns(10), stepNs: 0, limit: 5001))
    #expect(tooMany.error?.kind == .limit)
    #expect(tooMany.error?.message == "max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)")
    let zero = await engine.run(Q.logs(Self.anyJob), .range(startNs: Q.ns(0), endNs: Q.ns(10), stepNs: 0, limit: 0))
    #expect(zero.error?.kind == .invalid)
    let long = await engine.run(Q.logs(Self.anyJob), .range(startNs: Q.ns(0), endNs: Q.ns(31 * 86_400), stepNs: 0))
    #expect(long.error?.kind == .limit)
    #expect(long.error?.message == "the query time range exceeds the limit (query length: 31d, limit: 30d1h)")
    let backwards = await engine.run(Q.logs(Self.anyJob), .range(startNs: Q.ns(10), endNs: Q.ns(0), stepNs: 0))
    #expect(backwards.error?.kind == .invalid)
  }

  @Test func aQueryPastItsTimeoutFails() async {
    var options = LogQLOptions()
    options.timeout = .zero
    let engine = LogQLEngine(source: Self.interleaved(), options: options)
    let result = await engine.run(Q.logs(Self.anyJob), .range(startNs: Q.ns(0), endNs: Q.ns(10), stepNs: 0))
    #expect(result.error?.kind == .timeout)
  }

  /// The deadline is checked while reading, not only before: 200 runs of 5 ms each cannot finish
  /// in 100 ms, for log and metric queries alike.
  @Test func aSlowReadStopsAtTheTimeout() async {
    var batch = LogBatch()
    for second in 0..<200 { batch.add(["job": "api"], at: Double(second), "line") }
    var options = LogQLOptions()
    options.timeout = .milliseconds(100)
    let engine = LogQLEngine(source: InMemoryLogSource(batch, runSize: 1, delayPerRun: .milliseconds(5)), options: options)
    let request = LogQLRequest.range(startNs: Q.ns(0), endNs: Q.ns(300), stepNs: 0, limit: 5000)
    let logs = await engine.run(Q.logs(Q.selector(Q.eq("job", "api"), pipeline: [Q.contains("never")])), request)
    #expect(logs.error?.kind == .timeout)
    let metric = await engine.instant(Q.range(.countOverTime, Q.selector(Q.eq("job", "api")), seconds: 300), at: 250)
    #expect(metric.error?.kind == .timeout)
  }

  @Test func aCancelledQueryStops() async {
    var batch = LogBatch()
    for second in 0..<400 { batch.add(["job": "api"], at: Double(second), "line") }
    let engine = LogQLEngine(source: InMemoryLogSource(batch, runSize: 1, delayPerRun: .milliseconds(5)))
    let task = Task {
      await engine.run(Q.logs(Q.selector(Q.eq("job", "api"), pipeline: [Q.contains("never")])), .range(startNs: Q.ns(0), endNs: Q.ns(500), stepNs: 0))
    }
    // Cancelled from a Dispatch thread: the evaluation blocks a cooperative thread, and on a
    // loaded 2-core machine the test's own continuation might not run until the query is done.
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { task.cancel() }
    #expect(await task.value.error?.kind == .canceled)
  }

  @Test func pipelineStagesTheEngineCannotCompileAreInvalid() async {
    let engine = LogQLEngine(source: Self.interleaved())
    let regex = PipelineStage.lineFilter(LineFilter(op: .matchesRegex, patterns: ["(unclosed"], position: Q.here))
    let result = await engine.run(Q.logs(Q.selector(Q.re("job", ".+"), pipeline: [regex])), .range(startNs: Q.ns(0), endNs: Q.ns(10), stepNs: 0))
    #expect(result.error?.kind == .invalid)
  }
}
