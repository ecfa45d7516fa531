// `GET /api/v1/rules` and `GET /api/v1/alerts` in Prometheus's shapes, so Grafana's alert views
// and `promtool`-style tooling read Warden's rule engine. /api/v1/rules takes Prometheus's
// filters: `type` (alert|record), `rule_name[]`, `rule_group[]`, `file[]`, `exclude_alerts`.
import Alerting
import Hummingbird

struct RulesRoutes {
  let slot: RuleManagerSlot

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/rules") { request, _ in
      let parameters = request.uri.queryParameters
      var kind: Rule.Kind?
      if let type = parameters.get("type") {
        switch type {
        case "alert": kind = .alerting
        case "record": kind = .recording
        default: throw APIError.badData("invalid parameter \"type\": \"\(type)\" is neither alert nor record")
        }
      }
      let names = Set(parameters.getAll("rule_name[]").map { String($0) })
      let groupNames = Set(parameters.getAll("rule_group[]").map { String($0) })
      let files = Set(parameters.getAll("file[]").map { String($0) })
      let excludeAlerts: Bool
      switch parameters.get("exclude_alerts") {
      case nil, "false": excludeAlerts = false
      case "true": excludeAlerts = true
      case let other?: throw APIError.badData("invalid parameter \"exclude_alerts\": \"\(other)\" is neither true nor false")
      }
      var groups = slot.manager?.groupsStatus() ?? []
      groups = groups.compactMap { group in
        if !groupNames.isEmpty && !groupNames.contains(group.name) { return nil }
        if !files.isEmpty && !files.contains(group.file) { return nil }
        var group = group
        group.rules = group.rules.filter { rule in
          (kind == nil || rule.kind == kind) && (names.isEmpty || names.contains(rule.name))
        }
        if excludeAlerts { for index in group.rules.indices { group.rules[index].alerts = [] } }
        // Prometheus drops groups left empty by a rule filter, and keeps them otherwise.
        if group.rules.isEmpty && (kind != nil || !names.isEmpty) { return nil }
        return group
      }
      return Self.success(RuleStatusJSON.rules(groups))
    }

    router.get("/api/v1/alerts") { _, _ in
      Self.success(RuleStatusJSON.alerts(slot.manager?.activeAlerts() ?? []))
    }
  }

  private static func success(_ data: String) -> Response {
    TextBody.response("{\"status\":\"success\",\"data\":" + data + "}", contentType: "application/json")
  }
}
