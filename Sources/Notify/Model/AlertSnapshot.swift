// What the notifier knows of one alert at a moment: the alert, whether it is silenced or
// inhibited, and which receivers its routes lead to. The Alertmanager API's `gettableAlert`.
package import WardenCore

/// An alert as the API lists it.
package struct AlertSnapshot: Sendable, Equatable {
  package var alert: Alert
  package var status: AlertStatus
  /// The receivers of the routes the alert matches, in route order.
  package var receivers: [String]

  package init(alert: Alert, status: AlertStatus, receivers: [String]) {
    self.alert = alert
    self.status = status
    self.receivers = receivers
  }
}

/// Alertmanager's alert status: `unprocessed` until routed, `active`, or `suppressed` by
/// silences, inhibitions or mute time intervals.
package struct AlertStatus: Sendable, Equatable {
  package enum State: String, Sendable, Equatable {
    case unprocessed, active, suppressed
  }

  package var state: State
  package var silencedBy: [String]
  package var inhibitedBy: [String]
  package var mutedBy: [String]

  package init(state: State, silencedBy: [String] = [], inhibitedBy: [String] = [], mutedBy: [String] = []) {
    self.state = state
    self.silencedBy = silencedBy
    self.inhibitedBy = inhibitedBy
    self.mutedBy = mutedBy
  }
}

/// An aggregation group as the API lists it (`/api/v2/alerts/groups`).
package struct AlertGroupSnapshot: Sendable, Equatable {
  package var labels: Labels
  package var receiver: String
  package var alerts: [AlertSnapshot]

  package init(labels: Labels, receiver: String, alerts: [AlertSnapshot]) {
    self.labels = labels
    self.receiver = receiver
    self.alerts = alerts
  }
}

/// The API's alert filters (`filter`, `active`, `silenced`, `inhibited`, `unprocessed`,
/// `receiver`), applied by the notifier.
package struct AlertFilter: Sendable {
  package var matchers: [LabelMatcher] = []
  package var active = true
  package var silenced = true
  package var inhibited = true
  package var unprocessed = true
  /// A `=~` matcher on receiver names (named "receiver"); nil for all.
  package var receiver: LabelMatcher?

  package init() {}
}
