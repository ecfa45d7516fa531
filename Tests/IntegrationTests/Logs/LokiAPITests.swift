// The Loki-compatible API of the real `warden serve`, in the shapes Grafana's Loki data source
// reads (the documented responses of query_range with streams and with a matrix, query with a
// vector, labels, label values, series, index/stats), fed by Loki push in JSON and in
// protobuf+snappy, with bad input refused with the problem named and nothing stored.
import Foundation
import Testing

@Suite(.serialized) struct LokiAPITests {
  private let baseNs = (Int64(Date().timeIntervalSince1970) - 600) * 1_000_000_000

  private func push(_ server: ServerProcess, _ streams: [PushedStream], protobuf: Bool = false) async throws -> HTTPResult {
    protobuf
      ? try await server.send(
        "/loki/api/v1/push", method: "POST", body: LokiPushBody.protobufSnappy(streams), headers: ["Content-Type": "application/x-protobuf"])
      : try await server.send(
        "/loki/api/v1/push", method: "POST", body: LokiPushBody.json(streams), headers: ["Content-Type": "application/json"])
  }

  private func get(_ server: ServerProcess, _ path: String, _ items: [String: String]) async throws -> HTTPResult {
    var components = URLComponents(string: path)!
    components.queryItems = items.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
    // URLComponents leaves `+` alone; Loki (Go) reads it as a space, as we do.
    return try await server.get(components.percentEncodedQuery.map { path + "?" + $0.replacingOccurrences(of: "+", with: "%2B") } ?? path)
  }

  private var fixture: [PushedStream] {
    [
      PushedStream(
        labels: ["job": "api", "host": "web-1"],
        entries: (0..<6).map { (baseNs + Int64($0) * 10_000_000_000, "level=\($0 % 3 == 0 ? "error" : "info") msg=\"request \($0)\"") }),
      PushedStream(
        labels: ["job": "db", "host": "db-1"],
        entries: (0..<3).map { (baseNs + Int64($0) * 20_000_000_000, "checkpoint \($0) done") }),
    ]
  }

  @Test func queryRangeAnswersStreamsAndMatricesInLokisShape() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let pushed = try await push(server, fixture)
    #expect(pushed.status == 204, "\(pushed.text)")

    let range = ["start": String(baseNs - 1), "end": String(baseNs + 120_000_000_000)]
    let logs = try await get(server, "/loki/api/v1/query_range", range.merging(["query": "{job=\"api\"} |= \"error\"", "limit": "100"]) { $1 })
    #expect(logs.status == 200, "\(logs.text)")
    let body = try logs.json()
    #expect(body["status"] as? String == "success")
    let data = try #require(body["data"] as? [String: Any])
    #expect(data["resultType"] as? String == "streams")
    let streams = try #require(data["result"] as? [[String: Any]])
    #expect(streams.count == 1)
    #expect(streams.first?["stream"] as? [String: String] == ["job": "api", "host": "web-1"])
    let values = try #require(streams.first?["values"] as? [[String]])
    // Backward by default: newest first; timestamps are nanosecond strings.
    #expect(values.map(\.[0]) == [String(baseNs + 30_000_000_000), String(baseNs)])
    #expect(values.map(\.[1]) == ["level=error msg=\"request 3\"", "level=error msg=\"request 0\""])
    let stats = try #require(data["stats"] as? [String: Any])
    let summary = try #require(stats["summary"] as? [String: Any])
    #expect(summary["totalLinesProcessed"] as? Int == 6)
    #expect(summary["execTime"] is Double || summary["execTime"] is Int)

    let metric = try await get(
      server, "/loki/api/v1/query_range",
      range.merging(["query": "sum by (job) (count_over_time({host=~\"web-1|db-1\"}[1m]))", "step": "60"]) { $1 })
    #expect(metric.status == 200, "\(metric.text)")
    let metricData = try #require(try metric.json()["data"] as? [String: Any])
    #expect(metricData["resultType"] as? String == "matrix")
    let series = try #require(metricData["result"] as? [[String: Any]])
    #expect(series.compactMap { ($0["metric"] as? [String: String])?["job"] }.sorted() == ["api", "db"])
    let firstPoint = try #require((series.first?["values"] as? [[Any]])?.first)
    #expect(firstPoint.count == 2 && firstPoint[0] is NSNumber && firstPoint[1] is String)
    // Every line counted once at the step whose window holds it: 6 api lines and 3 db lines in all
    // windows together, since the windows (1m) equal the step.
    let totals = series.map { entry in
      ((entry["values"] as? [[Any]]) ?? []).reduce(0.0) { $0 + (Double($1[1] as? String ?? "") ?? 0) }
    }
    #expect(totals.sorted() == [3, 6])

