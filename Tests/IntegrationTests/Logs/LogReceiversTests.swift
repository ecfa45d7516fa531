// The other HTTP log receivers of the real server (OTLP/HTTP logs in JSON, NDJSON) and live
// tailing through `warden logs tail` (the CLI's WebSocket client against the server's
// /loki/api/v1/tail), plus `warden logs query` printing what was stored.
import Foundation
import Testing

@Suite(.serialized) struct LogReceiversTests {
  @Test func otlpJSONLogsAreStoredWithResourceLabelsAndTraceMetadata() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let nowNs = Int64(Date().timeIntervalSince1970 * 1e9)
    let body = """
      {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
       "scopeLogs":[{"scope":{"name":"app"},"logRecords":[
        {"timeUnixNano":"\(nowNs)","severityText":"ERROR","severityNumber":17,"body":{"stringValue":"card declined"},
         "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
         "attributes":[{"key":"order_id","value":{"intValue":"42"}}]}]}]}]}
      """
    let response = try await server.send("/v1/logs", method: "POST", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
    #expect(response.status == 200, "\(response.text)")
    let entries = try await LokiQuery.waitFor(server, "{service_name=\"checkout\"} |= \"declined\"")
    #expect(entries.map(\.line) == ["card declined"])
    // Structured metadata is visible to label filters, as in Loki.
    let byTrace = try await LokiQuery.entries(server, "{service_name=\"checkout\"} | trace_id=\"5b8efff798038103d269b633813fc60c\"")
    #expect(byTrace.count == 1)
    let bad = try await server.send("/v1/logs", method: "POST", body: Data("{\"resourceLogs\":[".utf8), headers: ["Content-Type": "application/json"])
    #expect(bad.status == 400)
    try await server.stop()
  }

  @Test func ndjsonLinesAreStoredAndAnErrorNamesItsLine() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let body = """
      {"ts":"2026-11-21T08:00:00.000000001Z","line":"backup started","labels":{"job":"backup"}}
      {"ts":"2026-11-21T08:00:05Z","line":"backup finished","labels":{"job":"backup"},"metadata":{"bytes":"1024"}}
      """
    let stored = try await server.send("/api/v1/logs", method: "POST", body: Data(body.utf8), headers: ["Content-Type": "application/x-ndjson"])
    #expect(stored.status == 204, "\(stored.text)")
    let entries = try await LokiQuery.entries(server, "{job=\"backup\"}", lookback: .seconds(30 * 86_400))
    #expect(entries.map(\.line) == ["backup started", "backup finished"])
    #expect(entries.first?.timestampNs == 1_795_248_000_000_000_001)
    let bad = try await server.send(
      "/api/v1/logs", method: "POST", body: Data("{\"line\":\"ok\",\"labels\":{\"job\":\"x\"}}\n{\"line\":".utf8),
      headers: ["Content-Type": "application/x-ndjson"])
    #expect(bad.status == 400)
    #expect(bad.text.contains("line 2"), "\(bad.text)")
    try await server.stop()
  }

  @Test func warderLogsTailFollowsNewLinesAndQueryPrintsThem() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let tail = Process()
    tail.executableURL = try WardenBinary.url()
    tail.arguments = ["logs", "tail", "{job=\"tailed\"} |= \"keep\"", "--server", server.baseURL.absoluteString, "--output", "raw"]
    let output = Pipe()
    tail.standardOutput = output
    tail.standardError = FileHandle.nullDevice
    try tail.run()
    defer { if tail.isRunning { tail.terminate() } }
    try await Task.sleep(for: .seconds(1))
    let nowNs = Int64(Date().timeIntervalSince1970 * 1e9)
    let stream = PushedStream(
      labels: ["job": "tailed"], entries: [(nowNs, "keep one"), (nowNs + 1, "drop two"), (nowNs + 2, "keep three")])
    let pushed = try await server.send(
      "/loki/api/v1/push", method: "POST", body: LokiPushBody.json([stream]), headers: ["Content-Type": "application/json"])
    #expect(pushed.status == 204)
    let reader = output.fileHandleForReading
    var text = ""
    // Reading blocks until output comes; if it never does, ending the tail ends the read.
    let pid = tail.processIdentifier
    let watchdog = Task {
      try await Task.sleep(for: .seconds(20))
      kill(pid, SIGTERM)
    }
    defer { watchdog.cancel() }
    while !text.contains("keep three") {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      text += String(decoding: chunk, as: UTF8.self)
    }
    #expect(text.split(separator: "\n") == ["keep one", "keep three"], "\(text)")
    tail.terminate()

    let query = try Command.warden([
      "logs", "query", "{job=\"tailed\"}", "--server", server.baseURL.absoluteString, "--forward", "--no-color",
    ])
    #expect(query.status == 0, "\(query.stderr)")
    let lines = query.stdout.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.first?.hasSuffix("{job=\"tailed\"} keep one") == true, "\(query.stdout)")
    try await server.stop()
  }
}
