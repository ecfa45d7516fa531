// The one seam every notification integration sits behind (email, webhook, Slack, Teams,
// Discord, Telegram, PagerDuty, SMS): the dispatcher hands a `Notification` to a `Receiver`
// for one delivery attempt; retries, timeouts and the record of attempts are shared code around it.
package import WardenCore

/// One configured integration (one entry of a receiver's `email_configs`, `webhook_configs`...).
package protocol Receiver: Sendable {
  /// The integration's kind as Alertmanager names it: "email", "webhook", "slack", "msteamsv2",
  /// "discord", "telegram", "pagerduty", "twilio", "sms".
  var integration: String { get }
  /// Whether resolved notifications are sent (`send_resolved`).
  var sendResolved: Bool { get }
  /// Makes one delivery attempt. Never throws: every failure is an outcome, classified as worth
  /// retrying (network errors, 5xx, 429) or not (4xx, a template error, a refused recipient).
  func deliver(_ notification: Notification) async -> DeliveryOutcome
}

/// What became of one delivery attempt.
package enum DeliveryOutcome: Sendable, Equatable {
  /// Accepted by the other side; `detail` says what it answered ("250 2.0.0 Ok: queued", "HTTP 200").
  case delivered(detail: String)
  /// Failed in a way that may pass on a later attempt.
  case retryable(reason: String)
  /// Failed in a way that will not pass by retrying.
  case permanent(reason: String)

  package var isDelivered: Bool {
    if case .delivered = self { return true }
    return false
  }
}

/// What one notification is about: an aggregation group's alerts for one receiver.
package struct Notification: Sendable {
  /// The receiver's configured name.
  package var receiver: String
  /// The aggregation group's key (route path and group labels), Alertmanager's `groupKey`.
  package var groupKey: String
  /// The labels the group is grouped by.
  package var groupLabels: Labels
  /// The group's alerts: firing ones and resolved ones (when the integration sends resolved).
  package var alerts: [Alert]
  /// Where Warden's UI is reached (`--web.external-url` or the listen address), for links.
  package var externalURL: String
  /// The time the notification is made (Unix ms); alerts are firing or resolved relative to it.
  package var nowMs: Int64
  /// How many alerts the group had beyond those included (a receiver's `max_alerts`).
  package var truncatedAlerts: Int

  package init(
    receiver: String, groupKey: String, groupLabels: Labels, alerts: [Alert], externalURL: String, nowMs: Int64,
    truncatedAlerts: Int = 0
  ) {
    self.receiver = receiver
    self.groupKey = groupKey
    self.groupLabels = groupLabels
    self.alerts = alerts
    self.externalURL = externalURL
    self.nowMs = nowMs
    self.truncatedAlerts = truncatedAlerts
  }

  package var firing: [Alert] { alerts.filter { !$0.isResolved(atMs: nowMs) } }
  package var resolved: [Alert] { alerts.filter { $0.isResolved(atMs: nowMs) } }
  /// "firing" when any alert fires, else "resolved", as Alertmanager's `.Status`.
  package var status: String { alerts.contains { !$0.isResolved(atMs: nowMs) } ? "firing" : "resolved" }
}
