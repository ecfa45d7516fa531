// The notifications the receiver and template tests send: a group of two firing alerts and one
// resolved, with the annotations the default templates use (summary, description, value,
// runbook_url).
import WardenCore

@testable import Notify

enum SampleNotifications {
  /// 2023-11-14 22:13:20 UTC.
  static let nowMs: Int64 = 1_700_000_000_000

  static let diskFull = Alert(
    labels: Labels(["alertname": "DiskFull", "instance": "db1:9100", "job": "node", "severity": "critical", "team": "storage"]),
    annotations: Labels([
      "summary": "Disk almost full", "description": "Only 3% left on /var", "value": "97.1%",
      "runbook_url": "https://runbooks.example.com/disk-full",
    ]),
    startsAtMs: nowMs - 300_000, generatorURL: "http://prometheus.example.com/graph?g0.expr=disk")

  static let diskFullTwo = Alert(
    labels: Labels(["alertname": "DiskFull", "instance": "db2:9100", "job": "node", "severity": "critical", "team": "storage"]),
    annotations: Labels(["summary": "Disk almost full", "value": "95.0%"]),
    startsAtMs: nowMs - 60_000)

  static let diskFullResolved = Alert(
    labels: Labels(["alertname": "DiskFull", "instance": "db3:9100", "job": "node", "severity": "critical", "team": "storage"]),
    annotations: Labels(["summary": "Disk almost full"]),
    startsAtMs: nowMs - 3_600_000, endsAtMs: nowMs - 120_000)

  static func group(receiver: String = "team-storage", alerts: [Alert]? = nil) -> Notification {
    Notification(
      receiver: receiver, groupKey: "{}/{team=\"storage\"}:{alertname=\"DiskFull\"}",
      groupLabels: Labels(["alertname": "DiskFull"]), alerts: alerts ?? [diskFull, diskFullTwo, diskFullResolved],
      externalURL: "http://warden.example.com:9090", nowMs: nowMs)
  }

  static var resolvedOnly: Notification {
    var resolved = diskFull
    resolved.endsAtMs = nowMs - 1000
    return group(alerts: [resolved])
  }
}
