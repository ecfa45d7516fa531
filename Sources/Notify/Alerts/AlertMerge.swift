// How a received alert becomes the stored one, by Alertmanager's rules: a missing start becomes
// now (or the end), a missing end becomes now + resolve_timeout (a "timeout" end a sender's
// explicit one overrides), and an update overlapping the stored alert's active range is merged
// (earliest start, end from the newer update unless an explicit later end or resolution wins);
// an update after the stored one ended replaces it, so a re-fired alert starts anew.
package import WardenCore

/// An alert as stored, with whether its end came from the resolve timeout.
package struct TimedAlert: Sendable, Equatable {
  package var alert: Alert
  /// `endsAt` was set from `resolve_timeout` because the sender gave none.
  package var timeout: Bool

  package init(alert: Alert, timeout: Bool) {
    self.alert = alert
    self.timeout = timeout
  }
}

package enum AlertMerge {
  /// The received alert with its times completed and `updatedAt` set to now.
  package static func received(_ alert: Alert, nowMs: Int64, resolveTimeoutMs: Int64) -> TimedAlert {
    var alert = alert
    alert.updatedAtMs = nowMs
    if alert.startsAtMs == 0 { alert.startsAtMs = alert.endsAtMs != 0 ? alert.endsAtMs : nowMs }
    var timeout = false
    if alert.endsAtMs == 0 {
      timeout = true
      alert.endsAtMs = nowMs + resolveTimeoutMs
    }
    return TimedAlert(alert: alert, timeout: timeout)
  }

  /// The stored alert after `incoming` (already completed by `received`) arrives.
  package static func apply(_ incoming: TimedAlert, to stored: TimedAlert?, nowMs: Int64) -> TimedAlert {
    guard let stored else { return incoming }
    let old = stored.alert
    let new = incoming.alert
    let overlaps = (new.endsAtMs > old.startsAtMs && new.endsAtMs < old.endsAtMs)
      || (new.startsAtMs > old.startsAtMs && new.startsAtMs < old.endsAtMs)
    guard overlaps else { return incoming }
    return merge(stored, incoming, nowMs: nowMs)
  }

  /// Alertmanager's merge of two versions of one alert: the younger one's fields, the earliest
  /// start, and the older one's end when it is an explicit later end (or a later resolution).
  static func merge(_ first: TimedAlert, _ second: TimedAlert, nowMs: Int64) -> TimedAlert {
    let (older, younger) = second.alert.updatedAtMs < first.alert.updatedAtMs ? (second, first) : (first, second)
    var result = younger
    if older.alert.startsAtMs < younger.alert.startsAtMs { result.alert.startsAtMs = older.alert.startsAtMs }
    if younger.alert.isResolved(atMs: nowMs) {
      if older.alert.isResolved(atMs: nowMs) && older.alert.endsAtMs > younger.alert.endsAtMs {
        result.alert.endsAtMs = older.alert.endsAtMs
        result.timeout = older.timeout
      }
    } else if older.alert.endsAtMs > younger.alert.endsAtMs && !older.timeout {
      result.alert.endsAtMs = older.alert.endsAtMs
      result.timeout = false
    }
    return result
  }
}
