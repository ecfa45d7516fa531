// The `data` of `/api/v1/rules` and `/api/v1/alerts` in Prometheus's JSON shapes, written by
// hand into one string: field names and order as Prometheus writes them, times in RFC 3339,
// alert values as Go's `%e` text.
import WardenCore

package enum RuleStatusJSON {
  /// `{"groups":[...]}`.
  package static func rules(_ groups: [RuleGroupStatus]) -> String {
    var out = "{\"groups\":["
    for (index, group) in groups.enumerated() {
      if index > 0 { out += "," }
      write(group, to: &out)
    }
    return out + "]}"
  }

  /// `{"alerts":[...]}`.
  package static func alerts(_ alerts: [ActiveAlertStatus]) -> String {
    var out = "{\"alerts\":"
    write(alerts, to: &out)
    return out + "}"
  }

  private static func write(_ group: RuleGroupStatus, to out: inout String) {
    out += "{\"name\":\(JSONString.quoted(group.name)),\"file\":\(JSONString.quoted(group.file)),\"rules\":["
    for (index, rule) in group.rules.enumerated() {
      if index > 0 { out += "," }
      write(rule, to: &out)
    }
    out += "],\"interval\":\(GoNumberText.json(group.intervalSeconds)),\"limit\":\(group.limit)"
    out += ",\"evaluationTime\":\(GoNumberText.json(group.evaluationTimeSeconds))"
    out += ",\"lastEvaluation\":\(time(group.lastEvaluationMs))}"
  }

  private static func write(_ rule: RuleStatus, to out: inout String) {
    switch rule.kind {
    case .alerting:
      out += "{\"state\":\"\(rule.state.rawValue)\",\"name\":\(JSONString.quoted(rule.name)),\"query\":\(JSONString.quoted(rule.query))"
      out += ",\"duration\":\(GoNumberText.json(rule.durationSeconds)),\"keepFiringFor\":\(GoNumberText.json(rule.keepFiringForSeconds))"
      out += ",\"labels\":\(labels(rule.labels)),\"annotations\":\(labels(rule.annotations)),\"alerts\":"
      write(rule.alerts, to: &out)
    case .recording:
      out += "{\"name\":\(JSONString.quoted(rule.name)),\"query\":\(JSONString.quoted(rule.query))"
      if !rule.labels.isEmpty { out += ",\"labels\":\(labels(rule.labels))" }
    }
    out += ",\"health\":\"\(rule.health.rawValue)\""
    if !rule.lastError.isEmpty { out += ",\"lastError\":\(JSONString.quoted(rule.lastError))" }
    out += ",\"evaluationTime\":\(GoNumberText.json(rule.evaluationTimeSeconds)),\"lastEvaluation\":\(time(rule.lastEvaluationMs))"
    out += ",\"type\":\"\(rule.kind.rawValue)\"}"
  }

  private static func write(_ alerts: [ActiveAlertStatus], to out: inout String) {
    out += "["
    for (index, alert) in alerts.enumerated() {
      if index > 0 { out += "," }
      out += "{\"labels\":\(labels(alert.labels)),\"annotations\":\(labels(alert.annotations))"
      out += ",\"state\":\"\(alert.state.rawValue)\",\"activeAt\":\(time(alert.activeAtMs))"
      if alert.keepFiringSinceMs != 0 { out += ",\"keepFiringSince\":\(time(alert.keepFiringSinceMs))" }
      out += ",\"value\":\(JSONString.quoted(GoNumberText.exponent(alert.value)))}"
    }
    out += "]"
  }

  private static func labels(_ labels: Labels) -> String {
    "{" + labels.pairs.map { "\(JSONString.quoted($0.name)):\(JSONString.quoted($0.value))" }.joined(separator: ",") + "}"
  }

  /// Go's zero time for "never".
  private static func time(_ ms: Int64) -> String {
    ms == 0 ? "\"0001-01-01T00:00:00Z\"" : "\"\(RFC3339.format(milliseconds: ms, trimsZeroFraction: true))\""
  }
}
