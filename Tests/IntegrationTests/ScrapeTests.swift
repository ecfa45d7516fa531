// Warden's scrape manager against real targets: node_exporter, the Pushgateway and the blackbox
// exporter, configured in Prometheus's scrape_configs shape; /api/v1/targets in Prometheus's
// shape; a broken page marks its target down with the line and problem; a target removed from a
// file_sd file gets staleness markers; relabeling and the synthetic series are stored; a scrape cut
// short by shutdown stores no failure.
import Foundation
import Testing
import WardenCore

@Suite(.timeLimit(.minutes(3)))
struct ScrapeTests {
  private func targets(_ server: ServerProcess, state: String = "any") async throws -> [String: Any] {
    let json = try await server.get("/api/v1/targets?state=\(state)").json()
    #expect(json["status"] as? String == "success")
    return try #require(json["data"] as? [String: Any])
  }

  private func waitForScrapes(_ server: ServerProcess, count: Int, timeout: Duration = .seconds(20)) async throws -> [[String: Any]] {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let active = try await targets(server)["activeTargets"] as? [[String: Any]] ?? []
      if active.count >= count && active.allSatisfy({ ($0["health"] as? String) != "unknown" }) { return active }
      try await Task.sleep(for: .milliseconds(200))
    }
    Issue.record("targets were not all scraped in time: \(try await targets(server))\n\(server.log)")
    return []
  }

  @Test func scrapesRealExportersAndReportsTargets() async throws {
    let exporter = try NodeExporterProcess()
    let pushgateway = try PeerProcess(
      tool: "prometheus-pushgateway", package: "prometheus-pushgateway",
      arguments: { port, directory in ["--web.listen-address=127.0.0.1:\(port)", "--persistence.file=\(directory.path)/metrics.store"] })
    let blackboxConfig = try TemporaryDirectory.make(prefix: "blackbox").appendingPathComponent("blackbox.yml")
    try "modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n".write(to: blackboxConfig, atomically: true, encoding: .utf8)
    let blackbox = try PeerProcess(
      tool: "prometheus-blackbox-exporter", package: "prometheus-blackbox-exporter",
      arguments: { port, _ in ["--config.file=\(blackboxConfig.path)", "--web.listen-address=127.0.0.1:\(port)"] })
    try await exporter.waitUntilUp()
    try await pushgateway.waitUntilUp(path: "/-/ready")
    try await blackbox.waitUntilUp(path: "/-/ready")
    let push = try await HTTP.send(
      URL(string: "http://127.0.0.1:\(pushgateway.port)/metrics/job/backup/instance/db1")!, method: "PUT",
      body: Data("# TYPE backup_last_success_timestamp_seconds gauge\nbackup_last_success_timestamp_seconds 1700000000\n".utf8))
    #expect(push.status == 200)

    let broken = try StaticPageServer(body: "ok_metric 1\nbad metric{ 2\n")
    let brokenPort = broken.port
    try await broken.peer.waitUntilUp(path: "/metrics")

    let config = try TemporaryDirectory.make(prefix: "warden-config").appendingPathComponent("warden.yml")
    try """
      global:
        scrape_interval: 1s
        scrape_timeout: 1s
      scrape_configs:
        - job_name: node
          static_configs:
            - targets: ['127.0.0.1:\(exporter.port)']
              labels: {env: test}
          metric_relabel_configs:
            - source_labels: [__name__]
              regex: node_scrape_collector_.*
              action: drop
        - job_name: pushgateway
          honor_labels: true
          static_configs:
            - targets: ['127.0.0.1:\(pushgateway.port)']
        - job_name: blackbox
          metrics_path: /probe
          params:
            module: [http_2xx]
          static_configs:
            - targets: ['http://127.0.0.1:\(exporter.port)/metrics']
          relabel_configs:
            - source_labels: [__address__]
              target_label: __param_target
            - source_labels: [__param_target]
              target_label: instance
            - target_label: __address__
              replacement: 127.0.0.1:\(blackbox.port)
        - job_name: broken
          static_configs:
            - targets: ['127.0.0.1:\(brokenPort)']
        - job_name: dropped
          static_configs:
            - targets: ['127.0.0.1:1']
          relabel_configs:
            - action: drop
              source_labels: [__address__]
              regex: '127\\.0\\.0\\.1:1'
      """.write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    try await server.waitUntilReady()
    let active = try await waitForScrapes(server, count: 4)
    let byPool = Dictionary(grouping: active) { $0["scrapePool"] as? String ?? "" }

    let node = try #require(byPool["node"]?.first)
    #expect(node["health"] as? String == "up", "\(node)")
    #expect(node["scrapeUrl"] as? String == "http://127.0.0.1:\(exporter.port)/metrics")
    #expect((node["labels"] as? [String: String]) == ["instance": "127.0.0.1:\(exporter.port)", "job": "node", "env": "test"])
    #expect((node["discoveredLabels"] as? [String: String])?["__address__"] == "127.0.0.1:\(exporter.port)")
    #expect(node["scrapeInterval"] as? String == "1s")
    #expect((node["lastScrapeDuration"] as? Double ?? 0) > 0)
    #expect((node["lastScrape"] as? String ?? "").hasPrefix("20"))

    let probe = try #require(byPool["blackbox"]?.first)
    #expect(probe["health"] as? String == "up", "\(probe)")
    #expect((probe["scrapeUrl"] as? String)?.contains("/probe?module=http_2xx&target=http") == true, "\(probe)")
    #expect((probe["labels"] as? [String: String])?["instance"] == "http://127.0.0.1:\(exporter.port)/metrics")

    let brokenTarget = try #require(byPool["broken"]?.first)
    #expect(brokenTarget["health"] as? String == "down")
    let lastError = brokenTarget["lastError"] as? String ?? ""
    #expect(lastError.contains("line 2"), "lastError: \(lastError)")

    let dropped = try await targets(server, state: "dropped")
    #expect((dropped["activeTargets"] as? [Any])?.isEmpty == true)
    let droppedTargets = dropped["droppedTargets"] as? [[String: Any]] ?? []
    #expect(droppedTargets.contains { ($0["discoveredLabels"] as? [String: String])?["__address__"] == "127.0.0.1:1" })
    #expect(try await server.get("/api/v1/targets?state=bogus").status == 400)

    try await Task.sleep(for: .seconds(2))
    try await server.stop()
    // Everything but the built-in host collector's own series (job "warden").
    let stored = try StoreReader.samples(dataDirectory: server.dataDirectory, [try LabelMatcher(.notEqual, "job", "warden")])
    let names = Set(stored.keys.compactMap { key in key.split(separator: ",").first { $0.hasPrefix("__name__=") }.map { String($0.dropFirst(9)) } })
    #expect(names.contains("node_cpu_seconds_total"))
    #expect(!names.contains { $0.hasPrefix("node_scrape_collector_") }, "metric_relabel_configs drop did not apply")
    #expect(names.isSuperset(of: ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"]))
    #expect(names.contains("probe_success"))
    // honor_labels keeps the pushed job and instance.
    #expect(stored.keys.contains { $0.contains("__name__=backup_last_success_timestamp_seconds") && $0.contains("instance=db1") && $0.contains("job=backup") })
    // The broken target is down: up 0.
    let brokenUp = stored.first { $0.key.contains("__name__=up") && $0.key.contains("job=broken") }?.value
    #expect(brokenUp?.allSatisfy { $0.1 == 0 || $0.1.isStaleMarker } == true)
    let nodeUp = stored.first { $0.key.contains("__name__=up") && $0.key.contains("job=node") }?.value ?? []
    // Every scrape stores up 1: no stale marker between scrapes (a marker at a scrape's own time
    // would collide with that scrape's `up` and lose it).
    #expect(nodeUp.filter { $0.1 == 1 }.count >= 2, "\(nodeUp)")
    #expect(nodeUp.dropLast().allSatisfy { $0.1 == 1 }, "\(nodeUp)")
    // Shutdown marks every scraped series stale.
    #expect(nodeUp.last?.1.isStaleMarker == true)
    withExtendedLifetime((pushgateway, blackbox, broken)) {}
  }

  @Test func fileSDChangesStartAndStopTargets() async throws {
    let exporter = try NodeExporterProcess()
    try await exporter.waitUntilUp()
    let directory = try TemporaryDirectory.make(prefix: "warden-filesd")
    let targetsFile = directory.appendingPathComponent("targets.json")
    try #"[{"targets": ["127.0.0.1:\#(exporter.port)"], "labels": {"team": "infra"}}]"#.write(to: targetsFile, atomically: true, encoding: .utf8)
    let config = directory.appendingPathComponent("warden.yml")
    try """
      global:
        scrape_interval: 1s
        scrape_timeout: 1s
      scrape_configs:
        - job_name: filesd
          file_sd_configs:
            - files: ['\(directory.path)/*.json']
              refresh_interval: 1s
      """.write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    try await server.waitUntilReady()
    let active = try await waitForScrapes(server, count: 1)
    let labels = active.first?["labels"] as? [String: String]
    #expect(labels?["team"] == "infra")
    #expect((active.first?["discoveredLabels"] as? [String: String])?["__meta_filepath"] == targetsFile.path)

    // The target leaves the file: its loop stops and its series go stale.
    try "[]".write(to: targetsFile, atomically: true, encoding: .utf8)
    var remaining = 1
    for _ in 0..<50 where remaining > 0 {
      try await Task.sleep(for: .milliseconds(200))
      remaining = (try await targets(server)["activeTargets"] as? [Any])?.count ?? -1
    }
    #expect(remaining == 0)
    try await server.stop()
    let stored = try StoreReader.samples(dataDirectory: server.dataDirectory, [try LabelMatcher(.equal, "job", "filesd")])
    #expect(stored.count > 100)
    #expect(stored.values.allSatisfy { $0.last?.1.isStaleMarker == true })
  }

  /// Python's http.server answers /page with a 301 to /page/: followed by default, a failure
  /// naming the status with follow_redirects: false.
  @Test func followRedirectsIsHonoured() async throws {
    let root = try TemporaryDirectory.make(prefix: "redirect")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("page"), withIntermediateDirectories: true)
    try "redirected_metric 1\n".write(to: root.appendingPathComponent("page/index.html"), atomically: true, encoding: .utf8)
    let site = try PeerProcess(tool: "python3", package: "python3") { port, _ in
      ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", root.path]
    }
    try await site.waitUntilUp(path: "/page/")
    let config = root.appendingPathComponent("warden.yml")
    try """
      global:
        scrape_interval: 1s
      scrape_configs:
        - job_name: follows
          metrics_path: /page
          static_configs:
            - targets: ['127.0.0.1:\(site.port)']
        - job_name: stops
          metrics_path: /page
          follow_redirects: false
          static_configs:
            - targets: ['127.0.0.1:\(site.port)']
      """.write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    try await server.waitUntilReady()
    let active = try await waitForScrapes(server, count: 2)
    let byPool = Dictionary(grouping: active) { $0["scrapePool"] as? String ?? "" }
    #expect(byPool["follows"]?.first?["health"] as? String == "up", "\(byPool["follows"] ?? [])")
    #expect(byPool["stops"]?.first?["health"] as? String == "down")
    #expect((byPool["stops"]?.first?["lastError"] as? String)?.contains("301") == true, "\(byPool["stops"] ?? [])")
    try await server.stop()
  }

  /// A scrape still waiting for its target when the server stops was not a failed scrape: it
  /// stores no `up` 0, only the staleness markers of the shutdown. The target (Python's HTTP
  /// server) notes each request in a file and answers 1.5 s later, so the test stops Warden while
  /// its second scrape waits.
  @Test func shutdownDuringAScrapeStoresNoFailure() async throws {
    let directory = try TemporaryDirectory.make(prefix: "slow-target")
    let requests = directory.appendingPathComponent("requests").path
    let script = """
      import http.server, sys, time
      class Slow(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              with open(sys.argv[2], "a") as log: log.write(self.path + "\\n")
              time.sleep(1.5)
              body = b"slow_metric 1\\n"
              self.send_response(200)
              self.send_header("Content-Type", "text/plain; version=0.0.4")
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args): pass
      http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Slow).serve_forever()
      """
    let target = try PeerProcess(tool: "python3", package: "python3") { port, _ in ["-c", script, String(port), requests] }
    try await target.waitUntilUp(path: "/metrics")
    func requestCount() -> Int {
      ((try? String(contentsOfFile: requests, encoding: .utf8)) ?? "").split(separator: "\n").count
    }
    let before = requestCount()

    let config = try TemporaryDirectory.make(prefix: "warden-config").appendingPathComponent("warden.yml")
    try """
      global: {scrape_interval: 3s, scrape_timeout: 3s}
      scrape_configs:
        - job_name: slow
          static_configs: [{targets: ['127.0.0.1:\(target.port)']}]
      """.write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    try await server.waitUntilReady()
    let deadline = ContinuousClock.now + .seconds(30)
    while requestCount() < before + 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    #expect(requestCount() >= before + 2, "Warden scraped the slow target fewer than twice in 30 s")
    try await server.stop()

    let stored = try StoreReader.samples(dataDirectory: server.dataDirectory, [try LabelMatcher(.equal, "job", "slow")])
    let up = stored.first { $0.key.contains("__name__=up") }?.value ?? []
    #expect(up.first?.1 == 1, "the first scrape's up: \(up)")
    #expect(up.allSatisfy { $0.1 == 1 || $0.1.isStaleMarker }, "a scrape cut short by the shutdown stored up 0: \(up)")
    #expect(up.last?.1.isStaleMarker == true, "\(up)")
    withExtendedLifetime(target) {}
  }
}
