// Templates written the way Alertmanager's default.tmpl and Prometheus's annotation templates are
// written, over data shaped like theirs: objects with methods (`.Alerts.Firing`,
// `.CommonLabels.SortedPairs`, `.Remove`), caller functions piped into, and missingkey=zero labels.
import Testing
@testable import GoTemplate

@Suite("GoTemplate with Alertmanager-style data")
struct AlertmanagerTemplateTests {
  private static let startsAt: Int64 = 1_795_255_200 * 1_000_000_000

  private static var data: TemplateData {
    let first = AlertmanagerData.alert(
      status: "firing", labels: ["alertname": "HighCPU", "instance": "a:9100", "severity": "critical"],
      annotations: ["summary": "CPU high on a"], startsAt: startsAt)
    let second = AlertmanagerData.alert(
      status: "firing", labels: ["alertname": "HighCPU", "instance": "b:9100", "severity": "critical"],
      annotations: ["summary": "CPU high on b"], startsAt: startsAt + 60_000_000_000)
    let resolved = AlertmanagerData.alert(
      status: "resolved", labels: ["alertname": "HighCPU", "instance": "c:9100", "severity": "warning"],
      annotations: [:], startsAt: startsAt)
    return .object(
      TemplateObject(
        typeName: "template.Data",
        fields: [
          "Receiver": .string("team-x"), "Status": .string("firing"),
          "Alerts": AlertmanagerData.alerts([first, second, resolved]),
          "GroupLabels": AlertmanagerData.kv(["alertname": "HighCPU"]),
          "CommonLabels": AlertmanagerData.kv(["alertname": "HighCPU", "severity": "critical"]),
          "CommonAnnotations": AlertmanagerData.kv([:]),
          "ExternalURL": .string("http://alertmanager:9093"),
        ]))
  }

  private static let templates = """
    {{ define "__subject" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] \
    {{ .GroupLabels.SortedPairs.Values | join " " }} {{ if gt (len .CommonLabels) (len .GroupLabels) }}\
    ({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join " " }}{{ end }}){{ end }}{{ end }}

    {{ define "__text_alert_list" }}{{ range . }}Labels:
    {{ range .Labels.SortedPairs }} - {{ .Name }} = {{ .Value }}
    {{ end }}Annotations:
    {{ range .Annotations.SortedPairs }} - {{ .Name }} = {{ .Value }}
    {{ end }}Source: {{ .GeneratorURL }}
    {{ end }}{{ end }}

    {{ define "slack.text" }}{{ if gt (len .Alerts.Firing) 0 }}**Firing**
    {{ template "__text_alert_list" .Alerts.Firing }}{{ end }}\
    {{ if gt (len .Alerts.Resolved) 0 }}**Resolved**
    {{ template "__text_alert_list" .Alerts.Resolved }}{{ end }}{{ end }}
    """

  private func run(_ name: String) async throws -> String {
    var set = TemplateSet(functions: AlertmanagerData.functions, options: {
      var options = TemplateOptions()
      options.missingKeyIsZero = true
      return options
    }())
    try set.parse(Self.templates, name: "default.tmpl")
    return await TemplateRun.output(set, name, data: Self.data)
  }

  @Test("the subject line of Alertmanager's default template")
  func subject() async throws {
    #expect(try await run("__subject") == "[FIRING:2] HighCPU (critical)")
  }

  @Test("alert lists through Firing/Resolved and SortedPairs")
  func alertList() async throws {
    let expected = """
      **Firing**
      Labels:
       - alertname = HighCPU
       - instance = a:9100
       - severity = critical
      Annotations:
       - summary = CPU high on a
      Source: http://prometheus/graph?g0.expr=up
      Labels:
       - alertname = HighCPU
       - instance = b:9100
       - severity = critical
      Annotations:
       - summary = CPU high on b
      Source: http://prometheus/graph?g0.expr=up
      **Resolved**
      Labels:
       - alertname = HighCPU
       - instance = c:9100
       - severity = warning
      Annotations:
      Source: http://prometheus/graph?g0.expr=up

      """
    #expect(try await run("slack.text") == expected)
  }

  @Test("ranging over objects and reading labels directly")
  func directAccess() async {
    let text = "{{ range .Alerts.Firing }}{{ .Labels.alertname }}@{{ .Labels.instance }} {{ end }}|{{ .CommonLabels }}|{{ .GroupLabels.missing }}|{{ .CommonLabels.SortedPairs }}"
    #expect(
      await TemplateRun.text(text, Self.data, functions: AlertmanagerData.functions)
        == "HighCPU@a:9100 HighCPU@b:9100 |map[alertname:HighCPU severity:critical]|<no value>|[{alertname HighCPU} {severity critical}]")
    #expect(await TemplateRun.text("{{ (index .Alerts 1).StartsAt.Format \"15:04\" }} {{ len .Alerts }} {{ .Alerts.Resolved.Firing | len }}", Self.data) == "10:01 3 0")
    #expect(await TemplateRun.text("{{ range $i, $a := .Alerts }}{{ if $i }},{{ end }}{{ $a.Status }}{{ end }}", Self.data) == "firing,firing,resolved")
    #expect(await TemplateRun.text("{{ .Alerts.Nope }}", Self.data).contains("can't evaluate field Nope in type template.Alerts"))
  }

  @Test("Prometheus annotation expansion: $labels, $value and missingkey=zero")
  func prometheusAnnotation() async {
    var options = TemplateOptions()
    options.missingKeyIsZero = true
    let functions = TemplateFunctions.builtins.merging(
      TemplateFunctions([
        "humanize": TemplateFunction(arity: 1...1) { arguments in
          guard case .float(let value) = arguments[0] else { return arguments[0] }
          return .string(value >= 1000 ? GoPrintf.format("%.4gk", [.float(value / 1000)]) : GoPrintf.format("%.4g", [.float(value)]))
        }
      ]))
    let data = TemplateData.map([
      "Labels": .map(["instance": .string("a:9100"), "job": .string("node")]),
      "ExternalLabels": .map(["cluster": .string("eu1")]),
      "Value": .float(1234.5),
    ])
    let text = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$value := .Value}}"
      + "{{ $labels.instance }} of job {{ $labels.job }} ({{ $externalLabels.cluster }}) is at {{ $value | humanize }}"
      + " [{{ $labels.missing }}] {{ printf \"%.2f\" $value }}"
    #expect(await TemplateRun.text(text, data, functions: functions, options: options) == "a:9100 of job node (eu1) is at 1.234k [] 1234.50")
  }
}
