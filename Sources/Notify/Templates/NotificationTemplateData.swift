// The data notification templates see, shaped as Alertmanager's `template.Data`: Receiver,
// Status, Alerts (with Firing and Resolved), GroupLabels, CommonLabels, CommonAnnotations,
// ExternalURL, GroupKey, TruncatedAlerts; each alert with Status, Labels, Annotations, StartsAt,
// EndsAt, GeneratorURL, Fingerprint. Warden adds SilenceURL (to the group and to each alert).
package import GoTemplate
import WardenCore

package enum NotificationTemplateData {
  /// The data for `notification`, with `extra` fields added at the top level (the SMS gateway's
  /// `To` and `Message`).
  package static func make(_ notification: Notification, extra: [String: TemplateData] = [:]) -> TemplateData {
    let alerts = notification.alerts.map { alertData($0, notification: notification) }
    let resolved = notification.alerts.map { $0.isResolved(atMs: notification.nowMs) }
    let commonLabels = notification.commonLabels
    var fields: [String: TemplateData] = [
      "Receiver": .string(notification.receiver),
      "Status": .string(notification.status),
      "Alerts": alertList(alerts, resolved: resolved),
      "GroupLabels": KVTemplateObject.make(notification.groupLabels),
      "CommonLabels": KVTemplateObject.make(commonLabels),
      "CommonAnnotations": KVTemplateObject.make(notification.commonAnnotations),
      "ExternalURL": .string(notification.externalURL),
      "GroupKey": .string(notification.groupKey),
      "TruncatedAlerts": .int(Int64(notification.truncatedAlerts)),
      "SilenceURL": .string(
        Notification.silenceURL(
          externalURL: notification.externalURL,
          labels: notification.groupLabels.isEmpty ? commonLabels : notification.groupLabels)),
    ]
    fields.merge(extra) { _, new in new }
    return .object(TemplateObject(typeName: "template.Data", fields: fields))
  }

  /// Alertmanager's Alerts: a list with the methods Firing and Resolved.
  static func alertList(_ alerts: [TemplateData], resolved: [Bool]) -> TemplateData {
    let firing = zip(alerts, resolved).filter { !$0.1 }
    let done = zip(alerts, resolved).filter { $0.1 }
    return .object(
      TemplateObject(
        typeName: "template.Alerts",
        methods: [
          "Firing": TemplateMethod(arity: 0...0) { _ in
            alertList(firing.map(\.0), resolved: firing.map(\.1))
          },
          "Resolved": TemplateMethod(arity: 0...0) { _ in
            alertList(done.map(\.0), resolved: done.map(\.1))
          },
        ],
        collection: .list(alerts)))
  }

  static func alertData(_ alert: Alert, notification: Notification) -> TemplateData {
    .object(
      TemplateObject(
        typeName: "template.Alert",
        fields: [
          "Status": .string(alert.isResolved(atMs: notification.nowMs) ? "resolved" : "firing"),
          "Labels": KVTemplateObject.make(alert.labels),
          "Annotations": KVTemplateObject.make(alert.annotations),
          "StartsAt": .time(alert.startsAtMs * 1_000_000),
          // An unknown end is Go's zero time, as in Alertmanager (`.EndsAt.IsZero` is true).
          "EndsAt": alert.endsAtMs == 0 ? TemplateData.zeroTime : .time(alert.endsAtMs * 1_000_000),
          "GeneratorURL": .string(alert.generatorURL),
          "Fingerprint": .string(alert.fingerprint.description),
          "SilenceURL": .string(Notification.silenceURL(externalURL: notification.externalURL, labels: alert.labels)),
        ]))
  }
}
