// The real `warden serve`: starts with defaults, answers its lifecycle and status endpoints,
// owns its data directory exclusively, and stops gracefully.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ServeLifecycleTests {
  @Test func answersHealthReadyAndBuildInfo() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()

    let healthy = try await server.get("/-/healthy")
    #expect(healthy.status == 200)
    let ready = try await server.get("/-/ready")
    #expect(ready.status == 200)
    #expect(ready.text.contains("Ready"))

    let buildInfo = try await server.get("/api/v1/status/buildinfo")
    #expect(buildInfo.status == 200)
    #expect(buildInfo.headers["content-type"]?.hasPrefix("application/json") == true)
    let json = try buildInfo.json()
    #expect(json["status"] as? String == "success")
    let data = try #require(json["data"] as? [String: String])
    for key in ["version", "revision", "branch", "buildUser", "buildDate", "goVersion"] {
      #expect(data[key] != nil, "buildinfo lacks \(key)")
    }
    #expect(data["version"]?.isEmpty == false)

    let index = try await server.get("/")
    #expect(index.status == 200)
    #expect(index.text.contains("/metrics/host"))

    let missing = try await server.get("/no/such/page")
    #expect(missing.status == 404)

    #expect(FileManager.default.fileExists(atPath: server.dataDirectory.appendingPathComponent("warden.sqlite").path))
    #expect(try await server.stop() == 0)
  }

  @Test func countsRequestsInItsOwnMetrics() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    _ = try await server.get("/-/healthy")
    _ = try await server.get("/nowhere")
    let metrics = try await server.get("/metrics")
    #expect(metrics.status == 200)
    #expect(metrics.headers["content-type"]?.contains("version=0.0.4") == true)
    let parsed = ExpositionText(metrics.text)
    let requests = parsed.byName["warden_http_requests_total"] ?? []
    #expect(requests.contains { $0.labels["handler"] == "/-/healthy" && $0.labels["code"] == "200" && $0.value >= 1 })
    #expect(requests.contains { $0.labels["handler"] == "other" && $0.labels["code"] == "404" })
    #expect(parsed.types["warden_http_request_duration_seconds"] == "histogram")
    for name in [
      "process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_max_fds",
      "process_start_time_seconds", "warden_build_info", "warden_config_last_reload_successful",
    ] {
      #expect(parsed.byName[name]?.isEmpty == false, "/metrics lacks \(name)")
    }
    let rss = try #require(parsed.byName["process_resident_memory_bytes"]?.first?.value)
    #expect(rss > 1_048_576)
    let started = try #require(parsed.byName["process_start_time_seconds"]?.first?.value)
    #expect(abs(started - Date().timeIntervalSince1970) < 600)
    try await server.stop()
  }

  @Test func secondServerOnSameDataDirectoryExitsNamingTheHolder() async throws {
    let first = try ServerProcess()
    try await first.waitUntilReady()

    let second = try ServerProcess(dataDirectory: first.dataDirectory)
    let status = try await second.waitForExit(timeout: .seconds(15))
    #expect(status == 1)
    #expect(second.log.contains(first.dataDirectory.path))
    #expect(second.log.contains("process \(first.process.processIdentifier)"))
    // The first one is unaffected.
    #expect(try await first.get("/-/ready").status == 200)
    try await first.stop()
  }

  @Test func sigtermStopsGracefullyAndKill9LeavesNoStaleLock() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    #expect(try await server.stop(signal: SIGTERM) == 0)
    #expect(server.log.contains("stores closed"))

    // A killed server must not block the next one: flock dies with the process.
    let again = try ServerProcess(dataDirectory: server.dataDirectory)
    try await again.waitUntilReady()
    _ = try await again.stop(signal: SIGKILL)
    let third = try ServerProcess(dataDirectory: server.dataDirectory)
    try await third.waitUntilReady()
    #expect(try await third.stop() == 0)
  }

  @Test func jsonLogFormatWritesOneObjectPerLine() async throws {
    let server = try ServerProcess(arguments: ["--log-format", "json", "--log-level", "debug"])
    try await server.waitUntilReady()
    try await server.stop()
    let lines = server.log.split(separator: "\n")
    #expect(lines.count >= 3)
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect(object?["msg"] != nil, "not a JSON log line: \(line)")
      #expect(object?["level"] != nil)
      #expect(object?["ts"] != nil)
    }
  }

  @Test func versionCommandPrintsTheVersion() throws {
    let plain = try Command.warden(["version"])
    #expect(plain.status == 0)
    #expect(plain.stdout.hasPrefix("warden "))
    let json = try Command.warden(["version", "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
    #expect(object?["version"]?.isEmpty == false)
  }
}
