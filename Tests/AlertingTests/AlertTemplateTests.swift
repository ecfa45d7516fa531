// Alert labels and annotations expanded as Prometheus expands them: `$labels`, `$value`,
// `$externalLabels`, `$externalURL`, Prometheus's functions and Go's, missing keys as empty,
// and `<error expanding template: ...>` in place of a template that fails.
import Alerting
import Testing
import WardenCore

@Suite struct AlertTemplateTests {
  let t0: Int64 = 1_700_000_000_000

  func harness() -> RuleHarness {
    var options = RuleManagerOptions()
    options.externalLabels = Labels(["cluster": "eu-1"])
    options.externalURL = "https://warden.example.com/prefix"
    let harness = RuleHarness(options: options)
    harness.store.add("node_load1", ["instance": "web-1.example.com:9100", "job": "node"], samples: [(t0 - 1_000, 1234567)])
    harness.store.add("node_cpus", ["instance": "web-1.example.com:9100"], samples: [(t0 - 1_000, 8)])
    return harness
  }

  @Test func annotationsSeeLabelsValueExternalLabelsAndURL() async throws {
    let harness = harness()
    try await harness.apply(
      """
      groups:
        - name: g
          rules:
            - alert: HighLoad
              expr: node_load1 > 10
              labels:
                severity: "{{ if gt $value 1000.0 }}page{{ else }}ticket{{ end }}"
                host: "{{ $labels.instance | stripPort | stripDomain }}"
              annotations:
                summary: "Load {{ $value | humanize }} on {{ $labels.instance }} ({{ $labels.job | toUpper }})"
                where: "{{ $externalLabels.cluster }} {{ $externalURL }} {{ pathPrefix }}"
                missing: "[{{ $labels.nosuchlabel }}]"
                cpus: "{{ with printf `node_cpus{instance=%q}` $labels.instance | query }}{{ . | first | value }}{{ end }}"
                name: "{{ $labels.__name__ | title }}"
      """)
    await harness.manager.evaluateAll(atMs: t0)
    let alert = try #require(harness.manager.activeAlerts().first)
    #expect(alert.labels == Labels(["alertname": "HighLoad", "host": "web-1", "instance": "web-1.example.com:9100", "job": "node", "severity": "page"]))
    #expect(alert.annotations["summary"] == "Load 1.235M on web-1.example.com:9100 (NODE)")
    #expect(alert.annotations["where"] == "eu-1 https://warden.example.com/prefix /prefix")
    #expect(alert.annotations["missing"] == "[]")
    #expect(alert.annotations["cpus"] == "8")
    #expect(alert.annotations["name"] == "Node_load1")
    #expect(harness.sender.all.first?.labels["host"] == "web-1")
  }

  @Test func aFailingTemplateLeavesPrometheusErrorText() async throws {
    let harness = harness()
    try await harness.apply(
      """
      groups:
        - name: g
          rules:
            - alert: Broken
              expr: node_load1
              annotations:
                summary: "{{ query \\"nosuch_metric\\" | first | value }}"
      """)
    await harness.manager.evaluateAll(atMs: t0)
    let summary = try #require(harness.manager.activeAlerts().first?.annotations["summary"])
    #expect(summary.hasPrefix("<error expanding template: error executing template __alert_Broken: template: __alert_Broken:1:"))
    #expect(summary.contains("first() called on vector with no elements"))
    #expect(harness.rule("Broken")?.health == .ok, "a template failure is not a rule failure")
  }
}
