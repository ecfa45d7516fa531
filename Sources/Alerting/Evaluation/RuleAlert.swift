// One alert of an alerting rule and its state, as Prometheus keeps it: when it became active,
// fired, resolved, was last sent, and since when `keep_firing_for` holds it.
package import WardenCore

/// Where an alert is in its life.
package enum AlertState: String, Sendable, Hashable, Comparable {
  /// Resolved (kept for re-sending) or never active.
  case inactive
  /// Active, waiting out `for`.
  case pending
  case firing

  private var rank: Int {
    switch self {
    case .inactive: 0
    case .pending: 1
    case .firing: 2
    }
  }

  package static func < (lhs: AlertState, rhs: AlertState) -> Bool { lhs.rank < rhs.rank }
}

/// One alert of one rule. Timestamps are Unix milliseconds, 0 when unset.
package struct RuleAlert: Sendable, Equatable {
  /// The result's labels without `__name__`, the rule's labels, and `alertname`.
  package var labels: Labels
  package var annotations: Labels
  package var value: Double
  package var state: AlertState
  package var activeAtMs: Int64
  package var firedAtMs: Int64 = 0
  package var resolvedAtMs: Int64 = 0
  package var lastSentAtMs: Int64 = 0
  /// Sent alerts are valid until then unless re-sent (4 resend delays or intervals ahead).
  package var validUntilMs: Int64 = 0
  /// When the expression stopped returning a firing alert that `keep_firing_for` keeps firing.
  package var keepFiringSinceMs: Int64 = 0

  package init(labels: Labels, annotations: Labels, value: Double, state: AlertState, activeAtMs: Int64) {
    self.labels = labels
    self.annotations = annotations
    self.value = value
    self.state = state
    self.activeAtMs = activeAtMs
  }

  /// Prometheus's rule: pending alerts are never sent; a resolution not yet sent is; otherwise
  /// once the resend delay has passed.
  func needsSending(atMs ts: Int64, resendDelayMs: Int64) -> Bool {
    if state == .pending { return false }
    if resolvedAtMs > lastSentAtMs { return true }
    return lastSentAtMs + resendDelayMs < ts
  }
}
