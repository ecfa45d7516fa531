// Grafana panels converted one at a time: the type mapping (graph becomes timeseries, singlestat
// becomes stat), display options from `fieldConfig.defaults` or the legacy graph and singlestat
// fields, and Prometheus and Loki targets. Unsupported types and datasources are skipped with a
// warning naming the panel.

extension GrafanaConverter {
  /// Panel types with their Warden equivalent.
  static let panelTypes: [String: Dashboard.PanelType] = [
    "timeseries": .timeseries, "graph": .timeseries, "stat": .stat, "singlestat": .stat, "gauge": .gauge,
    "bargauge": .bargauge, "table": .table, "table-old": .table, "text": .text, "heatmap": .heatmap, "row": .row, "logs": .logs,
  ]

  /// The converted panel, or nil (with a warning) when it cannot be shown on Warden.
  mutating func panel(_ json: DashboardJSON, gridPos: Dashboard.GridPos) -> Dashboard.Panel? {
    let name = Self.panelName(json)
    guard json.objectMembers != nil else {
      warnings.append("a panel that is \(json.kindName), not an object, was skipped")
      return nil
    }
    let typeName = json["type"]?.stringValue ?? ""
    guard let type = Self.panelTypes[typeName] else {
      warnings.append("\(name) (\(typeName.isEmpty ? "no type" : String(typeName.prefix(64)))): type not supported, skipped")
      return nil
    }
    var panel = Dashboard.Panel(id: 0, type: type, gridPos: gridPos)
    panel.title = Self.text(json["title"], limit: DashboardLimits.maxTitleLength)
    panel.description = Self.text(json["description"], limit: DashboardLimits.maxDescriptionLength)
    noteUnsupportedOptions(json, name: name)
    switch type {
    case .row:
      panel.gridPos = .init(x: 0, y: gridPos.y, w: 24, h: 1)
      panel.collapsed = json["collapsed"]?.boolValue ?? false
      return panel
    case .text:
      panel.content = Self.text(json["options"]?["content"] ?? json["content"], limit: DashboardLimits.maxContentLength)
      return panel
    default:
      break
    }
    let source = GrafanaDatasource.of(json["datasource"], variables: datasourceVariables)
    if case .other(let kind) = source {
      warnings.append("\(name) (\(typeName)): datasource \(kind) not supported, skipped")
      return nil
    }
    let targets = json["targets"]?.arrayValue ?? []
    panel.targets = convertTargets(targets, panel: name, source: source, typeName: typeName)
    if !targets.isEmpty, panel.targets.isEmpty {
      warnings.append("\(name) (\(typeName)): no Prometheus or Loki queries, skipped")
      return nil
    }
    applyDisplay(json, typeName: typeName, to: &panel, name: name)
    if type == .timeseries, Self.drawsBars(json) { panel.type = .bars }
    return panel
  }

  /// Grafana features Warden's panels do not have: the panel still imports, shown plainly.
  private mutating func noteUnsupportedOptions(_ json: DashboardJSON, name: String) {
    if let variable = json["repeat"]?.stringValue, !variable.isEmpty {
      warnings.append("\(name): repeated for each value of $\(variable.prefix(64)) in Grafana; shown once")
    }
    if let transformations = json["transformations"]?.arrayValue, !transformations.isEmpty {
      warnings.append("\(name): transformations not supported, data shown untransformed")
    }
  }

  private static func drawsBars(_ json: DashboardJSON) -> Bool {
    if json["fieldConfig"]?["defaults"]?["custom"]?["drawStyle"]?.stringValue == "bars" { return true }
    return json["bars"]?.boolValue == true && json["lines"]?.boolValue == false
  }

  // MARK: Targets

