// Grafana's template variables (`templating.list`) in Warden's terms: query variables keep their
// `label_values(...)` / `query_result(...)` text, custom and interval variables their choices,
// constants and text boxes their value. Datasource and ad hoc variables have no meaning on Warden
// (it queries its own store) and are skipped with a warning, but datasource variables are
// remembered so panels that name them (`$datasource`) are recognised as Prometheus or Loki.
import Foundation
import WardenCore

extension GrafanaConverter {
  mutating func variables(_ list: [DashboardJSON]) -> [Dashboard.Variable] {
    // Datasource variables first: panels refer to them by name.
    for item in list where item["type"]?.stringValue == "datasource" {
      if let name = item["name"]?.stringValue {
        datasourceVariables[name] = GrafanaDatasource.ofPluginType(Self.queryText(item["query"]))
      }
    }
    var converted: [Dashboard.Variable] = []
    var names: Set<String> = []
    for item in list {
      let rawName = Self.text(item["name"], limit: 80)
      let type = item["type"]?.stringValue ?? ""
      let described = "variable \"\(rawName)\" (\(type.isEmpty ? "no type" : String(type.prefix(32))))"
      guard DashboardValidator.isValidVariableName(rawName) else {
        warnings.append("\(described): not a valid variable name, skipped")
        continue
      }
      guard !names.contains(rawName) else {
        warnings.append("\(described): name used twice, skipped")
        continue
      }
      guard let variable = variable(item, name: rawName, type: type, described: described) else { continue }
      guard converted.count < DashboardLimits.maxVariables else {
        warnings.append("\(described): over the limit of \(DashboardLimits.maxVariables) variables, skipped")
        continue
      }
      names.insert(rawName)
      converted.append(variable)
    }
    return converted
  }

  private mutating func variable(_ item: DashboardJSON, name: String, type: String, described: String) -> Dashboard.Variable? {
    var variable: Dashboard.Variable
    switch type {
    case "query":
      var query = Self.queryText(item["query"])
      if query.withoutSurroundingWhitespace.isEmpty { query = Self.text(item["definition"], limit: DashboardLimits.maxExpressionLength) }
      guard !query.withoutSurroundingWhitespace.isEmpty, query.utf8.count <= DashboardLimits.maxExpressionLength else {
        warnings.append("\(described): no query, skipped")
        return nil
      }
      if case .other(let kind) = GrafanaDatasource.of(item["datasource"], variables: datasourceVariables) {
        warnings.append("\(described): datasource \(kind) not supported, skipped")
        return nil
      }
      variable = Dashboard.Variable(name: name, type: .query, query: query)
      if let regex = item["regex"]?.stringValue, !regex.isEmpty {
        warnings.append("\(described): regex filter \(regex.prefix(80)) not supported, all values are offered")
      }
    case "custom":
      variable = Dashboard.Variable(name: name, type: .custom)
      variable.values = Self.choices(item, keyValue: true)
      variable.query = ""
    case "interval":
      variable = Dashboard.Variable(name: name, type: .interval)
      variable.values = Self.choices(item, keyValue: false).filter(Self.isInterval)
    case "constant":
      variable = Dashboard.Variable(name: name, type: .constant)
      variable.current = .one(Self.text(item["query"], limit: DashboardLimits.maxShortText * 16))
    case "textbox":
      variable = Dashboard.Variable(name: name, type: .textbox)
      variable.current = .one(Self.text(item["query"], limit: DashboardLimits.maxShortText * 16))
    case "datasource":
      warnings.append("\(described): skipped (Warden queries its own store)")
      return nil
    default:
      warnings.append("\(described): type not supported, skipped")
      return nil
    }
    variable.label = Self.text(item["label"], limit: DashboardLimits.maxTitleLength)
    if variable.type == .query || variable.type == .custom {
      variable.multi = item["multi"]?.boolValue ?? false
      variable.includeAll = item["includeAll"]?.boolValue ?? false
    }
    if let current = Self.current(item["current"]), variable.type != .constant {
      if variable.type == .interval, case .one(let value) = current, !Self.isInterval(value) {
        // "$__auto_interval_x" and similar: leave the first choice selected.
      } else {
        variable.current = current
      }
    }
    if case .one(let value) = variable.current, value.isEmpty, let first = variable.values.first,
      variable.type == .custom || variable.type == .interval
    {
      variable.current = .one(first)
    }
    return variable
  }

  /// A query given as a string, or as an object with a `query` field (newer Grafana).
  static func queryText(_ json: DashboardJSON?) -> String {
    if let text = json?.stringValue { return text }
    return text(json?["query"], limit: DashboardLimits.maxExpressionLength)
  }

  /// The choices of a custom or interval variable: from `options`, else from the comma-separated
  /// `query` (where custom variables may write `text : value`).
  private static func choices(_ item: DashboardJSON, keyValue: Bool) -> [String] {
    var values: [String] = []
    let options = item["options"]?.arrayValue ?? []
    for option in options {
      guard let value = option["value"]?.stringValue, value != "$__all" else { continue }
      values.append(value)
    }
    if values.isEmpty {
      for part in queryText(item["query"]).split(separator: ",", omittingEmptySubsequences: true) {
        var value = String(part).withoutSurroundingWhitespace
        if keyValue, let range = value.range(of: " : ") { value = String(value[range.upperBound...]).withoutSurroundingWhitespace }
        if !value.isEmpty { values.append(value) }
      }
    }
    var unique: [String] = []
    for value in values where !unique.contains(value) && value.utf8.count <= DashboardLimits.maxShortText {
      unique.append(value)
      if unique.count == DashboardLimits.maxVariableValues { break }
    }
    return unique
  }

  private static func isInterval(_ value: String) -> Bool {
    value == "auto" || (PrometheusDuration.parseMilliseconds(value).map { $0 > 0 } ?? false)
  }

  /// Grafana's `current` ({"text": ..., "value": "x" or ["a", "b"]}).
  private static func current(_ json: DashboardJSON?) -> Dashboard.Selection? {
    guard let value = json?["value"] else { return nil }
    if let text = value.stringValue { return .one(String(text.prefix(DashboardLimits.maxShortText))) }
    if let items = value.arrayValue {
      let values = items.compactMap(\.stringValue).filter { $0.utf8.count <= DashboardLimits.maxShortText }
      return .many(Array(values.prefix(DashboardLimits.maxVariableValues)))
    }
    return nil
  }
}
