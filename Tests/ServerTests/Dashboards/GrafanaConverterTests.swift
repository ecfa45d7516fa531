// Grafana import: a current node_exporter style dashboard and an old rows-based one convert panel
// by panel into Warden's format; unsupported panels, datasources and variables are skipped and
// named in the warnings while the rest imports; the result is a valid Warden document.
import Foundation
@testable import Server
import Testing

@Suite struct GrafanaConverterTests {
  private func convert(_ text: String) throws -> GrafanaConversion {
    let json = try DashboardFixtures.json(text)
    #expect(GrafanaConverter.isGrafana(json))
    return try GrafanaConverter.convert(json).get()
  }

  private func panel(_ conversion: GrafanaConversion, _ id: Int) throws -> Dashboard.Panel {
    try #require(conversion.dashboard.panels.first { $0.id == id })
  }

  @Test func nodeExporterDashboardConvertsPanelByPanel() throws {
    let conversion = try convert(GrafanaFixtures.nodeExporter)
    let dashboard = conversion.dashboard
    #expect(dashboard.title == "Node Exporter Full")
    #expect(dashboard.uid == "rYdddlPWk")
    #expect(dashboard.tags == ["linux", "node_exporter"])
    #expect(dashboard.time == .init(from: "now-24h", to: "now"))
    #expect(dashboard.refresh == "1m")
    // Rows stay in order; the collapsed row's own panels follow it; piechart and ES are gone.
    #expect(dashboard.panels.map(\.id) == [261, 20, 16, 154, 300, 301, 263, 77, 74, 265, 78, 402, 403, 404])
    #expect(dashboard.panels.map(\.type) == [
      .row, .gauge, .stat, .bargauge, .table, .text, .row, .timeseries, .timeseries, .row, .timeseries, .logs, .bars, .heatmap,
    ])

    let quickRow = try panel(conversion, 261)
    #expect(quickRow.title == "Quick CPU / Mem / Disk" && !quickRow.collapsed && quickRow.gridPos == .init(x: 0, y: 0, w: 24, h: 1))
    #expect(try panel(conversion, 263).collapsed)

    let busy = try panel(conversion, 20)
    #expect(busy.unit == "percent" && busy.decimals == 1 && busy.min == 0 && busy.max == 100)
    #expect(busy.gridPos == .init(x: 0, y: 1, w: 3, h: 4))
    #expect(busy.description == "Busy state of all CPU cores together")
    #expect(busy.thresholds == [.init(value: nil, color: "#32AC2D"), .init(value: 85, color: "#ED8128"), .init(value: 95, color: "#F53636")])
    #expect(busy.targets.count == 1 && busy.targets[0].legend == "" && busy.targets[0].language == .promql)
    #expect(busy.targets[0].expr.hasPrefix("100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\", instance=\"$node\"}"))

    // Named colours map onto the colour-blind-safe palette; hex is kept.
    let ram = try panel(conversion, 16)
    #expect(ram.thresholds == [.init(value: nil, color: "#009E73"), .init(value: 70, color: "#E69F00"), .init(value: 90, color: "#D55E00")])
    #expect(ram.decimals == 0)
    let disk = try panel(conversion, 154)
    #expect(disk.thresholds == [.init(value: nil, color: "#EAB839"), .init(value: 80, color: "#D55E00")])
    #expect(disk.targets[0].legend == "{{mountpoint}}")

    #expect(try panel(conversion, 300).targets.map(\.expr) == [#"node_uname_info{instance="$node"}"#])
    #expect(try panel(conversion, 301).content == "Data from **node_exporter**.")

    let cpu = try panel(conversion, 77)
    #expect(cpu.stack && cpu.fill == .area && cpu.unit == "percentunit" && cpu.max == 1)
    #expect(cpu.targets.map(\.refId) == ["A", "B"])
    #expect(cpu.targets.map(\.legend) == ["Busy System", "Busy User"])
    #expect(cpu.gridPos == .init(x: 0, y: 6, w: 12, h: 7))

    let network = try panel(conversion, 74)
    #expect(network.unit == "bps" && network.min == 0 && network.max == nil && network.decimals == 2)
    #expect(!network.stack && network.fill == .area)
    #expect(network.thresholds == [.init(value: nil, color: "#009E73"), .init(value: 1_000_000_000, color: "#D55E00")])
    #expect(network.targets.map(\.legend) == ["recv {{device}}", "trans {{device}} "])

    let memory = try panel(conversion, 78)
    #expect(memory.stack && memory.unit == "bytes" && memory.targets.map(\.refId) == ["A"])
    let logs = try panel(conversion, 402)
    #expect(logs.targets == [.init(refId: "A", expr: #"{job="varlogs"} |= "error""#, language: .logql)])
    #expect(try panel(conversion, 403).unit == "ops")

    #expect(conversion.warnings == [
      #"variable "DS_PROMETHEUS" (datasource): skipped (Warden queries its own store)"#,
      #"variable "node" (query): regex filter /([^:]+):.*/ not supported, all values are offered"#,
      #"variable "Filters" (adhoc): type not supported, skipped"#,
      #"variable "bad-name" (constant): not a valid variable name, skipped"#,
      #"panel "CPU Busy": repeated for each value of $node in Grafana; shown once"#,
      #"panel "Disk usage": percentage thresholds imported as absolute values"#,
      #"panel "Kernel": transformations not supported, data shown untransformed"#,
      #"panel "CPU Basic": query C has no expr (not a Prometheus or Loki query), skipped"#,
      #"panel "Memory Basic": query B is hidden in Grafana, skipped"#,
      #"panel "Disk share" (piechart): type not supported, skipped"#,
      #"panel "ES errors" (graph): datasource elasticsearch not supported, skipped"#,
    ])
  }

  @Test func templatingBecomesVariables() throws {
    let variables = try convert(GrafanaFixtures.nodeExporter).dashboard.variables
    #expect(variables.map(\.name) == ["job", "node", "top", "mode", "levels", "resolution", "diskdevices", "search"])
    let byName = Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0) })
    #expect(byName["job"]?.query == "label_values(node_uname_info, job)")
    #expect(byName["job"]?.label == "Job")
    #expect(byName["node"]?.query == #"label_values(node_uname_info{job="$job"}, instance)"#)
    #expect(byName["node"]?.current == .one("host1:9100"))
    #expect(byName["top"]?.query == "query_result(topk(5, node_load1))")
    #expect(byName["top"]?.multi == true && byName["top"]?.includeAll == true && byName["top"]?.current == .many(["$__all"]))
    #expect(byName["mode"]?.type == .custom && byName["mode"]?.values == ["user", "system", "iowait"] && byName["mode"]?.multi == true)
    #expect(byName["levels"]?.values == ["info", "warn"] && byName["levels"]?.current == .one("info"))
    #expect(byName["resolution"]?.type == .interval && byName["resolution"]?.values == ["1m", "10m", "30m", "1h"])
    #expect(byName["resolution"]?.current == .one("10m"))
    #expect(byName["diskdevices"]?.type == .constant && byName["diskdevices"]?.current == .one("[a-z]+|nvme[0-9]+n[0-9]+"))
    #expect(byName["search"]?.type == .textbox && byName["search"]?.current == .one("error"))
  }

  @Test func legacyRowsAreLaidOutOnTheGrid() throws {
    let conversion = try convert(GrafanaFixtures.legacyRows)
    let panels = conversion.dashboard.panels
    #expect(panels.map(\.type) == [.row, .stat, .gauge, .timeseries, .row, .bars])
    #expect(panels.map(\.id) == [4, 1, 2, 3, 6, 5])
    #expect(panels.map(\.gridPos) == [
      .init(x: 0, y: 0, w: 24, h: 1), .init(x: 0, y: 1, w: 6, h: 5), .init(x: 6, y: 1, w: 6, h: 5), .init(x: 12, y: 1, w: 12, h: 5),
      .init(x: 0, y: 6, w: 24, h: 1), .init(x: 0, y: 7, w: 24, h: 10),
    ])
    #expect(panels[0].title == "Summary" && !panels[0].collapsed)
    #expect(panels[4].title == "Network" && panels[4].collapsed)
    #expect(panels[1].unit == "short" && panels[1].decimals == 2)
    #expect(panels[1].thresholds == [.init(value: nil, color: "#299c46"), .init(value: 1, color: "#ED8128"), .init(value: 4, color: "#d44a3a")])
    #expect(panels[2].min == 0 && panels[2].max == 100 && panels[2].unit == "percent")
    #expect(panels[2].thresholds.map(\.color) == ["#009E73", "#E69F00", "#D55E00"])
    #expect(panels[3].stack && panels[3].fill == .area && panels[3].unit == "percentunit" && panels[3].min == 0 && panels[3].max == 1)
    #expect(panels[3].targets[0].legend == "{{cpu}} {{mode}}")
    #expect(panels[5].fill == .line)
    #expect(conversion.dashboard.refresh == "" && conversion.dashboard.time == .init())
    #expect(conversion.dashboard.variables.first?.values == ["auto", "1m", "5m"])
    #expect(conversion.dashboard.variables.first?.current == .one("auto"))
    #expect(conversion.warnings == [
      "absolute time range 2024-01-01T00:00:00Z replaced by the last hour",
      #"panel "Pie" (grafana-piechart-panel): type not supported, skipped"#,
    ])
  }

  @Test func theAPIWrapperConvertsTheSame() throws {
    let wrapped = #"{"meta": {"type": "db", "slug": "node"}, "dashboard": "# + GrafanaFixtures.nodeExporter + "}"
    let direct = try convert(GrafanaFixtures.nodeExporter)
    let viaWrapper = try convert(wrapped)
    #expect(viaWrapper.dashboard == direct.dashboard)
    #expect(viaWrapper.warnings == direct.warnings)
  }

  @Test func convertedDashboardsAreValidWardenDocuments() throws {
    for fixture in [GrafanaFixtures.nodeExporter, GrafanaFixtures.legacyRows] {
      let conversion = try convert(fixture)
      #expect(try DashboardDocuments.normalized(conversion.dashboard).get() == conversion.dashboard)
    }
  }

  @Test func wardenDocumentsAreNotTakenForGrafana() throws {
    #expect(!GrafanaConverter.isGrafana(try DashboardFixtures.json(DashboardFixtures.valid)))
    #expect(!GrafanaConverter.isGrafana(try DashboardFixtures.json(#"{"title": "T"}"#)))
  }

  @Test func brokenPanelsAreRepairedOrSkippedNeverFatal() throws {
    let conversion = try convert(
      #"""
      {"schemaVersion": 30, "title": "", "uid": "not/valid", "refresh": "fast", "panels": [
        {"type": "stat", "id": 1, "gridPos": {"x": 30, "y": -4, "w": 40, "h": 500}, "targets": [{"expr": "up"}, {"expr": "up", "refId": "A"}]},
        {"type": "stat", "id": 1, "title": "same id", "targets": [{"expr": "1"}]},
        "not a panel",
        {"title": "no type"},
        {"type": "timeseries", "title": "weird thresholds", "id": 9, "fieldConfig": {"defaults": {"min": 10, "max": 1,
          "thresholds": {"steps": [{"color": "blue", "value": 50}, {"color": "purple", "value": null}, {"color": "text", "value": 20}, {"color": "red", "value": 20}]}}},
          "targets": [{"expr": "up"}]}
      ]}
      """#)
    let dashboard = conversion.dashboard
    #expect(dashboard.title == "Imported dashboard" && dashboard.uid == "" && dashboard.refresh == "")
    #expect(dashboard.panels.count == 3)
    #expect(dashboard.panels[0].gridPos == .init(x: 0, y: 0, w: 24, h: 100))
    #expect(dashboard.panels[0].targets.map(\.refId) == ["A", "B"])
    #expect(dashboard.panels.map(\.id) == [1, 2, 9])
    #expect(dashboard.panels[1].gridPos.y == 100)
    let weird = dashboard.panels[2]
    #expect(weird.min == nil && weird.max == nil)
    #expect(weird.thresholds == [.init(value: nil, color: "#CC79A7"), .init(value: 20, color: "#999999"), .init(value: 50, color: "#0072B2")])
    #expect(conversion.warnings == [
      "dashboard has no title; named \"Imported dashboard\"",
      "uid \"not/valid\" is not a valid uid; a new one is assigned",
      "refresh \"fast\" is not a duration of at least 1s; refresh is off",
      "a panel that is a string, not an object, was skipped",
      #"panel "no type" (no type): type not supported, skipped"#,
    ])
    #expect(throws: Never.self) { try DashboardDocuments.normalized(dashboard).get() }
  }

  @Test func limitsCutWithAWarning() throws {
    let panels = (0..<205).map { #"{"type": "stat", "id": \#($0 + 1), "gridPos": {"x": 0, "y": \#($0), "w": 4, "h": 2}, "datasource": "Prometheus", "targets": [\#((0..<22).map { #"{"expr": "up + \#($0)"}"# }.joined(separator: ","))]}"# }
    let conversion = try convert(#"{"title": "Big", "schemaVersion": 38, "panels": [\#(panels.joined(separator: ","))]}"#)
    #expect(conversion.dashboard.panels.count == 200)
    #expect(conversion.dashboard.panels.allSatisfy { $0.targets.count == 20 })
    #expect(conversion.warnings.last == "205 panels is over the limit of 200; the rest were skipped")
    #expect(conversion.warnings.first == #"panel #1: more than 20 queries; query U and later ones skipped"#)
    #expect(throws: Never.self) { try DashboardDocuments.normalized(conversion.dashboard).get() }
  }
}
