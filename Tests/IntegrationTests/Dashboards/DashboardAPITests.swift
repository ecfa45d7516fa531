// The dashboards API of the real `warden serve`: create, read, update with a version check,
// duplicate, delete; Grafana import with warnings; malformed documents refused with the field
// path, oversized ones with 413; the built-in Host dashboard there from the first start, its
// queries answering from the host collector, and a deleted one staying deleted after a restart.
import Foundation
import Testing
import WardenTesting

@Suite struct DashboardAPITests {
  private func sendJSON(_ server: ServerProcess, _ method: String, _ path: String, _ body: String) async throws -> HTTPResult {
    try await server.send(path, method: method, body: Data(body.utf8), headers: ["Content-Type": "application/json"])
  }

  private func data(_ result: HTTPResult) throws -> [String: Any] {
    let envelope = try result.json()
    #expect(envelope["status"] as? String == "success", "\(result.status) \(result.text)")
    return try #require(envelope["data"] as? [String: Any], "\(result.text)")
  }

  private func error(_ result: HTTPResult) throws -> String {
    let envelope = try result.json()
    #expect(envelope["status"] as? String == "error", "\(result.text)")
    return try #require(envelope["error"] as? String, "\(result.text)")
  }

  private func list(_ server: ServerProcess) async throws -> [[String: Any]] {
    let result = try await server.get("/api/v1/dashboards")
    #expect(result.status == 200)
    return try #require(try result.json()["data"] as? [[String: Any]])
  }

