// Rule files in Prometheus's format: what a valid file loads into, and every check
// `promtool check rules` makes, reported at the file's line and column with the group and rule.
import Alerting
import ConfigDecoding
import Foundation
import PromQL
import Testing
import WardenCore

@Suite struct RuleFileLoadingTests {
  @Test func loadsGroupsRulesAndTheirSettings() throws {
    let groups = try RuleFileLoader.parse(
      """
      groups:
        - name: node
          interval: 30s
          limit: 10
          query_offset: 1m
          labels:
            team: infra
          rules:
            - record: job:up:sum
              expr: sum by (job) (up)
              labels:
                source: rules
            - alert: InstanceDown
              expr: up == 0
              for: 5m
              keep_firing_for: 2m
              labels:
                severity: page
                team: sre
              annotations:
                summary: Instance down
        - name: other
          rules: []
      """, file: "rules.yml")
    #expect(groups.map(\.name) == ["node", "other"])
    let node = groups[0]
    #expect(node.file == "rules.yml")
    #expect(node.intervalMs == 30_000)
    #expect(node.limit == 10)
    #expect(node.queryOffsetMs == 60_000)
    #expect(node.labels == Labels(["team": "infra"]))
    #expect(groups[1].intervalMs == nil && groups[1].queryOffsetMs == nil && groups[1].rules.isEmpty)

    let record = node.rules[0]
    #expect(record.kind == .recording)
    #expect(record.name == "job:up:sum")
    #expect(record.exprText == "sum by (job) (up)")
    #expect(record.query.canonicalText == "sum by (job) (up)")
    #expect(record.labels == Labels(["team": "infra", "source": "rules"]))

    let alert = node.rules[1]
    #expect(alert.kind == .alerting)
    #expect(alert.name == "InstanceDown")
    #expect(alert.holdMs == 300_000)
    #expect(alert.keepFiringForMs == 120_000)
    // The rule's own labels win over the group's.
    #expect(alert.labels == Labels(["team": "sre", "severity": "page"]))
    #expect(alert.annotations == Labels(["summary": "Instance down"]))
    #expect(alert.annotationTemplates.map(\.literalText) == ["Instance down"])
  }

  @Test func emptyFileAndMissingValuesLoadAsPrometheusReadsThem() throws {
    #expect(try RuleFileLoader.parse("", file: "rules.yml").isEmpty)
    #expect(try RuleFileLoader.parse("groups: []", file: "rules.yml").isEmpty)
    let groups = try RuleFileLoader.parse(
      """
      groups:
        - name: g
          interval: 0s
          rules:
            - record: a:b
              expr: up
              for: 0s
              annotations: {}
            - alert: Weird name
              expr: up[5m]
              annotations:
                summary:
      """, file: "rules.yml")
    // An interval of 0 means the default; `for: 0s` and empty annotations are fine on records.
    #expect(groups[0].intervalMs == nil)
    #expect(groups[0].rules.map(\.name) == ["a:b", "Weird name"])
    #expect(groups[0].rules[1].annotations.isEmpty)
  }

