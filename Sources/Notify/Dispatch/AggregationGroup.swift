// An aggregation group: the alerts one route takes that share the values of its group_by labels,
// notified together. Its timer follows Alertmanager: the first flush group_wait after the group
// appears (at once if an alert in it started longer than group_wait ago), then every
// group_interval after the previous flush started.
import WardenCore

/// A route and group labels: what identifies an aggregation group.
struct GroupIdentity: Hashable, Sendable {
  var route: Int
  var labels: Labels
}

/// One aggregation group's membership and timer.
struct AggregationGroup: Sendable {
  /// Unique for the notifier's life (never reused, also not across configuration reloads), so a
  /// flush finishing after a reload cannot touch a new group.
  let serial: Int
  let identity: GroupIdentity
  /// Alertmanager's group key, `{}/{team="db"}:{alertname="Down"}`: the route's key and the
  /// group labels. It names the group in notifications and in the notification log.
  let key: String
  var fingerprints: Set<AlertFingerprint> = []
  var nextFlushMs: Int64
  var hasFlushed = false
  var flushing = false
  /// The time intervals that muted the last flush (empty when it could notify).
  var mutedBy: [String] = []
}

/// An integration of a receiver, with its index among the receiver's integrations of the same
/// kind (Alertmanager's `email[0]`, `webhook[1]`), which keys the notification log.
package struct Integration: Sendable {
  package var receiver: any Receiver
  package var index: Int

  package init(receiver: any Receiver, index: Int) {
    self.receiver = receiver
    self.index = index
  }

  /// Numbers a receiver's integrations per kind, in configuration order.
  package static func indexed(_ receivers: [any Receiver]) -> [Integration] {
    var seen: [String: Int] = [:]
    return receivers.map { receiver in
      let index = seen[receiver.integration, default: 0]
      seen[receiver.integration] = index + 1
      return Integration(receiver: receiver, index: index)
    }
  }
}

/// What one flush of one group hands to the delivery pipeline.
struct FlushJob: Sendable {
  struct ResolvedVersion: Sendable {
    var fingerprint: AlertFingerprint
    var updatedAtMs: Int64
  }

  var serial: Int
  var groupKey: String
  var groupLabels: Labels
  var receiver: String
  var integrations: [Integration]
  /// The alerts to notify: not silenced, inhibited or muted; firing ones with no end, so they
  /// stay firing for the receiver however long delivery takes.
  var alerts: [Alert]
  var repeatIntervalMs: Int64
  var groupIntervalMs: Int64
  /// When the flush started; alerts are firing or resolved relative to it.
  var nowMs: Int64
  /// The group's resolved alerts as they were, removed after a successful flush unless updated since.
  var resolved: [ResolvedVersion]
}