    let instant = try await get(
      server, "/loki/api/v1/query",
      ["query": "count_over_time({job=\"api\"}[10m])", "time": String(baseNs + 60_000_000_000)])
    let instantData = try #require(try instant.json()["data"] as? [String: Any])
    #expect(instantData["resultType"] as? String == "vector")
    let sample = try #require((instantData["result"] as? [[String: Any]])?.first)
    #expect((sample["value"] as? [Any])?.last as? String == "6")
    try await server.stop()
  }

  @Test func metadataEndpointsAnswerLokisShapes() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    _ = try await push(server, fixture, protobuf: true)
    let range = ["start": String(baseNs - 1), "end": String(baseNs + 120_000_000_000)]

    let labels = try await get(server, "/loki/api/v1/labels", range)
    #expect(try labels.json()["data"] as? [String] == ["host", "job"])
    let values = try await get(server, "/loki/api/v1/label/job/values", range)
    #expect(try values.json()["data"] as? [String] == ["api", "db"])
    let filtered = try await get(server, "/loki/api/v1/label/host/values", range.merging(["query": "{job=\"db\"}"]) { $1 })
    #expect(try filtered.json()["data"] as? [String] == ["db-1"])
    let series = try await get(server, "/loki/api/v1/series", range.merging(["match[]": "{job=~\".+\"}"]) { $1 })
    #expect(try series.json()["data"] as? [[String: String]] == [["host": "db-1", "job": "db"], ["host": "web-1", "job": "api"]])
    let stats = try await get(server, "/loki/api/v1/index/stats", range.merging(["query": "{job=\"api\"}"]) { $1 })
    let statsBody = try stats.json()
    #expect(statsBody["streams"] as? Int == 1)
    #expect(statsBody["entries"] as? Int == 6)
    #expect((statsBody["bytes"] as? Int ?? 0) > 0)
    #expect(statsBody["chunks"] is Int)
    try await server.stop()
  }

  @Test func badInputIsRefusedNamingTheProblemAndNothingIsStored() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let marker = UUID().uuidString
    let malformed: [(Data, String, String)] = [
      (
        Data("{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"\(baseNs)\",\"\(marker)\"],[\"abc\",\"y\"]]}]}".utf8),
        "application/json", "abc"
      ),
      (Data("{\"streams\":[".utf8), "application/json", ""),
      (Data([0xff, 0x00, 0x13]), "application/x-protobuf", ""),
      (Data("x".utf8), "text/csv", "text/csv"),
    ]
    for (body, type, fragment) in malformed {
      let response = try await server.send("/loki/api/v1/push", method: "POST", body: body, headers: ["Content-Type": type])
      #expect([400, 415].contains(response.status), "\(type): \(response.status) \(response.text)")
      #expect(!response.text.isEmpty)
      if !fragment.isEmpty { #expect(response.text.contains(fragment), "\(response.text)") }
    }
    let found = try await LokiQuery.entries(server, "{job=\"x\"} |= \"\(marker)\"")
    #expect(found.isEmpty)

    let parse = try await get(server, "/loki/api/v1/query_range", ["query": "{job=\"x\"} |= "])
    #expect(parse.status == 400)
    #expect(parse.text.hasPrefix("parse error at line 1, col"), "\(parse.text)")
    let emptyMatcher = try await get(server, "/loki/api/v1/query_range", ["query": "{job=~\".*\"}"])
    #expect(emptyMatcher.status == 400)
    let metrics = try await server.get("/metrics")
    #expect(metrics.text.contains("warden_logs_requests_rejected_total{protocol=\"loki\",reason=\"malformed\"}"), "\(metrics.text)")
    try await server.stop()
  }

  @Test func acknowledgedLinesSurviveKillNineAndDeletionsSurviveRestart() async throws {
    let data = try TemporaryDirectory.make(prefix: "warden-logs-crash")
    var server = try ServerProcess(dataDirectory: data)
    try await server.waitUntilReady()
    var acknowledged = 0
    for round in 0..<20 {
      let stream = PushedStream(
        labels: ["job": "crash", "round": String(round % 4)],
        entries: (0..<50).map { (baseNs + Int64(round * 50 + $0) * 1_000_000, "round \(round) line \($0)") })
      if try await push(server, [stream], protobuf: round % 2 == 0).status == 204 { acknowledged += 50 }
    }
    #expect(acknowledged == 1000)
    try await server.stop(signal: SIGKILL)

    server = try ServerProcess(dataDirectory: data)
    try await server.waitUntilReady()
    let all = try await LokiQuery.entries(server, "{job=\"crash\"}", lookback: .seconds(3600))
    #expect(all.count == acknowledged)

    let deleted = try await server.send(
      "/loki/api/v1/delete?query=%7Bjob%3D%22crash%22%2Cround%3D%220%22%7D&start=\(baseNs / 1_000_000_000 - 10)", method: "POST",
      body: Data())
    #expect(deleted.status == 204, "\(deleted.text)")
    #expect(try await LokiQuery.entries(server, "{job=\"crash\", round=\"0\"}").isEmpty)
    try await server.stop()
    server = try ServerProcess(dataDirectory: data)
    try await server.waitUntilReady()
    #expect(try await LokiQuery.entries(server, "{job=\"crash\", round=\"0\"}").isEmpty)
    #expect(try await LokiQuery.entries(server, "{job=\"crash\"}").count == acknowledged - 250)
    try await server.stop()
  }
}
