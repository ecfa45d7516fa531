// A live stream over a real metric store: each tick has one `result` event per query, in order,
// holding query_range's `data` object (or the query's error), then a `tick`; new samples appear
// in the next tick; the stream ends when a write fails or the server stops, and sends keepalive
// comments when ticks are further apart than the keepalive interval.
import Foundation
import Logging
import MetricStore
import NIOCore
import PromQL
@testable import Server
import Synchronization
import Testing
import WardenCore

@Suite(.timeLimit(.minutes(1)))
struct LiveQueryStreamLoopTests {
  struct Event {
    var name: String
    var data: String
    var json: [String: Any] {
      (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }
  }

  /// Splits SSE text into events (comments dropped).
  static func events(_ text: String) -> [Event] {
    text.components(separatedBy: "\n\n").compactMap { block in
      var name = ""
      var data: [String] = []
      for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
        if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
      }
      return name.isEmpty ? nil : Event(name: name, data: data.joined(separator: "\n"))
    }
  }

  /// A server's query services over a fresh store in a temporary directory (no log store).
  final class Fixture: Sendable {
    let store: MetricStore
    let evaluator: LiveQueryEvaluator

    init() throws {
      var logger = Logger(label: "test")
      logger.logLevel = .critical
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString)").path
      store = try MetricStore(directory: directory, fsync: .everyBatch, logger: logger)
      let stores = Stores()
      stores.set(catalog: nil, metrics: store, logs: nil)
      evaluator = LiveQueryEvaluator(
        queries: QueryService(stores: stores, options: QueryOptions()), logQueries: LogQueryService(stores: stores))
    }

