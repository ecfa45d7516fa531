// The alert state machine of one alerting rule, as a value: each evaluation's results move alerts
// inactive → pending → firing (after `for`) → inactive/resolved (kept firing for
// `keep_firing_for`), and the step reports what changed so the owner can write ALERTS series,
// record history and persist state. No I/O here; tests drive it with plain timestamps.
package import WardenCore

/// One element of the expression's result, with the alert's labels and annotations expanded.
package struct AlertCandidate: Sendable {
  package var labels: Labels
  package var annotations: Labels
  package var value: Double

  package init(labels: Labels, annotations: Labels, value: Double) {
    self.labels = labels
    self.annotations = annotations
    self.value = value
  }
}

/// A state change of one alert in one evaluation.
package struct AlertChange: Sendable, Equatable {
  package enum Kind: Sendable, Equatable {
    /// New, or moved between pending and firing: a history event and a stored state.
    case became(AlertState)
    /// A pending alert that went away without firing (history "inactive"), no longer stored.
    case abandoned
    /// A firing alert that resolved (history "resolved"), no longer stored.
    case resolved
    /// `keep_firing_for` started or stopped holding it: stored, no history event.
    case keepFiringChanged
  }

  package var kind: Kind
  package var alert: RuleAlert
}

package struct AlertingRuleState: Sendable {
  /// The rule's settings that the state machine needs.
  package struct Parameters: Sendable {
    package var holdMs: Int64
    package var keepFiringForMs: Int64
    /// 0 is no limit.
    package var limit: Int
    package var resolvedRetentionMs: Int64

    package init(holdMs: Int64, keepFiringForMs: Int64, limit: Int, resolvedRetentionMs: Int64 = 15 * 60_000) {
      self.holdMs = holdMs
      self.keepFiringForMs = keepFiringForMs
      self.limit = limit
      self.resolvedRetentionMs = resolvedRetentionMs
    }
  }

  /// What one evaluation did.
  package struct Outcome: Sendable {
    /// Pending and firing alerts after the step (what the ALERTS series show).
    package var active: [RuleAlert] = []
    package var changes: [AlertChange] = []
    /// Set when the rule produced more alerts than its limit: every alert was dropped.
    package var limitError: String?
    /// When `limitError` is set: the alerts dropped (their stored states must go).
    package var dropped: [RuleAlert] = []
  }

  /// Every alert the rule tracks, by labels: pending, firing, and resolved ones kept for resending.
  package private(set) var alerts: [Labels: RuleAlert] = [:]

  package init() {}

  /// Applies one evaluation's results at `ts`.
  package mutating func evaluate(_ candidates: [AlertCandidate], atMs ts: Int64, parameters: Parameters) -> Outcome {
    var outcome = Outcome()
    var returned = Set<Labels>(minimumCapacity: candidates.count)
    var created = Set<Labels>()
    for candidate in candidates {
      returned.insert(candidate.labels)
      if var existing = alerts[candidate.labels], existing.state != .inactive {
        existing.value = candidate.value
        existing.annotations = candidate.annotations
        alerts[candidate.labels] = existing
      } else {
        alerts[candidate.labels] = RuleAlert(
          labels: candidate.labels, annotations: candidate.annotations, value: candidate.value, state: .pending, activeAtMs: ts)
        created.insert(candidate.labels)
      }
    }

    var removed: [Labels] = []
    var activeCount = 0
    // Walk by index and write values in place, so the dictionary is never copied.
    var index = alerts.startIndex
    while index != alerts.endIndex {
      defer { index = alerts.index(after: index) }
      let labels = alerts.keys[index]
      var alert = alerts.values[index]
      let previousKeepFiringSince = alert.keepFiringSinceMs
      if !returned.contains(labels) {
        var keepsFiring = false
        if alert.state == .firing && parameters.keepFiringForMs > 0 {
          if alert.keepFiringSinceMs == 0 { alert.keepFiringSinceMs = ts }
          keepsFiring = ts - alert.keepFiringSinceMs < parameters.keepFiringForMs
        }
        if alert.state == .pending || (alert.resolvedAtMs != 0 && ts - alert.resolvedAtMs > parameters.resolvedRetentionMs) {
          removed.append(labels)
        }
        if alert.state != .inactive && !keepsFiring {
          outcome.changes.append(AlertChange(kind: alert.state == .firing ? .resolved : .abandoned, alert: alert))
          alert.state = .inactive
          alert.resolvedAtMs = ts
          alert.keepFiringSinceMs = 0
        }
        if !keepsFiring {
          alerts.values[index] = alert
          continue
        }
      } else {
        alert.keepFiringSinceMs = 0
      }
      activeCount += 1
      if alert.state == .pending && ts - alert.activeAtMs >= parameters.holdMs {
        alert.state = .firing
        alert.firedAtMs = ts
        outcome.changes.append(AlertChange(kind: .became(.firing), alert: alert))
      } else if created.contains(labels) {
        outcome.changes.append(AlertChange(kind: .became(.pending), alert: alert))
      } else if alert.keepFiringSinceMs != previousKeepFiringSince {
        outcome.changes.append(AlertChange(kind: .keepFiringChanged, alert: alert))
      }
      alerts.values[index] = alert
      outcome.active.append(alert)
    }
    for labels in removed { alerts[labels] = nil }

    if parameters.limit > 0 && activeCount > parameters.limit {
      outcome.dropped = Array(alerts.values)
      alerts = [:]
      return Outcome(limitError: "exceeded limit of \(parameters.limit) with \(activeCount) alerts", dropped: outcome.dropped)
    }
    return outcome
  }

  /// The alerts to send at `ts` (marked sent, valid for 4 resend delays or intervals).
  package mutating func takeAlertsToSend(atMs ts: Int64, resendDelayMs: Int64, intervalMs: Int64) -> [RuleAlert] {
    var toSend: [RuleAlert] = []
    let validFor = 4 * max(resendDelayMs, intervalMs)
    var index = alerts.startIndex
    while index != alerts.endIndex {
      if alerts.values[index].needsSending(atMs: ts, resendDelayMs: resendDelayMs) {
        alerts.values[index].lastSentAtMs = ts
        alerts.values[index].validUntilMs = ts + validFor
        toSend.append(alerts.values[index])
      }
      index = alerts.index(after: index)
    }
    return toSend
  }

  /// Puts back an alert restored from storage (after a restart or a reload).
  package mutating func restore(_ alert: RuleAlert) {
    alerts[alert.labels] = alert
  }

  /// Pending and firing alerts.
  package var activeAlerts: [RuleAlert] {
    alerts.values.filter { $0.state != .inactive }
  }

  /// The rule's overall state: its most advanced alert's.
  package var ruleState: AlertState {
    alerts.values.reduce(AlertState.inactive) { max($0, $1.state) }
  }
}
