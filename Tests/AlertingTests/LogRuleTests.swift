// Loki-ruler rules: LogQL metric queries evaluated at an instant over real log lines, recording
// their results and firing alerts like PromQL rules do.
import Alerting
import Testing
import WardenCore

@Suite struct LogRuleTests {
  let t0: Int64 = 1_700_000_000_000

  @Test func logRulesRecordAndAlertOnLogLines() async throws {
    let app = Labels(["job": "app", "host": "a"])
    let other = Labels(["job": "app", "host": "b"])
    var records: [(Labels, Int64, String)] = []
    for second in 0..<120 {
      let at = (t0 - 120_000 + Int64(second) * 1_000 + 500) * 1_000_000
      records.append((app, at, second % 2 == 0 ? "level=error msg=boom" : "level=info msg=ok"))
      records.append((other, at, "level=info msg=ok"))
    }
    let harness = RuleHarness(logSource: TestLogSource(records))
    try await harness.apply(
      """
      groups:
        - name: logs
          rules:
            - record: host:log_errors:count1m
              expr: sum by (host) (count_over_time({job="app"} |= "level=error" [1m]))
            - alert: ErrorBurst
              expr: sum by (host) (count_over_time({job="app"} |= "level=error" [1m])) > 20
              labels:
                severity: warning
      """, language: .logQL)
    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.store.seriesNamed("host:log_errors:count1m") == [series("host:log_errors:count1m", ["host": "a"])])
    #expect(harness.store.samples(series("host:log_errors:count1m", ["host": "a"])).map(\.1) == [30])
    let alert = try #require(harness.manager.activeAlerts().first)
    #expect(alert.labels == Labels(["alertname": "ErrorBurst", "host": "a", "severity": "warning"]))
    #expect(alert.state == .firing && alert.value == 30)
    #expect(harness.sender.all.count == 1)
    #expect(harness.rule("ErrorBurst")?.query.contains("count_over_time") == true)
  }

  @Test func withoutALogStoreLogRulesFailClearly() async throws {
    let harness = RuleHarness()
    try await harness.apply(
      "groups:\n  - name: logs\n    rules:\n      - record: r\n        expr: count_over_time({job=\"app\"}[1m])\n", language: .logQL)
    await harness.manager.evaluateAll(atMs: t0)
    #expect(harness.rule("r")?.health == .err)
    #expect(harness.rule("r")?.lastError.contains("log store") == true)
  }
}
