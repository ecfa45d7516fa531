// Grafana dashboard JSON (an export, or the HTTP API's `{"dashboard": {...}}` wrapper) converted
// into Warden's format. What has no equivalent is left out and said so in `warnings`, naming the
// panel or variable, so the rest still imports: an operator can bring a node_exporter dashboard
// and see exactly what did not come along. The result passes `DashboardValidator` like any document.
import WardenCore

/// A converted dashboard and what was left out or changed on the way.
struct GrafanaConversion: Sendable {
  var dashboard: Dashboard
  var warnings: [String]
}

struct GrafanaConverter {
  /// Keys only Grafana's format has: any of them at the top level marks a Grafana document.
  static let grafanaOnlyKeys: Set<String> = [
    "schemaVersion", "templating", "rows", "annotations", "editable", "graphTooltip", "__inputs", "__requires",
    "__elements", "timepicker", "fiscalYearStartMonth", "liveNow", "weekStart", "gnetId", "links", "style", "timezone", "id",
  ]
  /// Keys only Grafana's panels and targets have.
  static let grafanaPanelKeys: Set<String> = ["datasource", "fieldConfig", "options", "span", "pluginVersion", "legendFormat"]

  var warnings: [String] = []
  /// Datasource variable name to the kind of datasource it selects (`${DS_PROMETHEUS}`, `$datasource`).
  var datasourceVariables: [String: GrafanaDatasource] = [:]

  /// Whether `json` is Grafana's format rather than Warden's.
  static func isGrafana(_ json: DashboardJSON) -> Bool {
    guard let members = json.objectMembers else { return false }
    if json["dashboard"]?.objectMembers != nil { return true }
    if members.contains(where: { grafanaOnlyKeys.contains($0.key) }) { return true }
    for panel in json["panels"]?.arrayValue ?? [] {
      guard let panelMembers = panel.objectMembers else { continue }
      if panelMembers.contains(where: { grafanaPanelKeys.contains($0.key) }) { return true }
      for target in panel["targets"]?.arrayValue ?? [] where target["legendFormat"] != nil || target["datasource"] != nil {
        return true
      }
    }
    return false
  }

  /// Converts a Grafana dashboard. Fails only when the document is not an object at all.
  static func convert(_ json: DashboardJSON) -> Result<GrafanaConversion, DashboardValidationError> {
    var root = json
    if let wrapped = json["dashboard"] { root = wrapped }
    guard root.objectMembers != nil else {
      return .failure(DashboardValidationError(path: "dashboard", message: "expected an object, got \(root.kindName)"))
    }
    var converter = GrafanaConverter()
    let dashboard = converter.document(root)
    return .success(GrafanaConversion(dashboard: dashboard, warnings: converter.warnings))
  }

  // MARK: Document

  private mutating func document(_ json: DashboardJSON) -> Dashboard {
    var title = Self.text(json["title"], limit: DashboardLimits.maxTitleLength).withoutSurroundingWhitespace
    if title.isEmpty {
      title = "Imported dashboard"
      warnings.append("dashboard has no title; named \"\(title)\"")
    }
    var dashboard = Dashboard(uid: "", title: title)
    if let uid = json["uid"]?.stringValue, !uid.isEmpty {
      if DashboardValidator.isValidUID(uid) {
        dashboard.uid = uid
      } else {
        warnings.append("uid \"\(uid.prefix(80))\" is not a valid uid; a new one is assigned")
      }
    }
    dashboard.description = Self.text(json["description"], limit: DashboardLimits.maxDescriptionLength)
    for tag in json["tags"]?.arrayValue ?? [] {
      guard let tag = tag.stringValue, !tag.isEmpty, tag.count <= DashboardLimits.maxTagLength, !dashboard.tags.contains(tag) else {
        continue
      }
      if dashboard.tags.count < DashboardLimits.maxTags { dashboard.tags.append(tag) }
    }
    if let time = json["time"] {
      if let from = time["from"]?.stringValue, Self.isRelativeTime(from) { dashboard.time.from = from }
      if let to = time["to"]?.stringValue, Self.isRelativeTime(to) { dashboard.time.to = to }
      if dashboard.time.from == "now-1h", let from = time["from"]?.stringValue, from != "now-1h", !Self.isRelativeTime(from) {
        warnings.append("absolute time range \(from) replaced by the last hour")
      }
    }
    if let refresh = json["refresh"]?.stringValue, !refresh.isEmpty {
      if let ms = PrometheusDuration.parseMilliseconds(refresh), ms >= 1000 {
        dashboard.refresh = refresh
      } else {
        warnings.append("refresh \"\(refresh.prefix(32))\" is not a duration of at least 1s; refresh is off")
      }
    }
    dashboard.variables = variables(json["templating"]?["list"]?.arrayValue ?? [])
    dashboard.panels = layout(json)
    return dashboard
  }

  /// "now", "now-6h", "now/d": what the UI's time picker understands.
  static func isRelativeTime(_ text: String) -> Bool {
    text.hasPrefix("now") && text.utf8.count <= 64
  }

  // MARK: Layout

