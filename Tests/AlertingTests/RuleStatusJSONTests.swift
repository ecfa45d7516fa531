// `/api/v1/rules` and `/api/v1/alerts` data in Prometheus's JSON shape, and the Go number and
// time texts it uses.
import Alerting
import Foundation
import Testing
import WardenCore

@Suite struct RuleStatusJSONTests {
  let t0: Int64 = 1_700_000_000_000

  @Test func rulesAndAlertsInPrometheusShape() async throws {
    let harness = RuleHarness()
    harness.store.add("up", ["instance": "a"], samples: [(t0 - 1_000, 0)])
    try await harness.apply(
      """
      groups:
        - name: g
          interval: 1m
          rules:
            - record: up:sum
              expr: sum(up)
            - alert: Down
              expr: up == 0
              for: 5m
              keep_firing_for: 1m
              labels:
                severity: page
              annotations:
                summary: down
      """)
    let before = RuleStatusJSON.rules(harness.manager.groupsStatus())
    #expect(before.contains("\"health\":\"unknown\""))
    #expect(before.contains("\"lastEvaluation\":\"0001-01-01T00:00:00Z\""))

    await harness.manager.evaluateAll(atMs: t0)
    let rules = try JSONSerialization.jsonObject(with: Data(RuleStatusJSON.rules(harness.manager.groupsStatus()).utf8)) as? [String: Any]
    let group = try #require((rules?["groups"] as? [[String: Any]])?.first)
    #expect(group["name"] as? String == "g")
    #expect(group["file"] as? String == "rules.yml")
    #expect(group["interval"] as? Double == 60)
    #expect(group["limit"] as? Int == 0)
    #expect(group["lastEvaluation"] as? String == "2023-11-14T22:13:20Z")
    let ruleList = try #require(group["rules"] as? [[String: Any]])
    #expect(ruleList[0]["type"] as? String == "recording")
    #expect(ruleList[0]["query"] as? String == "sum(up)")
    #expect(ruleList[0]["labels"] == nil)
    #expect(ruleList[0]["health"] as? String == "ok")
    let alerting = ruleList[1]
    #expect(alerting["type"] as? String == "alerting")
    #expect(alerting["state"] as? String == "pending")
    #expect(alerting["duration"] as? Double == 300)
    #expect(alerting["keepFiringFor"] as? Double == 60)
    #expect(alerting["labels"] as? [String: String] == ["severity": "page"])
    #expect(alerting["annotations"] as? [String: String] == ["summary": "down"])
    #expect(alerting["lastError"] == nil)
    let alert = try #require((alerting["alerts"] as? [[String: Any]])?.first)
    #expect(alert["state"] as? String == "pending")
    #expect(alert["value"] as? String == "0e+00")
    #expect(alert["activeAt"] as? String == "2023-11-14T22:13:20Z")
    #expect(alert["labels"] as? [String: String] == ["alertname": "Down", "instance": "a", "severity": "page"])

    let alerts = RuleStatusJSON.alerts(harness.manager.activeAlerts())
    #expect(alerts.hasPrefix("{\"alerts\":[{\"labels\":{\"alertname\":\"Down\",\"instance\":\"a\",\"severity\":\"page\"}"))
    #expect(alerts.contains("\"annotations\":{\"summary\":\"down\"},\"state\":\"pending\",\"activeAt\":\"2023-11-14T22:13:20Z\",\"value\":\"0e+00\"}"))
    #expect(!alerts.contains("keepFiringSince"))
  }
}