  private mutating func convertTargets(
    _ targets: [DashboardJSON], panel name: String, source: GrafanaDatasource, typeName: String
  ) -> [Dashboard.Target] {
    var converted: [Dashboard.Target] = []
    var refIDs: Set<String> = []
    for (index, target) in targets.enumerated() {
      var refID = Self.text(target["refId"], limit: 32)
      if refID.isEmpty || refIDs.contains(refID) {
        refID = (0...).lazy.map(DashboardValidator.refID).first { !refIDs.contains($0) } ?? "Q\(index)"
      }
      var kind = GrafanaDatasource.of(target["datasource"], variables: datasourceVariables)
      if kind == .unspecified { kind = source }
      if case .other(let other) = kind {
        warnings.append("\(name): query \(refID) reads datasource \(other), not supported, skipped")
        continue
      }
      if target["hide"]?.boolValue == true {
        warnings.append("\(name): query \(refID) is hidden in Grafana, skipped")
        continue
      }
      guard let expr = target["expr"]?.stringValue, !expr.withoutSurroundingWhitespace.isEmpty else {
        warnings.append("\(name): query \(refID) has no expr (not a Prometheus or Loki query), skipped")
        continue
      }
      guard expr.utf8.count <= DashboardLimits.maxExpressionLength else {
        warnings.append("\(name): query \(refID) is longer than \(DashboardLimits.maxExpressionLength) bytes, skipped")
        continue
      }
      guard converted.count < DashboardLimits.maxTargetsPerPanel else {
        warnings.append("\(name): more than \(DashboardLimits.maxTargetsPerPanel) queries; query \(refID) and later ones skipped")
        break
      }
      var legend = Self.text(target["legendFormat"], limit: DashboardLimits.maxShortText * 4)
      if legend == "__auto" { legend = "" }
      refIDs.insert(refID)
      converted.append(Dashboard.Target(refId: refID, expr: expr, legend: legend, language: kind == .loki ? .logql : .promql))
    }
    return converted
  }

  // MARK: Display options

  private mutating func applyDisplay(_ json: DashboardJSON, typeName: String, to panel: inout Dashboard.Panel, name: String) {
    let defaults = json["fieldConfig"]?["defaults"]
    // Legacy panels first; fieldConfig (written by newer Grafana on migration) wins where present.
    switch typeName {
    case "graph": applyLegacyGraph(json, to: &panel)
    case "singlestat": applyLegacySinglestat(json, to: &panel)
    default: break
    }
    if let unit = defaults?["unit"]?.stringValue, !unit.isEmpty { panel.unit = GrafanaStyle.unit(unit) }
    if let decimals = Self.decimals(defaults?["decimals"]) { panel.decimals = decimals }
    if let min = defaults?["min"]?.numberValue { panel.min = min }
    if let max = defaults?["max"]?.numberValue { panel.max = max }
    if let steps = defaults?["thresholds"]?["steps"]?.arrayValue, !steps.isEmpty {
      panel.thresholds = Self.thresholds(steps.map { step -> (Double?, String) in
        (step["value"]?.numberValue, step["color"]?.stringValue ?? "")
      })
      if defaults?["thresholds"]?["mode"]?.stringValue == "percentage" {
        warnings.append("\(name): percentage thresholds imported as absolute values")
      }
    }
    let custom = defaults?["custom"]
    if let mode = custom?["stacking"]?["mode"]?.stringValue, mode == "normal" || mode == "percent" { panel.stack = true }
    if let mode = json["options"]?["stacking"]?.stringValue, mode == "normal" || mode == "percent" { panel.stack = true }
    if json["stack"]?.boolValue == true { panel.stack = true }
    if let opacity = custom?["fillOpacity"]?.numberValue { panel.fill = opacity > 0 ? .area : .line }
    if panel.stack { panel.fill = .area }
    if let min = panel.min, let max = panel.max, min > max {
      panel.min = nil
      panel.max = nil
    }
  }