  /// Every panel in Warden's flat list: rows followed by their panels (a collapsed row's panels
  /// come from the row's own `panels`), legacy `rows[].panels` laid out on the 24-column grid.
  private mutating func layout(_ json: DashboardJSON) -> [Dashboard.Panel] {
    var converted: [Dashboard.Panel] = []
    var grafanaIDs: [Int?] = []
    var bottom = 0
    func place(_ panel: Dashboard.Panel, grafanaID: Int?) {
      var panel = panel
      panel.gridPos.y = min(panel.gridPos.y, DashboardLimits.maxPanelY)
      converted.append(panel)
      grafanaIDs.append(grafanaID)
      bottom = max(bottom, panel.gridPos.y + panel.gridPos.h)
    }
    if let rows = json["rows"]?.arrayValue, json["panels"] == nil || json["panels"]?.arrayValue?.isEmpty == true {
      for (rowIndex, row) in rows.enumerated() {
        let height = Self.legacyHeight(row["height"]) ?? 8
        let rowTitle = Self.text(row["title"], limit: DashboardLimits.maxTitleLength)
        if rows.count > 1 || (!rowTitle.isEmpty && row["showTitle"]?.boolValue != false) {
          var rowPanel = Dashboard.Panel(id: 0, type: .row, gridPos: .init(x: 0, y: bottom, w: 24, h: 1))
          rowPanel.title = rowTitle.isEmpty ? "Row \(rowIndex + 1)" : rowTitle
          rowPanel.collapsed = row["collapse"]?.boolValue ?? false
          place(rowPanel, grafanaID: nil)
        }
        var x = 0
        var y = bottom
        var lineHeight = 0
        for item in row["panels"]?.arrayValue ?? [] {
          let span = item["span"]?.numberValue ?? 12
          let w = Int(min(24, max(1, (span * 2).rounded())))
          let h = Self.legacyHeight(item["height"]) ?? height
          if x + w > 24 {
            x = 0
            y += lineHeight
            lineHeight = 0
          }
          // A skipped panel leaves no gap.
          guard let made = self.panel(item, gridPos: .init(x: x, y: y, w: w, h: h)) else { continue }
          place(made, grafanaID: Self.grafanaID(item))
          x += w
          lineHeight = max(lineHeight, h)
        }
        bottom = max(bottom, y + lineHeight)
      }
    } else {
      for item in json["panels"]?.arrayValue ?? [] {
        guard let made = self.panel(item, gridPos: gridPos(item["gridPos"], below: bottom)) else { continue }
        place(made, grafanaID: Self.grafanaID(item))
        guard made.type == .row else { continue }
        for child in item["panels"]?.arrayValue ?? [] {
          if let childPanel = self.panel(child, gridPos: gridPos(child["gridPos"], below: bottom)) {
            place(childPanel, grafanaID: Self.grafanaID(child))
          }
        }
      }
    }
    if converted.count > DashboardLimits.maxPanels {
      warnings.append("\(converted.count) panels is over the limit of \(DashboardLimits.maxPanels); the rest were skipped")
      converted.removeLast(converted.count - DashboardLimits.maxPanels)
      grafanaIDs.removeLast(grafanaIDs.count - DashboardLimits.maxPanels)
    }
    // Grafana's ids where they are usable and unique; the lowest free ones for the rest.
    var used: Set<Int> = []
    for index in converted.indices {
      if let id = grafanaIDs[index], used.insert(id).inserted { converted[index].id = id } else { converted[index].id = 0 }
    }
    var next = 1
    for index in converted.indices where converted[index].id == 0 {
      while used.contains(next) { next += 1 }
      converted[index].id = next
      used.insert(next)
    }
    return converted
  }

  private static func grafanaID(_ panel: DashboardJSON) -> Int? {
    guard let number = panel["id"]?.numberValue, number.rounded() == number, number >= 1, number <= Double(Int32.max) else {
      return nil
    }
    return Int(number)
  }

  /// Grafana's gridPos made valid: clamped to the grid; missing ones go below everything so far.
  private func gridPos(_ json: DashboardJSON?, below bottom: Int) -> Dashboard.GridPos {
    func integer(_ key: String) -> Int? {
      guard let value = json?[key]?.numberValue, value.isFinite, abs(value) < 1e9 else { return nil }
      return Int(value.rounded())
    }
    let columns = DashboardLimits.gridColumns
    let w = min(columns, max(1, integer("w") ?? 12))
    let x = min(columns - w, max(0, integer("x") ?? 0))
    let h = min(DashboardLimits.maxPanelHeight, max(1, integer("h") ?? 8))
    let y = min(DashboardLimits.maxPanelY, max(0, integer("y") ?? bottom))
    return Dashboard.GridPos(x: x, y: y, w: w, h: h)
  }

  /// A legacy row or panel height ("250px" or 250) in grid rows of 30 px.
  private static func legacyHeight(_ json: DashboardJSON?) -> Int? {
    var pixels: Double?
    if let number = json?.numberValue {
      pixels = number
    } else if let text = json?.stringValue {
      pixels = Double(text.hasSuffix("px") ? String(text.dropLast(2)) : text)
    }
    guard let pixels, pixels.isFinite, pixels > 0 else { return nil }
    return Int(min(Double(DashboardLimits.maxPanelHeight), max(2, (pixels / 30).rounded(.up))))
  }

  // MARK: Text

  /// A string field, cut to `limit` bytes on a character boundary; "" when absent or not a string.
  static func text(_ json: DashboardJSON?, limit: Int) -> String {
    guard let text = json?.stringValue else { return "" }
    guard text.utf8.count > limit else { return text }
    var cut = ""
    for character in text {
      if cut.utf8.count + character.utf8.count > limit { break }
      cut.append(character)
    }
    return cut
  }

  /// How a warning names a panel: its title, or its id when it has none.
  static func panelName(_ json: DashboardJSON) -> String {
    let title = text(json["title"], limit: 80)
    if !title.isEmpty { return "panel \"\(title)\"" }
    if let id = grafanaID(json) { return "panel #\(id)" }
    return "an untitled panel"
  }
}

extension String {
  var withoutSurroundingWhitespace: String {
    var text = Substring(self)
    while text.first?.isWhitespace == true { text.removeFirst() }
    while text.last?.isWhitespace == true { text.removeLast() }
    return String(text)
  }
}
