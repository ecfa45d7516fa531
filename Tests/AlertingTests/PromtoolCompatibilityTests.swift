// The real `promtool check rules` and Warden's loader on the same files: what promtool accepts
// we accept, what it rejects we reject. (Prometheus 3's group `labels` and `query_offset` are
// left out: the promtool here is 2.42, which predates them.)
import Alerting
import ConfigDecoding
import Foundation
import Testing

/// Where Debian's prometheus package installs promtool.
let promtoolPath = "/usr/bin/promtool"

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: promtoolPath), "promtool is not installed (make test installs it)"))
struct PromtoolCompatibilityTests {
  static let promtool = promtoolPath

  static let files: [(name: String, yaml: String)] = [
    ("valid-full", """
      groups:
        - name: node
          interval: 30s
          limit: 5
          rules:
            - record: instance:node_cpu:rate5m
              expr: sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[5m]))
              labels:
                source: recorded
            - alert: HighCPU
              expr: |
                instance:node_cpu:rate5m
                  > 0.9
              for: 10m
              keep_firing_for: 5m
              labels:
                severity: page
              annotations:
                summary: "High CPU on {{ $labels.instance }}"
                description: "{{ $value | humanizePercentage }} busy since {{ with query \\"time()\\" }}{{ . | first | value | humanizeTimestamp }}{{ end }}"
                runbook: "{{ externalURL }}/runbooks/{{ $labels.instance | stripPort | toLower }}"
      """),
    ("valid-minimal", "groups:\n  - name: g\n    rules:\n      - alert: Up\n        expr: up\n"),
    ("valid-empty", ""),
    ("valid-no-rules", "groups:\n  - name: g\n    rules: []\n"),
    ("valid-record-zero-for", "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        for: 0s\n        annotations: {}\n"),
    ("valid-matrix-expr", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up[5m]\n"),
    ("valid-string-expr", "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: '\"hello\"'\n"),
    ("valid-null-annotation", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        annotations:\n          summary:\n"),
    ("valid-spaces-in-alert", "groups:\n  - name: g\n    interval: 0s\n    limit: -1\n    rules:\n      - alert: Name with spaces\n        expr: up\n"),
    ("valid-record-template-label", "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        labels:\n          x: \"{{ bad\"\n"),
    ("valid-same-group-name-other-file", "groups:\n  - name: a\n    rules: []\n  - name: b\n    rules: []\n"),
    ("invalid-no-group-name", "groups:\n  - rules:\n      - alert: X\n        expr: up\n"),
    ("invalid-repeated-group", "groups:\n  - name: a\n    rules: []\n  - name: a\n"),
    ("invalid-both-kinds", "groups:\n  - name: g\n    rules:\n      - record: a:b\n        alert: X\n        expr: up\n"),
    ("invalid-no-kind", "groups:\n  - name: g\n    rules:\n      - expr: up\n"),
    ("invalid-empty-expr", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: \"\"\n"),
    ("invalid-expr", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up +\n"),
    ("invalid-block-expr", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: |\n          sum(rate(x[5m]))\n            > on() bogus(\n"),
    ("invalid-record-name", "groups:\n  - name: g\n    rules:\n      - record: job up\n        expr: up\n"),
    ("invalid-record-for", "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        for: 1m\n"),
    ("invalid-record-keep-firing", "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        keep_firing_for: 1m\n"),
    ("invalid-record-annotations", "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        annotations:\n          a: b\n"),
    ("invalid-label-name", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        labels:\n          bad-name: x\n"),
    ("invalid-metric-name-label", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        labels:\n          __name__: x\n"),
    ("invalid-annotation-name", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        annotations:\n          1x: y\n"),
    ("invalid-unknown-field", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expresion: up\n"),
    ("invalid-duration", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        for: banana\n"),
    ("invalid-unclosed-template", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        annotations:\n          summary: \"{{ .Foo \"\n"),
    ("invalid-unknown-function", "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        labels:\n          team: \"{{ nosuchfunction }}\"\n"),
    ("invalid-yaml", "groups:\n  - name: g\n   rules: [\n"),
  ]

  @Test(arguments: files.map(\.name))
  func acceptsWhatPromtoolAcceptsAndRejectsWhatItRejects(_ name: String) throws {
    let yaml = try #require(Self.files.first { $0.name == name }).yaml
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/\(name).yml"
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.promtool)
    process.arguments = ["check", "rules", path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let promtoolAccepts = process.terminationStatus == 0

    let ours = Result { () throws(ConfigError) -> [RuleGroup] in try RuleFileLoader.load(path: path) }
    var ourError = ""
    if case .failure(let error) = ours { ourError = error.description }
    #expect(promtoolAccepts == ourError.isEmpty, "promtool: \(text)\nwarden: \(ourError)")
    #expect(promtoolAccepts == name.hasPrefix("valid"), "promtool: \(text)")
  }
}
