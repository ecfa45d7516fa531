// The metric store inside `warden serve`: host samples are stored, survive a restart, and show in
// /api/v1/status/tsdb (Prometheus's shape) and the warden_tsdb_* metrics.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct MetricStoreServeTests {
  private func headSeries(_ server: ServerProcess) async throws -> Int {
    let json = try await server.get("/api/v1/status/tsdb").json()
    let data = json["data"] as? [String: Any]
    return (data?["headStats"] as? [String: Any])?["numSeries"] as? Int ?? 0
  }

  private func waitForSeries(_ server: ServerProcess) async throws -> Int {
    for _ in 0..<100 {
      let count = try await headSeries(server)
      if count > 50 { return count }
      try await Task.sleep(for: .milliseconds(100))
    }
    return try await headSeries(server)
  }

  @Test func hostSamplesAreStoredAndSurviveARestart() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let stored = try await waitForSeries(server)
    #expect(stored > 50, "the host collector's samples did not reach the store")

    let json = try await server.get("/api/v1/status/tsdb").json()
    #expect(json["status"] as? String == "success")
    let data = try #require(json["data"] as? [String: Any])
    for key in ["headStats", "seriesCountByMetricName", "labelValueCountByLabelName", "memoryInBytesByLabelName", "seriesCountByLabelValuePair"] {
      #expect(data[key] != nil, "status/tsdb lacks \(key)")
    }
    let pairs = try #require(data["seriesCountByLabelValuePair"] as? [[String: Any]])
    #expect(pairs.contains { $0["name"] as? String == "job=warden" && $0["value"] as? Int == stored })
    let head = try #require(data["headStats"] as? [String: Any])
    #expect((head["maxTime"] as? Int ?? 0) > 1_700_000_000_000)

    // Samples are readable as soon as they are in the head; the WAL write follows within the
    // group-commit window.
    var metrics = ExpositionText(try await server.get("/metrics").text)
    for _ in 0..<50 where (metrics.byName["warden_tsdb_wal_written_bytes_total"]?.first?.value ?? 0) == 0 {
      try await Task.sleep(for: .milliseconds(50))
      metrics = ExpositionText(try await server.get("/metrics").text)
    }
    #expect(metrics.byName["warden_tsdb_head_series"]?.first?.value == Double(stored))
    #expect((metrics.byName["warden_tsdb_wal_written_bytes_total"]?.first?.value ?? 0) > 0)
    #expect(metrics.types["warden_tsdb_wal_fsync_duration_seconds"] == "histogram")

    // kill -9: what was acknowledged is in the WAL and comes back.
    _ = try await server.stop(signal: SIGKILL)
    let restarted = try ServerProcess(dataDirectory: server.dataDirectory)
    try await restarted.waitUntilReady()
    #expect(try await headSeries(restarted) >= stored)
    #expect(restarted.log.contains("metrics WAL replayed"))
    try await restarted.stop()
  }

  @Test func badLimitIsAPrometheusStyleError() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let response = try await server.get("/api/v1/status/tsdb?limit=0")
    #expect(response.status == 400)
    let json = try response.json()
    #expect(json["status"] as? String == "error")
    #expect(json["errorType"] as? String == "bad_data")
    #expect((json["error"] as? String)?.contains("limit") == true)
    try await server.stop()
  }
}
