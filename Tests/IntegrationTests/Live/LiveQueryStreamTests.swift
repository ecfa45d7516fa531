// The live query stream and the overview status against the real `warden serve`: a stream opens
// with the SSE headers, its first tick carries what remote_write stored, samples written later
// arrive in a later tick on the same connection, /metrics counts the open stream and a closed
// client frees it, SIGTERM ends open streams without waiting out the shutdown timeout, bad
// parameters get 400 JSON before any stream starts, and the overview's counters move after ingest.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct LiveQueryStreamTests {
  static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

  static func write(_ server: ServerProcess, _ name: String, instance: String, samples: [(Int64, Double)]) async throws {
    let body = try RemoteWriteClient.body([(labels: [("__name__", name), ("instance", instance)], samples: samples)])
    let response = try await RemoteWriteClient.post(server, body: body)
    #expect(response.status == 204, "\(response.text)")
  }

  /// The value of an unlabelled sample on /metrics.
  static func selfMetric(_ server: ServerProcess, _ name: String) async throws -> Double? {
    let text = try await server.get("/metrics").text
    for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
      return Double(line.dropFirst(name.count + 1))
    }
    return nil
  }

  static func lastValue(_ event: SSEConnection.Event) -> String? {
    guard let data = event.json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
      let values = result.first?["values"] as? [[Any]]
    else { return nil }
    return values.last?[1] as? String
  }

  @Test func newSamplesArriveOnTheOpenStream() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let now = Self.nowMs()
    try await Self.write(server, "live_gauge", instance: "a", samples: [(now - 20_000, 1), (now - 10_000, 2)])

    let query = "query=live_gauge&query=count(live_gauge)&range=5m&step=1s&interval=1s"
    let stream = try SSEConnection(port: server.port, target: "/api/v1/live/query_range?\(query)")
    try stream.readHead()
    #expect(stream.status == 200)
    #expect(stream.headers["content-type"] == "text/event-stream")
    #expect(stream.headers["cache-control"] == "no-cache")
    #expect(stream.headers["x-accel-buffering"] == "no")
    let first = try stream.nextTick()
    #expect(first.results.map { $0.json["index"] as? Int } == [0, 1])
    #expect(first.results.allSatisfy { $0.json["status"] as? String == "success" })
    #expect(Self.lastValue(first.results[0]) == "2")
    #expect(Self.lastValue(first.results[1]) == "1")
    let firstTime = try #require(first.tick.json["time"] as? Double)
    #expect(abs(firstTime - Double(Self.nowMs()) / 1000) < 5)
    #expect(try await Self.selfMetric(server, "warden_live_streams") == 1)

    try await Self.write(server, "live_gauge", instance: "a", samples: [(Self.nowMs(), 42)])
    try await Self.write(server, "live_gauge", instance: "b", samples: [(Self.nowMs(), 7)])
    var arrived = false
    var lastTime = firstTime
    for _ in 0..<8 where !arrived {
      let tick = try stream.nextTick(timeout: .seconds(5))
      let time = try #require(tick.tick.json["time"] as? Double)
      #expect(time >= lastTime, "the window slides forward")
      lastTime = time
      arrived = Self.lastValue(tick.results[0]) == "42" && Self.lastValue(tick.results[1]) == "2"
    }
    #expect(arrived, "the new samples arrive on the same connection")
    stream.close()
    // The server notices the closed client at its next write (one interval).
    var open = try await Self.selfMetric(server, "warden_live_streams")
    for _ in 0..<50 where open != 0 {
      try await Task.sleep(for: .milliseconds(100))
      open = try await Self.selfMetric(server, "warden_live_streams")
    }
    #expect(open == 0, "a client that went away frees its stream")
    #expect(try await Self.selfMetric(server, "warden_live_streams_opened_total") == 1)

    // An open stream does not hold graceful shutdown (its timeout is 30 s).
    let held = try SSEConnection(port: server.port, target: "/api/v1/live/query_range?query=up&interval=1h")
    try held.readHead()
    _ = try held.nextTick()
    let clock = ContinuousClock()
    let stopping = clock.now
    let status = try await server.stop()
    #expect(status == 0)
    #expect(clock.now - stopping < .seconds(10), "SIGTERM ends open streams")
  }

  @Test func streamsBeyondTheLimitGet503UntilOneCloses() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let target = "/api/v1/live/query_range?query=vector(1)&range=1m&interval=1s"
    var open: [SSEConnection] = []
    for _ in 0..<64 {
      let stream = try SSEConnection(port: server.port, target: target)
      try stream.readHead()
      #expect(stream.status == 200)
      open.append(stream)
    }
    let refused = try await server.get(target)
    #expect(refused.status == 503)
    #expect(refused.headers["retry-after"] == "5")
    #expect((try refused.json()["error"] as? String)?.contains("too many live streams") == true)
    open.removeLast().close()
    var status = 503
    for _ in 0..<40 where status == 503 {
      try await Task.sleep(for: .milliseconds(250))
      let again = try SSEConnection(port: server.port, target: target)
      try again.readHead()
      status = again.status
      if status == 200 { open.append(again) }
    }
    #expect(status == 200, "a closed stream's slot is free again")
    #expect(try await Self.selfMetric(server, "warden_live_streams_refused_total")! >= 1)
    for stream in open { stream.close() }
    try await server.stop()
  }

  @Test(arguments: [
    ("", #"invalid parameter "query""#),
    ("query=up&interval=100ms", #"invalid parameter "interval": the interval must be at least 1s"#),
    ("query=up&range=1d&step=1s", "exceeded maximum resolution of 11,000 points per timeseries"),
    ("query=up&range=xyz", #"invalid parameter "range""#),
    ("query=up&query=sum(up", #"invalid parameter "query[1]": 1:"#),
    ("query=logql:%7Bjob%3D%22x%22%7D", "LogQL metric query"),
  ])
  func badParametersAre400JSONBeforeTheStream(query: String, message: String) async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let response = try await server.get("/api/v1/live/query_range?\(query)")
    #expect(response.status == 400)
    #expect(response.headers["content-type"] == "application/json")
    let json = try response.json()
    #expect(json["status"] as? String == "error")
    #expect(json["errorType"] as? String == "bad_data")
    #expect((json["error"] as? String)?.contains(message) == true, "\(json)")
    try await server.stop()
  }

  @Test func overviewCountersMoveAfterIngest() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let before = try #require(try await server.get("/api/v1/status/overview").json()["data"] as? [String: Any])
    #expect(before["version"] as? String != nil && before["revision"] as? String != nil)
    let startTime = try #require(before["startTime"] as? Double)
    let time = try #require(before["time"] as? Double)
    #expect(startTime <= time && time - startTime < 120)
    let countersBefore = try #require(before["counters"] as? [String: Int])
    for key in ["samplesAppended", "samplesRejected", "logLinesAppended", "logBytesAppended", "alertsReceived", "notificationsSent", "notificationsFailed"] {
      #expect(countersBefore[key] != nil, "counters.\(key)")
    }

    let now = Self.nowMs()
    try await Self.write(server, "overview_gauge", instance: "x", samples: (0..<100).map { (now - 100_000 + Int64($0) * 1000, Double($0)) })
    // A stored timestamp with a different value is turned away (400): it counts as rejected.
    let conflicting = try RemoteWriteClient.body([(labels: [("__name__", "overview_gauge"), ("instance", "x")], samples: [(now - 1000, -1)])])
    #expect(try await RemoteWriteClient.post(server, body: conflicting).status == 400)
    let lines = (0..<5).map { #"["\#((now + Int64($0)) * 1_000_000)","line \#($0)"]"# }.joined(separator: ",")
    let push = try await server.send(
      "/loki/api/v1/push", method: "POST", body: Data(#"{"streams":[{"stream":{"job":"overview"},"values":[\#(lines)]}]}"#.utf8),
      headers: ["Content-Type": "application/json"])
    #expect(push.status == 204, "\(push.text)")

    let after = try #require(try await server.get("/api/v1/status/overview").json()["data"] as? [String: Any])
    let counters = try #require(after["counters"] as? [String: Int])
    #expect(counters["samplesAppended"]! >= countersBefore["samplesAppended"]! + 100)
    #expect(counters["samplesRejected"]! >= countersBefore["samplesRejected"]! + 1)
    #expect(counters["logLinesAppended"]! == countersBefore["logLinesAppended"]! + 5)
    #expect(counters["logBytesAppended"]! == countersBefore["logBytesAppended"]! + 5 * 6)
    let storage = try #require(after["storage"] as? [String: Int])
    #expect(storage["headSeries"]! >= 1)
    #expect(storage["metricsBytes"]! > 0, "the WAL holds the samples")
    #expect(storage["logStreams"]! >= 1)
    #expect(storage["catalogBytes"]! > 0)
    #expect(storage["diskTotalBytes"]! > 0 && storage["diskFreeBytes"]! > 0)
    #expect(storage["diskFreeBytes"]! <= storage["diskTotalBytes"]!)
    #expect(storage["logsBytes"] != nil)
    try await server.stop()
  }
}
