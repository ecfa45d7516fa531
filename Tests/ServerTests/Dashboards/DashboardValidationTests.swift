// The dashboard validator: a valid document reads back field by field, encodes to the same
// document, and every malformed one is refused naming the field path and the rule it breaks.
import Foundation
@testable import Server
import Testing

@Suite struct DashboardValidationTests {
  @Test func aValidDocumentReadsEveryField() throws {
    let dashboard = try DashboardFixtures.validate(DashboardFixtures.valid).get()
    #expect(dashboard.uid == "demo")
    #expect(dashboard.tags == ["team-a", "web"])
    #expect(dashboard.time == .init(from: "now-6h", to: "now"))
    #expect(dashboard.refresh == "30s")
    #expect(dashboard.variables.map(\.type) == [.query, .custom, .interval, .constant, .textbox])
    #expect(dashboard.variables[0].current == .many(["a:9100", "b:9100"]))
    #expect(dashboard.variables[0].multi && dashboard.variables[0].includeAll)
    #expect(dashboard.variables[1].values == ["user", "system"])
    let cpu = dashboard.panels[1]
    #expect(cpu.gridPos == .init(x: 0, y: 1, w: 12, h: 8))
    #expect(cpu.targets == [
      .init(refId: "A", expr: #"rate(node_cpu_seconds_total{instance=~"$instance"}[$__rate_interval])"#, legend: "{{mode}}")
    ])
    #expect(cpu.thresholds == [.init(value: nil, color: "#009E73"), .init(value: 80, color: "#D55E00")])
    #expect(cpu.stack && cpu.fill == .area && cpu.min == 0 && cpu.max == 100 && cpu.decimals == nil)
    #expect(dashboard.panels[2].content == "# Notes")
    #expect(dashboard.panels[3].targets[0].language == .logql)
    #expect(dashboard.version == 3 && dashboard.updated == 1732190000.5)
  }

  @Test func encodingAndValidatingAgainGivesTheSameDashboard() throws {
    let dashboard = try DashboardFixtures.validate(DashboardFixtures.valid).get()
    let again = try DashboardDocuments.normalized(dashboard).get()
    #expect(again == dashboard)
    // Every panel field is written, unset numbers as null, so clients see one shape.
    let text = String(decoding: DashboardDocuments.encode(dashboard.panels[2]), as: UTF8.self)
    #expect(text.contains(#""decimals":null"#) && text.contains(#""thresholds":[]"#) && text.contains(#""collapsed":false"#))
  }

  @Test func leftOutFieldsTakeTheirDefaultsAndMissingPanelIDsAreAssigned() throws {
    let dashboard = try DashboardFixtures.validate(
      #"{"uid": "", "title": "T", "panels": [{"id": 5, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}},"#
        + #"{"type": "gauge", "gridPos": {"x": 6, "y": 0, "w": 6, "h": 4}, "targets": [{"expr": "up"}, {"expr": "1"}]}]}"#
    ).get()
    #expect(dashboard.uid == "" && dashboard.time == .init() && dashboard.refresh == "" && dashboard.version == 1)
    #expect(dashboard.panels.map(\.id) == [5, 1])
    #expect(dashboard.panels[1].targets.map(\.refId) == ["A", "B"])
    #expect(dashboard.panels[1].fill == .line && dashboard.panels[1].unit == "")
  }

  /// (what is wrong, the document, the error expected).
  static let malformed: [(String, String, String)] = [
    ("not an object", "[1, 2]", "expected an object, got an array"),
    ("no title", #"{"uid": "x"}"#, "title: must not be empty"),
    ("blank title", #"{"title": "   "}"#, "title: must not be empty"),
    ("title too long", #"{"title": "\#(String(repeating: "t", count: 201))"}"#, "title: longer than 200 bytes"),
    ("uid with a slash", #"{"uid": "a/b", "title": "T"}"#, "uid: must be 1 to 64 letters, digits, '_' or '-'"),
    ("uid too long", #"{"uid": "\#(String(repeating: "u", count: 65))", "title": "T"}"#, "uid: longer than 64 bytes"),
    ("unknown field", #"{"title": "T", "colour": 1}"#, "colour: unknown field"),
    ("tags not strings", #"{"title": "T", "tags": ["a", 3]}"#, "tags[1]: expected a string, got a number"),
    ("refresh not a duration", #"{"title": "T", "refresh": "often"}"#, "refresh: must be empty (off) or a duration of at least 1s such as 10s"),
    ("time from empty", #"{"title": "T", "time": {"from": "", "to": "now"}}"#, "time.from: must not be empty"),
    ("panels not an array", #"{"title": "T", "panels": {}}"#, "panels: expected an array, got an object"),
    ("panel without type", #"{"title": "T", "panels": [{"id": 1, "gridPos": {"x": 0, "y": 0, "w": 1, "h": 1}}]}"#, "panels[0].type: required"),
    (
      "unknown panel type", #"{"title": "T", "panels": [{"id": 1, "type": "piechart", "gridPos": {"x": 0, "y": 0, "w": 1, "h": 1}}]}"#,
      #"panels[0].type: unknown panel type "piechart" (one of timeseries, bars, stat, gauge, bargauge, table, heatmap, text, logs, row)"#
    ),
    ("panel without gridPos", #"{"title": "T", "panels": [{"id": 1, "type": "stat"}]}"#, "panels[0].gridPos: required"),
    (
      "duplicate panel id",
      #"{"title": "T", "panels": [{"id": 1, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 1, "h": 1}}, {"id": 1, "type": "stat", "gridPos": {"x": 1, "y": 0, "w": 1, "h": 1}}]}"#,
      "panels[1].id: 1 is already used by another panel"
    ),
    ("panel id zero", #"{"title": "T", "panels": [{"id": 0, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 1, "h": 1}}]}"#, "panels[0].id: must be 1 to 2147483647"),
    ("panel id fraction", #"{"title": "T", "panels": [{"id": 1.5, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 1, "h": 1}}]}"#, "panels[0].id: expected an integer, got a fraction"),
    ("x negative", #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": -1, "y": 0, "w": 1, "h": 1}}]}"#, "panels[0].gridPos.x: must be 0 to 23"),
    ("x 24", #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": 24, "y": 0, "w": 1, "h": 1}}]}"#, "panels[0].gridPos.x: must be 0 to 23"),
    ("w 0", #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 0, "h": 1}}]}"#, "panels[0].gridPos.w: must be 1 to 24"),
    ("w 25", #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 25, "h": 1}}]}"#, "panels[0].gridPos.w: must be 1 to 24"),
    (
      "x + w over 24", #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": 20, "y": 0, "w": 6, "h": 1}}]}"#,
      "panels[0].gridPos.w: x + w must be at most 24 (x is 20, w is 6)"
    ),
    ("h 0", #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 1, "h": 0}}]}"#, "panels[0].gridPos.h: must be 1 to 100"),
    ("h 101", #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 1, "h": 101}}]}"#, "panels[0].gridPos.h: must be 1 to 100"),
    ("y missing", #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": 0, "w": 1, "h": 1}}]}"#, "panels[0].gridPos.y: required"),
    ("gridPos string", #"{"title": "T", "panels": [{"type": "stat", "gridPos": "0,0"}]}"#, "panels[0].gridPos: expected an object, got a string"),
    (
      "thresholds not rising", DashboardFixtures.withCPUPanel(
        ##"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "thresholds": [{"value": null, "color": "#000"}, {"value": 80, "color": "#111"}, {"value": 80, "color": "#222"}]}"##),
      "panels[1].thresholds[2].value: must be above the previous step (80.0)"
    ),
    (
      "threshold null after the base", DashboardFixtures.withCPUPanel(
        ##"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "thresholds": [{"value": 1, "color": "#000"}, {"value": null, "color": "#111"}]}"##),
      "panels[1].thresholds[1].value: only the first step may be null (the base)"
    ),
    (
      "threshold colour name", DashboardFixtures.withCPUPanel(
        #"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "thresholds": [{"value": null, "color": "red"}]}"#),
      #"panels[1].thresholds[0].color: "red" is not a colour such as #009E73"#
    ),
    (
      "min above max", DashboardFixtures.withCPUPanel(#"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "min": 5, "max": 1}"#),
      "panels[1].max: must not be below min (5.0)"
    ),
    (
      "decimals too many", DashboardFixtures.withCPUPanel(#"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "decimals": 11}"#),
      "panels[1].decimals: must be 0 to 10"
    ),
    (
      "fill unknown", DashboardFixtures.withCPUPanel(#"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "fill": "dots"}"#),
      #"panels[1].fill: must be "line" or "area""#
    ),
    (
      "target language", DashboardFixtures.withCPUPanel(
        #"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "targets": [{"expr": "up", "language": "sql"}]}"#),
      #"panels[1].targets[0].language: must be "promql" or "logql""#
    ),
    (
      "duplicate refId", DashboardFixtures.withCPUPanel(
        #"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "targets": [{"refId": "A", "expr": "up"}, {"refId": "A", "expr": "1"}]}"#),
      #"panels[1].targets[1].refId: "A" is used twice"#
    ),
    (
      "unknown target field", DashboardFixtures.withCPUPanel(
        #"{"id": 2, "type": "stat", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}, "targets": [{"expr": "up", "legendFormat": "x"}]}"#),
      "panels[1].targets[0].legendFormat: unknown field"
    ),
    ("variable name invalid", #"{"title": "T", "variables": [{"name": "1x", "type": "constant"}]}"#, #"variables[0].name: "1x" is not a valid name (a letter or '_', then letters, digits or '_')"#),
    ("variable name with dash", #"{"title": "T", "variables": [{"name": "a-b", "type": "constant"}]}"#, #"variables[0].name: "a-b" is not a valid name (a letter or '_', then letters, digits or '_')"#),
    (
      "variable name twice", #"{"title": "T", "variables": [{"name": "a", "type": "constant"}, {"name": "a", "type": "textbox"}]}"#,
      #"variables[1].name: "a" is already used by another variable"#
    ),
    ("variable type unknown", #"{"title": "T", "variables": [{"name": "ds", "type": "datasource"}]}"#, #"variables[0].type: unknown type "datasource" (one of query, custom, interval, constant, textbox)"#),
    ("query variable without query", #"{"title": "T", "variables": [{"name": "a", "type": "query"}]}"#, "variables[0].query: required for query variables"),
    ("interval not a duration", #"{"title": "T", "variables": [{"name": "a", "type": "interval", "values": ["1m", "soon"]}]}"#, #"variables[0].values[1]: "soon" is not a duration such as 1m"#),
    ("current a number", #"{"title": "T", "variables": [{"name": "a", "type": "constant", "current": 3}]}"#, "variables[0].current: expected a string or an array of strings, got a number"),
    ("multi not boolean", #"{"title": "T", "variables": [{"name": "a", "type": "custom", "multi": "yes"}]}"#, "variables[0].multi: expected true or false, got a string"),
    ("version zero", #"{"title": "T", "version": 0}"#, "version: must be 1 to 2147483647"),
  ]

  @Test(arguments: malformed)
  func malformedDocumentsAreRefusedWithTheFieldPath(_ what: String, _ document: String, _ expected: String) throws {
    let result = try DashboardFixtures.validate(document)
    guard case .failure(let error) = result else {
      Issue.record("\(what): accepted")
      return
    }
    #expect(error.description == expected, "\(what)")
  }

  /// The count limits: one over each is refused, the limit itself is fine.
  @Test(arguments: [
    ("panels", 200, "panels: at most 200 panels, got 201"),
    ("variables", 50, "variables: at most 50 variables, got 51"),
    ("targets", 20, "panels[0].targets: at most 20 targets per panel, got 21"),
  ])
  func countLimits(_ what: String, _ limit: Int, _ expected: String) throws {
    func document(_ count: Int) -> String {
      switch what {
      case "panels":
        let panels = (0..<count).map { #"{"type": "stat", "gridPos": {"x": 0, "y": \#($0), "w": 1, "h": 1}}"# }
        return #"{"title": "T", "panels": [\#(panels.joined(separator: ","))]}"#
      case "variables":
        let variables = (0..<count).map { #"{"name": "v\#($0)", "type": "constant"}"# }
        return #"{"title": "T", "variables": [\#(variables.joined(separator: ","))]}"#
      default:
        let targets = (0..<count).map { #"{"expr": "up + \#($0)"}"# }
        return #"{"title": "T", "panels": [{"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 1, "h": 1}, "targets": [\#(targets.joined(separator: ","))]}]}"#
      }
    }
    #expect(throws: Never.self) { try DashboardFixtures.validate(document(limit)).get() }
    guard case .failure(let error) = try DashboardFixtures.validate(document(limit + 1)) else {
      Issue.record("\(what): \(limit + 1) accepted")
      return
    }
    #expect(error.description == expected)
  }

  /// JSON syntax errors name the byte offset.
  @Test(arguments: [
    ("{", "invalid JSON at byte 1: expected a string key, got end of input"),
    (#"{"title": "T",}"#, "invalid JSON at byte 14: expected a string key, got '}'"),
    (#"{"title": 'T'}"#, "invalid JSON at byte 10: unexpected ''', expected a value"),
    (#"{"title": "T"} x"#, "invalid JSON at byte 15: unexpected 'x' after the document"),
    (#"{"a": 1e999}"#, "invalid JSON at byte 6: number 1e999 is out of range"),
    (#"{"a": "\q"}"#, #"invalid JSON at byte 8: invalid escape '\q' in a string"#),
    (#"{"a": tru}"#, "invalid JSON at byte 6: unexpected 't', expected a value"),
    ("", "invalid JSON at byte 0: unexpected end of input, expected a value"),
    (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "invalid JSON at byte 64: nested deeper than 64 levels"),
  ])
  func syntaxErrorsNameTheOffset(_ text: String, _ expected: String) {
    guard case .failure(let error) = DashboardJSONParser.parse(Array(text.utf8)) else {
      Issue.record("parsed \(text)")
      return
    }
    #expect(error.description == expected)
  }

  @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
    let json = try DashboardFixtures.json(#"{"t": "a\"b\\c\/d\n\u00e9\ud83d\ude00"}"#)
    #expect(json["t"]?.stringValue == "a\"b\\c/d\né😀")
  }
}
