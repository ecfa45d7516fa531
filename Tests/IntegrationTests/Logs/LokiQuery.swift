// Test-side helpers for the logs integration suites: LogQL queries over `/loki/api/v1/query_range`
// and polling until expected lines have arrived (ingestion is asynchronous for syslog and files).
import Foundation
import Testing

/// One entry of a `streams` result.
struct QueriedLogEntry: Equatable {
  var labels: [String: String]
  var timestampNs: Int64
  var line: String
}

enum LokiQuery {
  /// The entries a log query returns over the last `lookback` (oldest first).
  static func entries(
    _ server: ServerProcess, _ query: String, lookback: Duration = .seconds(3600), limit: Int = 5000
  ) async throws -> [QueriedLogEntry] {
    let nowNs = Int64(Date().timeIntervalSince1970 * 1e9)
    let startNs = nowNs - lookback.components.seconds * 1_000_000_000
    var components = URLComponents(string: "/loki/api/v1/query_range")!
    components.queryItems = [
      .init(name: "query", value: query), .init(name: "start", value: String(startNs)),
      .init(name: "end", value: String(nowNs + 60_000_000_000)), .init(name: "limit", value: String(limit)),
      .init(name: "direction", value: "forward"),
    ]
    let response = try await server.get(components.string!)
    try #require(response.status == 200, "query \(query) answered \(response.status): \(response.text)")
    let data = try #require(try response.json()["data"] as? [String: Any])
    try #require(data["resultType"] as? String == "streams", "\(response.text.prefix(500))")
    var entries: [QueriedLogEntry] = []
    for stream in data["result"] as? [[String: Any]] ?? [] {
      let labels = stream["stream"] as? [String: String] ?? [:]
      for value in stream["values"] as? [[Any]] ?? [] {
        let ns = Int64(value[0] as? String ?? "") ?? -1
        entries.append(QueriedLogEntry(labels: labels, timestampNs: ns, line: value[1] as? String ?? ""))
      }
    }
    return entries.sorted { $0.timestampNs < $1.timestampNs }
  }

  /// Polls until the query returns at least `count` entries (or the timeout passes), and returns them.
  static func waitFor(
    _ server: ServerProcess, _ query: String, count: Int = 1, timeout: Duration = .seconds(30)
  ) async throws -> [QueriedLogEntry] {
    let deadline = ContinuousClock.now + timeout
    var entries: [QueriedLogEntry] = []
    while ContinuousClock.now < deadline {
      entries = try await Self.entries(server, query)
      if entries.count >= count { return entries }
      try await Task.sleep(for: .milliseconds(200))
    }
    Issue.record("\(query): \(entries.count) of \(count) entries after \(timeout)\n\(server.log.suffix(3000))")
    return entries
  }
}
