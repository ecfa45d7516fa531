// Prometheus (Debian's 2.42) with Warden as its Alertmanager: an alerting rule that fires
// is sent to Warden's /api/v2/alerts, listed there with Prometheus's labels, annotations and
// generator URL, and routed by Warden's `alerting:` configuration to the receiver its labels pick.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(3)))
struct PrometheusSendsAlertsTests {
  @Test func prometheusAlertsAreReceivedAndRouted() async throws {
    let directory = try TemporaryDirectory.make(prefix: "warden-alerting")
    let config = try AlertingTest.write(
      """
      alerting:
        route:
          receiver: default
          group_by: [alertname]
          group_wait: 1s
          routes:
            - matchers: ['team="infra"']
              receiver: infra-pager
        receivers:
          - name: default
          - name: infra-pager
      """, named: "warden.yml", in: directory)
    let server = try ServerProcess(arguments: ["--config", config])
    try await server.waitUntilReady()

    // Prometheus sends a firing alert when it first fires and then once a minute, and drops it
    // when it has not yet discovered its Alertmanagers (discovery settles within ~5 s): the rule
    // starts firing 10 s after the test starts, so its first send reaches Warden.
    let firesAt = Int(Date().timeIntervalSince1970) + 10
    let rules = try AlertingTest.write(
      """
      groups:
        - name: soon
          interval: 1s
          rules:
            - alert: AlwaysFiring
              expr: vector(time()) > \(firesAt)
              for: 0s
              labels:
                team: infra
                severity: page
              annotations:
                summary: "infra is paged"
      """, named: "rules.yml", in: directory)
    let prometheus = try PrometheusProcess(
      configuration: """
        global:
          evaluation_interval: 1s
        rule_files: ['\(rules)']
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:\(server.port)']
        """)
    try await prometheus.waitUntilReady()

    var received: [String: Any]?
    let arrived = try await AlertingTest.eventually(timeout: .seconds(60)) {
      let alerts = try JSONSerialization.jsonObject(with: try await server.get("/api/v2/alerts").body) as? [[String: Any]] ?? []
      received = alerts.first { ($0["labels"] as? [String: String])?["alertname"] == "AlwaysFiring" }
      return received != nil
    }
    #expect(arrived, "Prometheus's alert never reached Warden; Prometheus log:\n\(prometheus.log)")
    let alert = try #require(received)
    #expect(alert["labels"] as? [String: String] == ["alertname": "AlwaysFiring", "team": "infra", "severity": "page"])
    #expect((alert["annotations"] as? [String: String])?["summary"] == "infra is paged")
    #expect((alert["generatorURL"] as? String)?.contains(":\(prometheus.port)/graph?g0.expr=") == true, "\(alert)")
    #expect((alert["receivers"] as? [[String: String]])?.map { $0["name"] } == ["infra-pager"])

    // Routed: one group under the receiver the route picked, grouped by alertname.
    let groups = try #require(try JSONSerialization.jsonObject(with: try await server.get("/api/v2/alerts/groups").body) as? [[String: Any]])
    let group = try #require(groups.first { ($0["receiver"] as? [String: String])?["name"] == "infra-pager" }, "groups: \(groups)")
    #expect(group["labels"] as? [String: String] == ["alertname": "AlwaysFiring"])
    let grouped = try #require(group["alerts"] as? [[String: Any]])
    #expect(grouped.compactMap { ($0["labels"] as? [String: String])?["alertname"] } == ["AlwaysFiring"])
    #expect(!groups.contains { ($0["receiver"] as? [String: String])?["name"] == "default" })

    // Prometheus's own counters: it sent alerts and none of the sends failed.
    let counters = ExpositionText(try await HTTP.get(prometheus.baseURL.appendingPathComponent("metrics")).text)
    #expect((counters.byName["prometheus_notifications_sent_total"]?.first?.value ?? 0) > 0)
    #expect(counters.byName["prometheus_notifications_errors_total"]?.first?.value == 0)

    try await prometheus.stop()
    #expect(try await server.stop() == 0)
  }
}