    func append(_ name: String, instance: String, timestampMs: Int64, value: Double) async throws {
      var batch = SampleBatch()
      batch.append(Labels([Label("__name__", name), Label("instance", instance)]), timestampMs: timestampMs, value: value)
      _ = try await store.append(batch)
    }
  }

  static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

  @Test func aTickHasOneResultPerQueryInOrderThenTheTime() async throws {
    let fixture = try Fixture()
    let now = Self.nowMs()
    for offset in stride(from: 0 as Int64, to: 60_000, by: 1000) {
      try await fixture.append("load", instance: "a", timestampMs: now - 60_000 + offset, value: Double(offset / 1000))
      try await fixture.append("load2", instance: "a", timestampMs: now - 60_000 + offset, value: 1)
    }
    let queries = [
      "load", "rate(load[10s])", "nosuch", #"rate({__name__=~"load|load2"}[10s])"#, #"logql:sum(count_over_time({job="x"}[1m]))"#,
    ]
    let encoded = queries.map { "query=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }.joined(separator: "&")
    let request = try LiveQueryRequest.parse(FormParameters(encoded: encoded + "&range=30s&step=5s"))
    let buffer = await fixture.evaluator.tick(request, nowMs: now)
    let events = Self.events(String(buffer: buffer))
    #expect(events.map(\.name) == ["result", "result", "result", "result", "result", "tick"])
    #expect(events.dropLast().map { $0.json["index"] as? Int } == [0, 1, 2, 3, 4])
    let first = events[0].json
    #expect(first["status"] as? String == "success")
    let data = try #require(first["data"] as? [String: Any])
    #expect(data["resultType"] as? String == "matrix")
    let series = try #require((data["result"] as? [[String: Any]])?.first)
    #expect(series["metric"] as? [String: String] == ["__name__": "load", "instance": "a"])
    let values = try #require(series["values"] as? [[Any]])
    let (startMs, endMs) = request.window(nowMs: now)
    #expect(values.count == 7, "30s at 5s steps, both ends included")
    #expect((values.first?[0] as? Double).map { Int64($0 * 1000) } == startMs)
    #expect((values.last?[0] as? Double).map { Int64($0 * 1000) } == endMs)
    #expect(values.allSatisfy { $0[1] is String }, "values are strings, as query_range writes them")
    // The data object is exactly what /api/v1/query_range writes for the same window.
    let direct = try await fixture.evaluator.queries.engine.range(
      try PromQLParser.parse("load"), startMs: startMs, endMs: endMs, stepMs: request.stepMs)
    var writer = PrometheusJSONWriter()
    QueryAPIResponse.writeQueryData(direct.value, stats: nil, into: &writer)
    #expect(events[0].data == #"{"index":0,"status":"success","data":"# + writer.text + "}")
    #expect((events[1].json["data"] as? [String: Any])?["resultType"] as? String == "matrix")
    #expect(((events[2].json["data"] as? [String: Any])?["result"] as? [Any])?.isEmpty == true, "no series: an empty matrix")
    #expect(events[3].json["status"] as? String == "error")
    #expect(events[3].json["errorType"] as? String == "execution", "rate drops the names: two series with one label set")
    #expect((events[3].json["error"] as? String)?.contains("same labelset") == true, "\(events[3].data)")
    let logs = events[4].json
    #expect(logs["status"] as? String == "error", "no log store here: the LogQL query fails alone")
    #expect(logs["errorType"] as? String == "internal")
    #expect((logs["error"] as? String)?.contains("log store") == true)
    #expect(events[5].json["time"] as? Double == Double(endMs) / 1000)
  }

  /// Collects what a stream writes; fails the write after `failAfter` writes (the client left).
  final class Collector: Sendable {
    private let state = Mutex<(writes: [String], times: [ContinuousClock.Instant])>(([], []))
    let failAfter: Int

    init(failAfter: Int = .max) { self.failAfter = failAfter }

    struct Gone: Error {}

    func write(_ buffer: ByteBuffer) throws {
      try state.withLock { state in
        guard state.writes.count < failAfter else { throw Gone() }
        state.writes.append(String(buffer: buffer))
        state.times.append(.now)
      }
    }

    var writes: [String] { state.withLock { $0.writes } }
    var times: [ContinuousClock.Instant] { state.withLock { $0.times } }
  }

  @Test func newSamplesArriveInTheNextTickAndAFailedWriteEndsTheStream() async throws {
    let fixture = try Fixture()
    let request = try LiveQueryRequest.parse(FormParameters(encoded: "query=temperature&range=1m&step=1s&interval=1s"))
    let collector = Collector(failAfter: 4)
    let streams = LiveStreams()
    let clock = ContinuousClock()
    let started = clock.now
    async let ended: Void = LiveQueryRoutes.stream(request, evaluator: fixture.evaluator, streams: streams) { buffer in
      try collector.write(buffer)
    }
    // After the first tick, a sample appears; a later tick must carry it.
    while collector.writes.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
    try await fixture.append("temperature", instance: "probe", timestampMs: Self.nowMs(), value: 21.5)
    await ended
    let writes = collector.writes
    #expect(writes.count == 4, "the fifth write failed and the stream ended")
    #expect(!writes[0].contains("21.5"))
    #expect(writes.last?.contains(#""21.5""#) == true, "\(writes.last ?? "")")
    let times = collector.times
    for index in 1..<times.count {
      let gap = times[index] - times[index - 1]
      #expect(gap > .milliseconds(700) && gap < .milliseconds(1800), "one tick per interval, got \(gap)")
    }
    #expect(clock.now - started < .seconds(10))
  }

  @Test func keepaliveCommentsFillLongIntervalsAndShutdownEndsTheStream() async throws {
    let fixture = try Fixture()
    let request = try LiveQueryRequest.parse(FormParameters(encoded: "query=up&range=1m&step=1s&interval=1h"))
    let collector = Collector()
    let streams = LiveStreams()
    let clock = ContinuousClock()
    async let ended: Void = LiveQueryRoutes.stream(
      request, evaluator: fixture.evaluator, streams: streams, keepalive: .milliseconds(200)
    ) { buffer in try collector.write(buffer) }
    // The first result, then two keepalives; on a loaded machine the first evaluation can take a
    // while, so wait for them rather than for a fixed time.
    let started = clock.now
    let deadline = started + .seconds(20)
    while collector.writes.count < 3, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    let stopped = clock.now
    streams.stopAll()
    await ended
    #expect(clock.now - stopped < .seconds(2), "a stopping server ends a sleeping stream at once")
    let writes = collector.writes
    #expect(writes.first?.hasPrefix("event: result\n") == true)
    let keepalives = writes.dropFirst()
    // At least two, and no more than one per 200 ms since the stream began.
    let allowed = Int((stopped - started) / .milliseconds(200)) + 1
    #expect(keepalives.count >= 2 && keepalives.count <= allowed, "\(writes)")
    #expect(keepalives.allSatisfy { $0 == ": keepalive\n\n" })
  }
}
