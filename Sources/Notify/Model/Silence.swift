// A silence as Alertmanager defines it: matchers, a time window, who made it and why. Alerts
// matching every matcher while the silence is active are not notified.

/// One silence.
package struct Silence: Sendable, Equatable {
  /// A UUID, assigned when the silence is created.
  package var id: String
  package var matchers: [SilenceMatcher]
  package var startsAtMs: Int64
  package var endsAtMs: Int64
  package var updatedAtMs: Int64
  package var createdBy: String
  package var comment: String

  package init(
    id: String, matchers: [SilenceMatcher], startsAtMs: Int64, endsAtMs: Int64, updatedAtMs: Int64, createdBy: String,
    comment: String
  ) {
    self.id = id
    self.matchers = matchers
    self.startsAtMs = startsAtMs
    self.endsAtMs = endsAtMs
    self.updatedAtMs = updatedAtMs
    self.createdBy = createdBy
    self.comment = comment
  }

  /// pending before it starts, active while it runs, expired after it ends.
  package func state(atMs nowMs: Int64) -> SilenceState {
    if nowMs < startsAtMs { return .pending }
    if nowMs >= endsAtMs { return .expired }
    return .active
  }
}

package enum SilenceState: String, Sendable, Equatable {
  case pending, active, expired
}

/// One matcher of a silence, in the API's shape (`isRegex`, `isEqual`).
package struct SilenceMatcher: Sendable, Hashable {
  package var name: String
  package var value: String
  package var isRegex: Bool
  package var isEqual: Bool

  package init(name: String, value: String, isRegex: Bool, isEqual: Bool = true) {
    self.name = name
    self.value = value
    self.isRegex = isRegex
    self.isEqual = isEqual
  }
}
