// Which kind of datasource a Grafana panel or query reads: Prometheus queries become PromQL
// targets, Loki queries LogQL targets, anything else (Elasticsearch, InfluxDB, ...) cannot run on
// Warden. Exports name datasources by object (`{"type": "prometheus", "uid": ...}`), by name, or
// through a variable (`${DS_PROMETHEUS}`, `$datasource`) whose type the templating list gives.

enum GrafanaDatasource: Sendable, Equatable {
  case prometheus
  case loki
  /// A datasource Warden cannot query, by its type or name.
  case other(String)
  /// Not said (the panel's or the dashboard's default, normally Prometheus), or mixed.
  case unspecified

  /// The kind of `json` (a panel's or target's `datasource`).
  static func of(_ json: DashboardJSON?, variables: [String: GrafanaDatasource]) -> GrafanaDatasource {
    guard let json, !json.isNull else { return .unspecified }
    if let name = json.stringValue { return named(name, variables: variables) }
    if let type = json["type"]?.stringValue {
      switch type.lowercased() {
      case "prometheus": return .prometheus
      case "loki": return .loki
      case "datasource", "": break  // Grafana's own "-- Mixed --" or "-- Dashboard --": the uid says more
      default:
        if type.hasPrefix("$") { return named(type, variables: variables) }
        return .other(type)
      }
    }
    if let uid = json["uid"]?.stringValue { return named(uid, variables: variables) }
    return .unspecified
  }

  private static func named(_ name: String, variables: [String: GrafanaDatasource]) -> GrafanaDatasource {
    if name.hasPrefix("$") {
      var variable = Substring(name.dropFirst())
      if variable.hasPrefix("{"), variable.hasSuffix("}") { variable = variable.dropFirst().dropLast() }
      if let kind = variables[String(variable)] { return kind }
      // Exports' inputs are named after the plugin: ${DS_PROMETHEUS}, ${DS_LOKI}.
      let upper = variable.uppercased()
      if upper.contains("LOKI") { return .loki }
      if upper.contains("PROM") { return .prometheus }
      return .unspecified
    }
    let lower = name.lowercased()
    if lower.isEmpty || lower == "default" || lower.hasPrefix("-- mixed") || lower.hasPrefix("-- dashboard") { return .unspecified }
    if lower.contains("loki") { return .loki }
    if lower.contains("prom") || lower.contains("thanos") || lower.contains("mimir") || lower.contains("cortex")
      || lower.contains("victoria") || lower.contains("warden")
    {
      return .prometheus
    }
    for known in ["elasticsearch", "elastic", "influx", "graphite", "mysql", "postgres", "cloudwatch", "tempo", "jaeger", "testdata", "grafana"]
    where lower.contains(known) {
      return .other(known == "elastic" ? "elasticsearch" : known)
    }
    return .unspecified
  }

  /// Plugin types of datasource variables (`"query": "prometheus"`).
  static func ofPluginType(_ type: String) -> GrafanaDatasource {
    switch type.lowercased() {
    case "prometheus": .prometheus
    case "loki": .loki
    case "": .unspecified
    default: .other(type)
    }
  }

  var name: String {
    switch self {
    case .prometheus: "prometheus"
    case .loki: "loki"
    case .other(let name): name
    case .unspecified: "default"
    }
  }
}
