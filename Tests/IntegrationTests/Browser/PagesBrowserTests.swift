// The overview, alerts and status pages in the real headless Chromium against a real `warden
// serve` with rules (one firing, one pending for an hour), a route with two groups, a webhook
// receiver nobody listens on (so delivery attempts fail and show in the history), and a scrape job
// on the server itself: the pages show that real data without console errors; a silence is
// created from an alert with its labels prefilled, appears in /api/v2/silences, the alert shows
// as silenced, and the silence is expired from the UI. Screenshots in .build/ui-screenshots/.
import Foundation
import Testing

@Suite(.serialized) struct PagesBrowserTests {
  /// A server with the rules, route and scrape job the scenarios look at, ready and with its
  /// first rule evaluation and host samples stored.
  private func startServer() async throws -> ServerProcess {
    let port = try FreePort.find()
    let deadPort = try FreePort.find()
    let directory = try TemporaryDirectory.make(prefix: "pages-browser")
    try """
    groups:
      - name: pages
        rules:
          - alert: PagesAlwaysFiring
            expr: vector(1) > 0
            for: 0s
            labels: {severity: warning, team: ops}
            annotations:
              summary: "Always firing, for the pages test"
              description: "Value {{ $value }}."
          - alert: PagesSlowPending
            expr: vector(1) > 0
            for: 1h
            labels: {severity: info}
            annotations: {summary: "Pending for an hour"}
          - record: job:up:sum
            expr: sum by (job) (up)
    """.write(to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
    let config = directory.appendingPathComponent("warden.yml")
    try """
    global:
      scrape_interval: 2s
      evaluation_interval: 1s
    rule_files: [rules.yml]
    scrape_configs:
      - job_name: self
        static_configs:
          - targets: ["127.0.0.1:\(port)"]
    alerting:
      route:
        receiver: hook
        group_by: [alertname]
        group_wait: 1s
        group_interval: 5s
        repeat_interval: 1m
      receivers:
        - name: hook
          webhook_configs:
            - url: http://127.0.0.1:\(deadPort)/hook
              timeout: 1s
    """.write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path], port: port)
    try await server.waitUntilReady()
    // The scenarios wait for data themselves; this only avoids starting the browser too early.
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
      let body = try? await server.get("/api/v1/alerts").json()
      let alerts = (body?["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
      if alerts.contains(where: { $0["state"] as? String == "firing" }) { break }
      try await Task.sleep(for: .milliseconds(200))
    }
    return server
  }

  @Test func overviewAlertsAndStatusShowRealDataWithoutConsoleErrors() async throws {
    let server = try await startServer()
    try await BrowserScenario.run("pages_views", server: server, options: ["alertname": "PagesAlwaysFiring", "pending": "PagesSlowPending"])
    try await server.stop()
  }

  @Test func silenceCreatedFromAnAlertThenExpiredInTheUI() async throws {
    let server = try await startServer()
    try await BrowserScenario.run("pages_silence", server: server, options: ["alertname": "PagesAlwaysFiring"])
    try await server.stop()
  }
}