  @Test func errorNamesFileFieldGroupRuleAndPositionInsideTheExpression() throws {
    let error = try #require(
      loadError(
        """
        groups:
          - name: node
            rules:
              - record: a:b
                expr: up
              - alert: Other
                expr: up
              - alert: HighLoad
                labels:
                  severity: page
                annotations: {}
                expr: node_load1 > on() (bogus
        """))
    let column = 15 + PromQLParserOffset.of("node_load1 > on() (bogus")
    #expect(error.file == "rules.yml")
    #expect(error.line == 12)
    #expect(error.column == column)
    #expect(error.field == "groups[0].rules[2].expr")
    #expect(error.description.hasPrefix("rules.yml:12:\(column): field groups[0].rules[2].expr: group \"node\", rule \"HighLoad\": parse error: "))
  }

  @Test func expressionErrorsInQuotedAndBlockScalarsPointIntoTheFile() throws {
    let quoted = try #require(
      loadError(
        """
        groups:
          - name: g
            rules:
              - alert: X
                expr: "up + "
        """))
    #expect(quoted.line == 5)
    #expect(quoted.column == 16 + PromQLParserOffset.of("up + "))

    let block = try #require(
      loadError(
        """
        groups:
          - name: g
            rules:
              - alert: X
                expr: |
                  sum(rate(x[5m]))
                    > on() bogus x
        """))
    let expr = "sum(rate(x[5m]))\n  > on() bogus x\n"
    let offset = PromQLParserOffset.of(expr)
    let lineStart = expr.utf8.prefix(offset).lastIndex(of: UInt8(ascii: "\n")).map { expr.utf8.distance(from: expr.utf8.startIndex, to: $0) + 1 } ?? 0
    let lineInExpr = expr.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count
    #expect(block.line == 6 + lineInExpr)
    #expect(block.column == 11 + offset - lineStart)
  }

  struct InvalidFile: Sendable, CustomTestStringConvertible {
    var label: String
    var yaml: String
    var line: Int?
    var column: Int?
    var field: String
    var message: String
    var testDescription: String { label }
  }

  static let invalidFiles: [InvalidFile] = [
    InvalidFile(
      label: "empty group name", yaml: "groups:\n  - name: \"\"\n    rules: []\n", line: 2, column: 11, field: "groups[0].name",
      message: "group name must not be empty"),
    InvalidFile(
      label: "missing group name", yaml: "groups:\n  - rules: []\n", line: 2, column: 5, field: "groups[0].name",
      message: "group name must not be empty"),
    InvalidFile(
      label: "repeated group", yaml: "groups:\n  - name: a\n    rules: []\n  - name: a\n", line: 4, column: 11, field: "groups[1].name",
      message: "group \"a\" is repeated in the same file"),
    InvalidFile(
      label: "record and alert", yaml: "groups:\n  - name: g\n    rules:\n      - record: a:b\n        alert: X\n        expr: up\n",
      line: 4, column: 17, field: "groups[0].rules[0].record",
      message: "group \"g\", rule \"X\": only one of \"record\" and \"alert\" may be set"),
    InvalidFile(
      label: "neither record nor alert", yaml: "groups:\n  - name: g\n    rules:\n      - expr: up\n", line: 4, column: 9,
      field: "groups[0].rules[0]", message: "group \"g\", rule 1: one of \"record\" or \"alert\" must be set"),
    InvalidFile(
      label: "empty alert name", yaml: "groups:\n  - name: g\n    rules:\n      - alert: \"\"\n        expr: up\n", line: 4, column: 9,
      field: "groups[0].rules[0]", message: "group \"g\", rule 1: one of \"record\" or \"alert\" must be set"),
    InvalidFile(
      label: "missing expr", yaml: "groups:\n  - name: g\n    rules:\n      - alert: X\n", line: 4, column: 9, field: "groups[0].rules[0]",
      message: "group \"g\", rule \"X\": field \"expr\" must be set"),
    InvalidFile(
      label: "empty expr", yaml: "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: \"\"\n", line: 5, column: 15,
      field: "groups[0].rules[0].expr", message: "group \"g\", rule \"X\": field \"expr\" must be set"),
    InvalidFile(
      label: "invalid record name", yaml: "groups:\n  - name: g\n    rules:\n      - record: job up\n        expr: up\n", line: 4,
      column: 17, field: "groups[0].rules[0].record", message: "group \"g\", rule \"job up\": invalid recording rule name: \"job up\""),
    InvalidFile(
      label: "for on a record", yaml: "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        for: 1m\n", line: 6,
      column: 14, field: "groups[0].rules[0].for", message: "group \"g\", rule \"a:b\": invalid field \"for\" in recording rule"),
    InvalidFile(
      label: "keep_firing_for on a record",
      yaml: "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        keep_firing_for: 1m\n", line: 6,
      column: 26, field: "groups[0].rules[0].keep_firing_for",
      message: "group \"g\", rule \"a:b\": invalid field \"keep_firing_for\" in recording rule"),
    InvalidFile(
      label: "annotations on a record",
      yaml: "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        annotations:\n          a: b\n", line: 7,
      column: 11, field: "groups[0].rules[0].annotations",
      message: "group \"g\", rule \"a:b\": invalid field \"annotations\" in recording rule"),
    InvalidFile(
      label: "invalid label name",
      yaml: "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        labels:\n          bad-name: x\n", line: 7,
      column: 11, field: "groups[0].rules[0].labels.bad-name", message: "group \"g\", rule \"X\": invalid label name: \"bad-name\""),
    InvalidFile(
      label: "__name__ label",
      yaml: "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        labels:\n          __name__: x\n", line: 7,
      column: 11, field: "groups[0].rules[0].labels.__name__", message: "group \"g\", rule \"X\": invalid label name: \"__name__\""),
    InvalidFile(
      label: "invalid annotation name",
      yaml: "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        annotations:\n          1x: y\n", line: 7,
      column: 11, field: "groups[0].rules[0].annotations.1x", message: "group \"g\", rule \"X\": invalid annotation name: \"1x\""),
    InvalidFile(
      label: "invalid group label name", yaml: "groups:\n  - name: g\n    labels:\n      a.b: c\n    rules: []\n", line: 4, column: 7,
      field: "groups[0].labels.a.b", message: "group \"g\": invalid label name: \"a.b\""),
    InvalidFile(
      label: "unknown field", yaml: "groups:\n  - name: g\n    rules:\n      - alert: X\n        expresion: up\n", line: 5, column: 9,
      field: "groups[0].rules[0].expresion", message: "unknown field \"expresion\""),
    InvalidFile(
      label: "unknown group field", yaml: "groups:\n  - name: g\n    intervall: 1m\n", line: 3, column: 5,
      field: "groups[0].intervall", message: "unknown field \"intervall\""),
    InvalidFile(
      label: "bad duration", yaml: "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: up\n        for: banana\n", line: 6,
      column: 14, field: "groups[0].rules[0].for", message: "expected a duration"),
    InvalidFile(
      label: "rules not a list", yaml: "groups:\n  - name: g\n    rules: nope\n", line: 3, column: 12, field: "groups[0].rules",
      message: "expected a list"),
    InvalidFile(
      label: "YAML syntax", yaml: "groups:\n  - name: g\n   rules: [\n", line: nil, column: nil, field: "", message: "invalid YAML"),
  ]

  @Test(arguments: invalidFiles)
  func refusesInvalidFileAtItsPosition(_ file: InvalidFile) throws {
    let error = try #require(loadError(file.yaml))
    #expect(error.file == "rules.yml")
    if let line = file.line { #expect(error.line == line, "\(error)") }
    if let column = file.column { #expect(error.column == column, "\(error)") }
    #expect(error.field == file.field, "\(error)")
    #expect(error.message.contains(file.message), "\(error)")
  }

  @Test func templateErrorsNameTheLabelOrAnnotationAndItsLine() throws {
    let error = try #require(
      loadError(
        """
        groups:
          - name: g
            rules:
              - alert: X
                expr: up
                annotations:
                  summary: "{{ .Foo "
        """))
    #expect(error.line == 7)
    #expect(error.field == "groups[0].rules[0].annotations.summary")
    #expect(error.message.hasPrefix("group \"g\", rule \"X\": annotation \"summary\": template: __alert_X"))
  }

  @Test func recordingRuleLabelsAreNotTemplates() throws {
    let groups = try RuleFileLoader.parse(
      "groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        labels:\n          x: \"{{ bad\"\n", file: "r.yml")
    #expect(groups[0].rules[0].labels == Labels(["x": "{{ bad"]))
  }

  @Test func logRuleFilesNeedMetricQueries() throws {
    let groups = try RuleFileLoader.parse(
      """
      groups:
        - name: logs
          rules:
            - alert: ManyErrors
              expr: sum by (job) (count_over_time({job="app"} |= "error" [5m])) > 10
      """, file: "logs.yml", language: .logQL)
    #expect(groups[0].language == .logQL)
    guard case .logQL = groups[0].rules[0].query else {
      Issue.record("expected a LogQL query")
      return
    }

    let logQuery = try #require(
      loadError("groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: '{job=\"app\"} |= \"error\"'\n", language: .logQL))
    #expect(logQuery.line == 5)
    #expect(logQuery.field == "groups[0].rules[0].expr")
    #expect(logQuery.message.contains("a log query cannot be a rule"))

    let syntax = try #require(loadError("groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: count_over_time({job=\"app\"}[5m]) >\n", language: .logQL))
    #expect(syntax.line == 5)
    #expect(syntax.message.contains("parse error"))
    // A PromQL file does not take LogQL.
    #expect(loadError("groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: count_over_time({job=\"app\"} |= \"x\" [5m])\n") != nil)
  }

  @Test func globsExpandRelativeToTheBaseDirectoryAndLoadEachFileOnce() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
    try "groups:\n  - name: a\n    rules:\n      - record: a:up\n        expr: up\n".write(
      toFile: directory + "/rules/a.yml", atomically: true, encoding: .utf8)
    try "groups:\n  - name: b\n    rules: []\n".write(toFile: directory + "/rules/b.yml", atomically: true, encoding: .utf8)
    try "groups:\n  - name: l\n    rules:\n      - record: l:count\n        expr: count_over_time({job=\"x\"}[1m])\n".write(
      toFile: directory + "/logs.yml", atomically: true, encoding: .utf8)

    let groups = try RuleManager.loadGroups(
      ruleFiles: ["rules/*.yml", directory + "/rules/a.yml", "missing/*.yml"], logRuleFiles: ["logs.yml"], baseDirectory: directory)
    #expect(groups.map(\.name) == ["a", "b", "l"])
    #expect(groups.map(\.file) == [directory + "/rules/a.yml", directory + "/rules/b.yml", directory + "/logs.yml"])
    #expect(groups.map(\.language) == [.promQL, .promQL, .logQL])

    let both = Result { () throws(ConfigError) -> [RuleGroup] in
      try RuleManager.loadGroups(ruleFiles: ["logs.yml"], logRuleFiles: ["logs.yml"], baseDirectory: directory)
    }
    guard case .failure(let error) = both else {
      Issue.record("a file under both lists must be refused")
      return
    }
    #expect(error.message.contains("both rule_files and log_rule_files"))

    let unreadable = Result { () throws(ConfigError) -> [RuleGroup] in try RuleFileLoader.load(path: directory + "/rules") }
    guard case .failure(let directoryError) = unreadable else {
      Issue.record("a directory is not a rule file")
      return
    }
    #expect(directoryError.message.contains("directory"))
  }
}

/// Where PromQL's parser reports the error in `query` (a byte offset).
enum PromQLParserOffset {
  static func of(_ query: String) -> Int {
    switch Result(catching: { () throws(ParseError) -> Expr in try PromQLParser.parse(query) }) {
    case .success: return -1
    case .failure(let error): return error.position.start
    }
  }
}
