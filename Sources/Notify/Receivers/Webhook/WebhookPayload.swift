// Alertmanager's webhook body, version 4: receiver, status, alerts (status, labels, annotations,
// startsAt, endsAt, generatorURL, fingerprint), groupLabels, commonLabels, commonAnnotations,
// externalURL, version, groupKey, truncatedAlerts.
import WardenCore

package enum WebhookPayload {
  /// Go's zero time, which Alertmanager writes for an unknown end.
  static let zeroTime = "0001-01-01T00:00:00Z"

  /// The body for `notification`, keeping at most `maxAlerts` alerts (0 for all).
  package static func make(_ notification: Notification, maxAlerts: Int = 0) -> JSONValue {
    var alerts = notification.alerts
    var truncated = notification.truncatedAlerts
    if maxAlerts > 0, alerts.count > maxAlerts {
      truncated += alerts.count - maxAlerts
      alerts = Array(alerts.prefix(maxAlerts))
    }
    return .object([
      ("receiver", .string(notification.receiver)),
      ("status", .string(notification.status)),
      ("alerts", .array(alerts.map { alert($0, nowMs: notification.nowMs) })),
      ("groupLabels", labels(notification.groupLabels)),
      ("commonLabels", labels(notification.commonLabels)),
      ("commonAnnotations", labels(notification.commonAnnotations)),
      ("externalURL", .string(notification.externalURL)),
      ("version", .string("4")),
      ("groupKey", .string(notification.groupKey)),
      ("truncatedAlerts", .int(Int64(truncated))),
    ])
  }

  static func alert(_ alert: Alert, nowMs: Int64) -> JSONValue {
    .object([
      ("status", .string(alert.isResolved(atMs: nowMs) ? "resolved" : "firing")),
      ("labels", labels(alert.labels)),
      ("annotations", labels(alert.annotations)),
      ("startsAt", .string(GoTimeLayout.rfc3339(unixMs: alert.startsAtMs))),
      ("endsAt", .string(alert.endsAtMs == 0 ? zeroTime : GoTimeLayout.rfc3339(unixMs: alert.endsAtMs))),
      ("generatorURL", .string(alert.generatorURL)),
      ("fingerprint", .string(alert.fingerprint.description)),
    ])
  }

  static func labels(_ labels: Labels) -> JSONValue {
    .object(labels.pairs.map { ($0.name, .string($0.value)) })
  }
}
