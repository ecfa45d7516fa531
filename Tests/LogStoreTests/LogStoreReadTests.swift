// Appends read back in both directions, with early stops, every matcher kind, out-of-order writes
// across blocks and generations, and time ranges.
import Foundation
@testable import LogStore
import Testing
import WardenCore

@Suite struct LogStoreReadTests {
  @Test func appendThenReadForwardAndBackward() async throws {
    let store = try openStore(temporaryLogDirectory())
    defer { store.close() }
    let labels = streamLabels(["job": "api"])
    let report = try await store.append(sequentialBatch(labels, count: 100))
    #expect(report.acceptedRecords == 100)
    #expect(report.acceptedBytes == (0..<100).reduce(0) { $0 + "line \($1)".utf8.count })

    let forward = try readAll(store, [matcher(.equal, "job", "api")])
    #expect(forward.map(\.line) == (0..<100).map { "line \($0)" })
    let backward = try readAll(store, [matcher(.equal, "job", "api")], direction: .backward)
    #expect(backward.map(\.line) == (0..<100).reversed().map { "line \($0)" })

    // [start, end): records 10 to 19.
    let ranged = try readAll(store, [matcher(.equal, "job", "api")], startNs: baseNs + 10_000_000, endNs: baseNs + 20_000_000)
    #expect(ranged.map(\.line) == (10..<20).map { "line \($0)" })
  }

  @Test func readsMergeSegmentsAndHeadsAndStopEarly() async throws {
    var options = LogStoreOptions()
    options.blockTargetBytes = 200  // many small blocks
    let store = try openStore(temporaryLogDirectory(), options: options)
    defer { store.close() }
    let labels = streamLabels(["job": "api"])
    _ = try await store.append(sequentialBatch(labels, count: 300))
    try await store.flush()
    _ = try await store.append(sequentialBatch(labels, count: 300, first: 300))
    #expect(store.status().segments == 1)

    let all = try readAll(store, [matcher(.equal, "job", "api")])
    #expect(all.map(\.line) == (0..<600).map { "line \($0)" })

    // A limit-like reader: take the first run backward and stop; only the newest blocks open.
    let before = store.status().blocksDecompressed
    let cursors = try store.select(LogSelection(matchers: [matcher(.equal, "job", "api")], startNs: .min, endNs: .max, direction: .backward))
    #expect(cursors.count == 1)
    let run = try #require(try cursors[0].next())
    #expect(run.line(0) == "line 599")
    #expect(run.count < 600)
    let opened = store.status().blocksDecompressed - before
    #expect(opened <= 1, "one run should open at most one block, opened \(opened)")
  }

  @Test func everyMatcherKindIncludingEmptyValues() async throws {
    let store = try openStore(temporaryLogDirectory())
    defer { store.close() }
    var batch = LogBatch()
    let streams = [
      streamLabels(["job": "api", "env": "prod"]), streamLabels(["job": "api", "env": "dev"]),
      streamLabels(["job": "web"]), streamLabels(["job": "db", "env": "prod", "team": "core"]),
    ]
    for (index, labels) in streams.enumerated() { batch.append(stream: labels, timestampNs: baseNs + Int64(index), line: "x") }
    _ = try await store.append(batch)

    func jobs(_ matchers: [LabelMatcher]) throws -> [String] {
      try store.streams(matchers, startNs: .min, endNs: .max).map { "\($0["job"])/\($0["env"])" }
    }
    #expect(try jobs([matcher(.equal, "job", "api")]) == ["api/dev", "api/prod"])
    #expect(try jobs([matcher(.notEqual, "job", "api")]) == ["db/prod", "web/"])
    #expect(try jobs([matcher(.regexMatch, "job", "a.*|w.b")]) == ["api/dev", "api/prod", "web/"])
    #expect(try jobs([matcher(.regexNoMatch, "env", "prod")]) == ["api/dev", "web/"])
    // env="" selects streams without env; env!="" those with it.
    #expect(try jobs([matcher(.equal, "env", "")]) == ["web/"])
    #expect(try jobs([matcher(.notEqual, "env", ""), matcher(.equal, "job", "api")]) == ["api/dev", "api/prod"])
    #expect(try jobs([matcher(.regexMatch, "env", "prod|")]).count == 3)
    #expect(try store.labelNames([], startNs: .min, endNs: .max) == ["env", "job", "team"])
    #expect(try store.labelValues("env", [matcher(.equal, "job", "api")], startNs: .min, endNs: .max) == ["dev", "prod"])
    let stats = try store.indexStats([matcher(.equal, "env", "prod")], startNs: .min, endNs: .max)
    #expect(stats.streams == 2 && stats.entries == 2 && stats.bytes == 2)
    // Time range: no stream has records after baseNs + 10.
    #expect(try store.streams([matcher(.regexMatch, "job", ".+")], startNs: baseNs + 10, endNs: .max).isEmpty)
  }

  @Test func outOfOrderWritesComeBackSortedWithArrivalOrderForTies() async throws {
    var options = LogStoreOptions()
    options.blockTargetBytes = 64
    let store = try openStore(temporaryLogDirectory(), options: options)
    defer { store.close() }
    let labels = streamLabels(["job": "ooo"])
    var generator = SystemRandomNumberGenerator()
    var expected: [(Int64, String)] = []
    for round in 0..<4 {
      var batch = LogBatch()
      for n in 0..<50 {
        let timestamp = baseNs + Int64.random(in: 0..<40, using: &generator)
        let line = "r\(round) n\(n)"
        batch.append(stream: labels, timestampNs: timestamp, line: line)
        expected.append((timestamp, line))
      }
      _ = try await store.append(batch)
      if round == 1 { try await store.flush() }
    }
    // Stable by time: equal timestamps keep arrival order.
    let sorted = expected.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
    let forward = try readAll(store, [matcher(.equal, "job", "ooo")])
    #expect(forward.map { "\($0.timestampNs) \($0.line)" } == sorted.map { "\($0.0) \($0.1)" })
    let backward = try readAll(store, [matcher(.equal, "job", "ooo")], direction: .backward)
    #expect(backward.map { "\($0.timestampNs) \($0.line)" } == sorted.reversed().map { "\($0.0) \($0.1)" })
  }

  @Test func metadataIsKeptWithTheLine() async throws {
    let directory = temporaryLogDirectory()
    var store = try openStore(directory)
    let labels = streamLabels(["job": "otel"])
    var batch = LogBatch()
    batch.append(stream: labels, timestampNs: baseNs, line: "hello", metadata: [LogField("trace_id", "abc"), LogField("span_id", "def")])
    batch.append(stream: labels, timestampNs: baseNs + 1, line: "bye")
    _ = try await store.append(batch)
    for phase in 0..<2 {
      let cursor = try #require(try store.select(LogSelection(matchers: [matcher(.equal, "job", "otel")], startNs: .min, endNs: .max)).first)
      let run = try #require(try cursor.next())
      #expect(Array(run.metadata(0)) == [LogField("trace_id", "abc"), LogField("span_id", "def")], "phase \(phase)")
      #expect(run.metadata(1).isEmpty)
      if phase == 0 {
        try await store.flush()
        store.close()
        store = try openStore(directory)
      }
    }
    store.close()
  }
}
