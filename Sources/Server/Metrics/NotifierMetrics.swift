// The notifier on Warden's own /metrics, named after Alertmanager's metrics with the `warden_`
// prefix (`warden_notifications_total{integration}`, `warden_alerts{state}`...), so dashboards
// and alerts written for Alertmanager carry over.
import Notify
import WardenCore

enum NotifierMetrics {
  static func emit<E: MetricEmitter>(_ statistics: NotifierStatistics, into emitter: inout E) {
    let none: [Label] = []
    emitter.family("warden_alerts_received_total", type: .counter, help: "Alerts received (from rules and the API).")
    emitter.sample("warden_alerts_received_total", labels: none, value: Double(statistics.alertsReceived))
    emitter.family("warden_alerts_rejected_total", type: .counter, help: "Alerts refused because the notifier held its maximum.")
    emitter.sample("warden_alerts_rejected_total", labels: none, value: Double(statistics.alertsRejected))
    emitter.family("warden_alerts", type: .gauge, help: "Unresolved alerts the notifier holds, by state.")
    for state in [AlertStatus.State.active, .suppressed, .unprocessed] {
      emitter.sample("warden_alerts", labels: [Label("state", state.rawValue)], value: Double(statistics.alertsByState[state] ?? 0))
    }
    emitter.family("warden_alerts_stored", type: .gauge, help: "Alerts the notifier holds, resolved ones awaiting notification included.")
    emitter.sample("warden_alerts_stored", labels: none, value: Double(statistics.alertsStored))
    emitter.family("warden_alerts_aggregation_groups", type: .gauge, help: "Aggregation groups of the routing tree.")
    emitter.sample("warden_alerts_aggregation_groups", labels: none, value: Double(statistics.aggregationGroups))
    emitter.family("warden_silences", type: .gauge, help: "Silences by state.")
    for state in [SilenceState.active, .pending, .expired] {
      emitter.sample("warden_silences", labels: [Label("state", state.rawValue)], value: Double(statistics.silencesByState[state] ?? 0))
    }
    let integrations = Set(statistics.notificationsSent.keys).union(statistics.notificationsFailed.keys).sorted()
    emitter.family("warden_notifications_total", type: .counter, help: "Notifications delivered, by integration.")
    for integration in integrations {
      emitter.sample(
        "warden_notifications_total", labels: [Label("integration", integration)],
        value: Double(statistics.notificationsSent[integration] ?? 0))
    }
    emitter.family("warden_notifications_failed_total", type: .counter, help: "Notifications that failed for good, by integration.")
    for integration in integrations {
      emitter.sample(
        "warden_notifications_failed_total", labels: [Label("integration", integration)],
        value: Double(statistics.notificationsFailed[integration] ?? 0))
    }
    emitter.family(
      "warden_notification_latency_seconds", type: .summary, help: "From a group's flush to the delivery of its notification.")
    emitter.sample("warden_notification_latency_seconds_sum", labels: none, value: statistics.notificationLatencySecondsSum)
    emitter.sample("warden_notification_latency_seconds_count", labels: none, value: Double(statistics.notificationLatencyCount))
    emitter.family("warden_alert_history_dropped_total", type: .counter, help: "Alert history records dropped because the catalog fell behind.")
    emitter.sample("warden_alert_history_dropped_total", labels: none, value: Double(statistics.historyRecordsDropped))
  }
}