  static let document = #"""
    {"title": "Service", "tags": ["team"], "refresh": "5s",
     "variables": [{"name": "job", "type": "query", "query": "label_values(up, job)"}],
     "panels": [
       {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
        "targets": [{"refId": "A", "expr": "rate(http_requests_total{job=\"$job\"}[$__rate_interval])", "legend": "{{instance}}"}],
        "unit": "reqps"},
       {"id": 2, "type": "stat", "title": "Up", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
        "targets": [{"expr": "sum(up)"}], "thresholds": [{"value": null, "color": "#D55E00"}, {"value": 1, "color": "#009E73"}]}
     ]}
    """#

  @Test func createReadUpdateDuplicateAndDelete() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()

    let created = try await sendJSON(server, "POST", "/api/v1/dashboards", Self.document)
    #expect(created.status == 201, "\(created.text)")
    let dashboard = try data(created)
    let uid = try #require(dashboard["uid"] as? String)
    #expect(uid.count == 12)
    #expect(dashboard["version"] as? Int == 1)
    #expect((dashboard["created"] as? Double ?? 0) > 1_700_000_000)
    let panels = try #require(dashboard["panels"] as? [[String: Any]])
    #expect(panels.count == 2)
    #expect((panels[1]["targets"] as? [[String: Any]])?.first?["refId"] as? String == "A")

    let read = try await server.get("/api/v1/dashboards/\(uid)")
    #expect(read.status == 200)
    #expect(try data(read)["title"] as? String == "Service")

    // A chosen uid; taking it again is a conflict.
    let named = Self.document.replacingOccurrences(of: #"{"title": "Service""#, with: #"{"uid": "svc-1", "title": "Service""#)
    #expect(try await sendJSON(server, "POST", "/api/v1/dashboards", named).status == 201)
    let taken = try await sendJSON(server, "POST", "/api/v1/dashboards", named)
    #expect(taken.status == 409)
    #expect(try error(taken).contains("svc-1"))

    // Two editors start from version 1: the first save wins, the second is told.
    let edited = named.replacingOccurrences(of: #""title": "Service""#, with: #""title": "Service v2", "version": 1"#)
    let saved = try await sendJSON(server, "PUT", "/api/v1/dashboards/svc-1", edited)
    #expect(saved.status == 200, "\(saved.text)")
    #expect(try data(saved)["version"] as? Int == 2)
    #expect(try data(saved)["title"] as? String == "Service v2")
    let stale = try await sendJSON(server, "PUT", "/api/v1/dashboards/svc-1", edited)
    #expect(stale.status == 409)
    #expect(try error(stale).contains("version 2"))
    #expect(try await sendJSON(server, "PUT", "/api/v1/dashboards/nope", Self.document).status == 404)
    let wrongUID = try await sendJSON(server, "PUT", "/api/v1/dashboards/svc-1", named.replacingOccurrences(of: "svc-1", with: "other"))
    #expect(wrongUID.status == 400)

    let entries = try await list(server)
    let entry = try #require(entries.first { $0["uid"] as? String == "svc-1" })
    #expect(entry["title"] as? String == "Service v2")
    #expect(entry["panelCount"] as? Int == 2)
    #expect(entry["version"] as? Int == 2)
    #expect(entry["tags"] as? [String] == ["team"])

    let copy = try await server.post("/api/v1/dashboards/svc-1/duplicate")
    #expect(copy.status == 201)
    let copied = try data(copy)
    #expect(copied["title"] as? String == "Copy of Service v2")
    #expect(copied["uid"] as? String != "svc-1")
    #expect(copied["version"] as? Int == 1)
    #expect((copied["panels"] as? [Any])?.count == 2)
    #expect(try await server.post("/api/v1/dashboards/missing/duplicate").status == 404)

    let deleted = try await server.send("/api/v1/dashboards/svc-1", method: "DELETE", body: Data())
    #expect(deleted.status == 200)
    #expect(try await server.get("/api/v1/dashboards/svc-1").status == 404)
    #expect(try await server.send("/api/v1/dashboards/svc-1", method: "DELETE", body: Data()).status == 404)
    try await server.stop()
  }

  static let grafana = #"""
    {"dashboard": {
      "uid": "node-grafana", "title": "Node (Grafana)", "schemaVersion": 38, "tags": ["linux"],
      "templating": {"list": [
        {"name": "DS_PROMETHEUS", "type": "datasource", "query": "prometheus"},
        {"name": "instance", "type": "query", "datasource": "${DS_PROMETHEUS}", "query": {"query": "label_values(node_uname_info, instance)"}}
      ]},
      "panels": [
        {"type": "row", "id": 1, "title": "CPU", "collapsed": true, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": [
          {"type": "graph", "id": 2, "title": "Load", "datasource": "${DS_PROMETHEUS}", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8},
           "stack": true, "fill": 2, "yaxes": [{"format": "short"}, {"format": "short"}],
           "targets": [{"expr": "node_load1{instance=\"$instance\"}", "legendFormat": "{{instance}}", "refId": "A"}]}
        ]},
        {"type": "stat", "id": 3, "title": "Uptime", "gridPos": {"x": 0, "y": 9, "w": 6, "h": 4}, "datasource": {"type": "prometheus", "uid": "p"},
         "fieldConfig": {"defaults": {"unit": "s", "thresholds": {"steps": [{"color": "red", "value": null}, {"color": "green", "value": 300}]}}},
         "targets": [{"expr": "time() - node_boot_time_seconds", "refId": "A"}]},
        {"type": "piechart", "id": 4, "title": "Shares", "gridPos": {"x": 6, "y": 9, "w": 6, "h": 4}, "targets": [{"expr": "up", "refId": "A"}]}
      ]
    }, "meta": {"slug": "node"}}
    """#

  @Test func grafanaImportConvertsWithWarningsAndKeepsBoth() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()

    let dry = try await sendJSON(server, "POST", "/api/v1/dashboards/import?dryRun=true", Self.grafana)
    #expect(dry.status == 200, "\(dry.text)")
    #expect(try await server.get("/api/v1/dashboards/node-grafana").status == 404)

    let imported = try await sendJSON(server, "POST", "/api/v1/dashboards/import", Self.grafana)
    #expect(imported.status == 201, "\(imported.text)")
    let result = try data(imported)
    let warnings = try #require(result["warnings"] as? [String])
    #expect(warnings.contains(#"panel "Shares" (piechart): type not supported, skipped"#), "\(warnings)")
    #expect(warnings.contains { $0.hasPrefix(#"variable "DS_PROMETHEUS" (datasource)"#) })
    let dashboard = try #require(result["dashboard"] as? [String: Any])
    #expect(dashboard["uid"] as? String == "node-grafana")
    let panels = try #require(dashboard["panels"] as? [[String: Any]])
    #expect(panels.map { $0["type"] as? String } == ["row", "timeseries", "stat"])
    #expect(panels[0]["collapsed"] as? Bool == true)
    #expect(panels[1]["stack"] as? Bool == true)
    #expect((panels[1]["targets"] as? [[String: Any]])?.first?["legend"] as? String == "{{instance}}")
    let steps = try #require(panels[2]["thresholds"] as? [[String: Any]])
    #expect(steps.map { $0["color"] as? String } == ["#D55E00", "#009E73"])
    #expect(steps.first?["value"] is NSNull)
    let variables = try #require(dashboard["variables"] as? [[String: Any]])
    #expect(variables.map { $0["name"] as? String } == ["instance"])
    #expect(try await server.get("/api/v1/dashboards/node-grafana").status == 200)

    // Imported again: both are kept, the second under a new uid.
    let again = try await sendJSON(server, "POST", "/api/v1/dashboards/import", Self.grafana)
    #expect(again.status == 201)
    let againResult = try data(again)
    let newUID = try #require((againResult["dashboard"] as? [String: Any])?["uid"] as? String)
    #expect(newUID != "node-grafana")
    #expect((againResult["warnings"] as? [String])?.last == #"uid "node-grafana" is already used by another dashboard; imported as "\#(newUID)""#)

    // Our own format imports too, with no warnings.
    let own = try await sendJSON(server, "POST", "/api/v1/dashboards/import", Self.document)
    #expect(own.status == 201)
    #expect((try data(own)["warnings"] as? [String]) == [])

    let notJSON = try await sendJSON(server, "POST", "/api/v1/dashboards/import", #"{"dashboard": {"title": "x",,}}"#)
    #expect(notJSON.status == 400)
    #expect(try error(notJSON) == "invalid JSON at byte 28: expected a string key, got ','")
    try await server.stop()
  }

  @Test func malformedAndOversizedDocumentsAreRefused() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()

    let badWidth = Self.document.replacingOccurrences(of: #""x": 12, "y": 0, "w": 12"#, with: #""x": 12, "y": 0, "w": 0"#)
    let refused = try await sendJSON(server, "POST", "/api/v1/dashboards", badWidth)
    #expect(refused.status == 400)
    let envelope = try refused.json()
    #expect(envelope["errorType"] as? String == "bad_data")
    #expect(envelope["error"] as? String == "panels[1].gridPos.w: must be 1 to 24")

    let noTitle = try await sendJSON(server, "POST", "/api/v1/dashboards", #"{"panels": []}"#)
    #expect(try error(noTitle) == "title: must not be empty")
    #expect(try await sendJSON(server, "POST", "/api/v1/dashboards", "").status == 400)

    // Over 2 MiB: 413 in the API's envelope.
    let padding = String(repeating: "x", count: 2 * 1024 * 1024)
    let huge = try await sendJSON(server, "POST", "/api/v1/dashboards", #"{"title": "T", "description": "\#(padding)"}"#)
    #expect(huge.status == 413)
    #expect(try error(huge).contains("over the limit of 2097152 bytes"))

    // Random mutations of a valid document: always created or refused, never a server error.
    var random = SeededGenerator(seed: 8)
    let bytes = Array(Self.document.utf8)
    for _ in 0..<60 {
      var mutated = bytes
      for _ in 0..<3 {
        let index = Int.random(in: 0..<mutated.count, using: &random)
        if Bool.random(using: &random) {
          mutated[index] = Array(#"{}[],:"0123456789-"#.utf8).randomElement(using: &random)!
        } else {
          mutated.remove(at: index)
        }
      }
      let result = try await server.send("/api/v1/dashboards", method: "POST", body: Data(mutated), headers: ["Content-Type": "application/json"])
      #expect(result.status == 201 || result.status == 400, "\(result.status) \(result.text)")
    }
    #expect(server.process.isRunning)
    try await server.stop()
  }

  @Test func hostDashboardIsThereFromTheFirstStartAndADeleteSticks() async throws {
    let configDirectory = try TemporaryDirectory.make(prefix: "warden-config")
    let config = configDirectory.appendingPathComponent("warden.yml")
    try "global:\n  scrape_interval: 1s\n".write(to: config, atomically: true, encoding: .utf8)
    let data = try TemporaryDirectory.make(prefix: "warden-data")
    var server = try ServerProcess(arguments: ["--config", config.path], dataDirectory: data)
    try await server.waitUntilReady()

    let entries = try await list(server)
    let host = try #require(entries.first { $0["uid"] as? String == "host" })
    #expect(host["title"] as? String == "Host")
    #expect((host["tags"] as? [String])?.contains("builtin") == true)
    let document = try self.data(try await server.get("/api/v1/dashboards/host"))
    let panels = try #require(document["panels"] as? [[String: Any]])
    #expect(panels.count >= 10)

    // Every panel's query answers from the host collector's own metrics.
    var instance = ""
    for _ in 0..<100 where instance.isEmpty {
      let values = try await server.get("/api/v1/label/instance/values?match%5B%5D=node_uname_info%7Bjob%3D%22warden%22%7D")
      instance = ((try? values.json())?["data"] as? [String])?.first ?? ""
      if instance.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
    }
    #expect(!instance.isEmpty)
    try await Task.sleep(for: .seconds(3))  // a few scrapes, so rates have two points
    for panel in panels {
      for target in panel["targets"] as? [[String: Any]] ?? [] {
        let expr = (target["expr"] as? String ?? "").replacingOccurrences(of: "$__rate_interval", with: "1m")
          .replacingOccurrences(of: "$instance", with: instance)
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "query", value: expr)]
        let query = components.percentEncodedQuery!.replacingOccurrences(of: "+", with: "%2B")
        let answer = try await server.get("/api/v1/query?\(query)")
        #expect(answer.status == 200, "\(panel["title"] ?? ""): \(answer.text)")
        let result = ((try? answer.json())?["data"] as? [String: Any])?["result"] as? [Any]
        #expect(result?.isEmpty == false, "\(panel["title"] ?? ""): \(expr) gave no data")
      }
    }

    #expect(try await server.send("/api/v1/dashboards/host", method: "DELETE", body: Data()).status == 200)
    try await server.stop()
    server = try ServerProcess(arguments: ["--config", config.path], dataDirectory: data)
    try await server.waitUntilReady()
    #expect(try await server.get("/api/v1/dashboards/host").status == 404)
    #expect(try await list(server).contains { $0["uid"] as? String == "host" } == false)
    try await server.stop()
  }
}