  private func applyLegacyGraph(_ json: DashboardJSON, to panel: inout Dashboard.Panel) {
    if let fill = json["fill"]?.numberValue { panel.fill = fill > 0 ? .area : .line }
    panel.stack = json["stack"]?.boolValue ?? false
    if let axis = json["yaxes"]?.arrayValue?.first {
      if let format = axis["format"]?.stringValue, !format.isEmpty { panel.unit = GrafanaStyle.unit(format) }
      panel.min = Self.number(axis["min"])
      panel.max = Self.number(axis["max"])
      if let decimals = Self.decimals(axis["decimals"]) { panel.decimals = decimals }
    }
    if let decimals = Self.decimals(json["decimals"]) { panel.decimals = decimals }
    // Legacy thresholds: [{"value": 80, "colorMode": "critical", "op": "gt"}], each above a base.
    let legacy = json["thresholds"]?.arrayValue ?? []
    if !legacy.isEmpty {
      var steps: [(Double?, String)] = [(nil, GrafanaStyle.green)]
      for item in legacy {
        guard let value = item["value"]?.numberValue else { continue }
        let color: String
        switch item["colorMode"]?.stringValue {
        case "critical": color = GrafanaStyle.red
        case "warning": color = GrafanaStyle.orange
        case "ok": color = GrafanaStyle.green
        default: color = GrafanaStyle.color(item["lineColor"]?.stringValue ?? item["fillColor"]?.stringValue ?? "red")
        }
        steps.append((value, color))
      }
      if steps.count > 1 { panel.thresholds = Self.thresholds(steps) }
    }
  }

  private func applyLegacySinglestat(_ json: DashboardJSON, to panel: inout Dashboard.Panel) {
    if let format = json["format"]?.stringValue, !format.isEmpty { panel.unit = GrafanaStyle.unit(format) }
    if let decimals = Self.decimals(json["decimals"]) { panel.decimals = decimals }
    if json["gauge"]?["show"]?.boolValue == true {
      panel.type = .gauge
      panel.min = Self.number(json["gauge"]?["minValue"])
      panel.max = Self.number(json["gauge"]?["maxValue"])
    }
    // "thresholds": "50,80" with three colours: below 50, 50 to 80, above 80.
    let colors = (json["colors"]?.arrayValue ?? []).compactMap(\.stringValue)
    let values = (json["thresholds"]?.stringValue ?? "").split(separator: ",").compactMap { Double(String($0).withoutSurroundingWhitespace) }
    if !values.isEmpty, colors.count >= values.count + 1 {
      var steps: [(Double?, String)] = [(nil, colors[0])]
      for (index, value) in values.enumerated() { steps.append((value, colors[index + 1])) }
      panel.thresholds = Self.thresholds(steps)
    }
  }

  /// Steps in Warden's rules: a base (null) first if given, then strictly rising values; colours
  /// mapped onto the palette.
  static func thresholds(_ steps: [(Double?, String)]) -> [Dashboard.Threshold] {
    var result: [Dashboard.Threshold] = []
    if let base = steps.first(where: { $0.0 == nil }) {
      result.append(Dashboard.Threshold(value: nil, color: GrafanaStyle.color(base.1)))
    }
    let valued = steps.compactMap { step in step.0.map { (value: $0, color: step.1) } }
    for step in valued.sorted(by: { $0.value < $1.value }) {
      if let last = result.last?.value, step.value <= last { continue }
      guard result.count < DashboardLimits.maxThresholds else { break }
      result.append(Dashboard.Threshold(value: step.value, color: GrafanaStyle.color(step.color)))
    }
    return result
  }

  /// A number or a numeric string ("100"), as legacy axes write them.
  static func number(_ json: DashboardJSON?) -> Double? {
    if let number = json?.numberValue { return number }
    if let text = json?.stringValue, let number = Double(text.withoutSurroundingWhitespace), number.isFinite { return number }
    return nil
  }

  static func decimals(_ json: DashboardJSON?) -> Int? {
    guard let value = number(json), value >= 0 else { return nil }
    return Int(min(Double(DashboardLimits.maxDecimals), value.rounded()))
  }
}
