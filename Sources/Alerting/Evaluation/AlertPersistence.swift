// How alert states and history go to the catalog: a rule's key across restarts (file, group,
// name and which rule of that name it is), stored records to alerts and back, and history
// events for state changes.
import Catalog
import WardenCore

enum AlertPersistence {
  /// The keys of a group's rules: `file`, group and name, plus the rule's ordinal among rules of
  /// that name in the group, so adding or moving other rules keeps the key.
  static func ruleKeys(of group: RuleGroup) -> [String] {
    var seen: [String: Int] = [:]
    return group.rules.map { rule in
      let ordinal = seen[rule.name, default: 0]
      seen[rule.name] = ordinal + 1
      return "\(group.file)\t\(group.name)\t\(rule.name)\t\(ordinal)"
    }
  }

  static func record(_ alert: RuleAlert, ruleKey: String) -> RuleAlertStateRecord {
    RuleAlertStateRecord(
      ruleKey: ruleKey, labels: alert.labels, annotations: alert.annotations, state: alert.state.rawValue, value: alert.value,
      activeAtMs: alert.activeAtMs, firedAtMs: alert.firedAtMs, resolvedAtMs: alert.resolvedAtMs, lastSentAtMs: alert.lastSentAtMs,
      keepFiringSinceMs: alert.keepFiringSinceMs)
  }

  /// A stored alert as the state machine holds it; nil for a state it never stores. The
  /// notifier lost its alerts with the restart, so the alert is sent again at the first
  /// evaluation (`lastSentAtMs` cleared); the notifier's own log keeps that from notifying twice.
  static func alert(_ record: RuleAlertStateRecord) -> RuleAlert? {
    guard let state = AlertState(rawValue: record.state), state != .inactive else { return nil }
    var alert = RuleAlert(
      labels: record.labels, annotations: record.annotations, value: record.value, state: state, activeAtMs: record.activeAtMs)
    alert.firedAtMs = record.firedAtMs
    alert.keepFiringSinceMs = record.keepFiringSinceMs
    return alert
  }

  /// The history event of a change, if it is one (`keep_firing_for` holding is not).
  static func event(_ change: AlertChange, atMs ts: Int64, sentLabels: Labels, detail: String) -> AlertEventRecord? {
    let state: String
    switch change.kind {
    case .became(let newState): state = newState.rawValue
    case .abandoned: state = "inactive"
    case .resolved: state = "resolved"
    case .keepFiringChanged: return nil
    }
    return AlertEventRecord(atMs: ts, labels: sentLabels, source: "rule", state: state, value: change.alert.value, detail: detail)
  }
}

/// What one group evaluation stores in the catalog, written once at its end.
struct CatalogChanges: Sendable {
  var events: [AlertEventRecord] = []
  var upserts: [RuleAlertStateRecord] = []
  var deletions: [(ruleKey: String, fingerprint: AlertFingerprint)] = []

  var isEmpty: Bool { events.isEmpty && upserts.isEmpty && deletions.isEmpty }

  /// Records a change of an alert of the rule `ruleKey`.
  mutating func add(_ change: AlertChange, ruleKey: String) {
    switch change.kind {
    case .became, .keepFiringChanged: upserts.append(AlertPersistence.record(change.alert, ruleKey: ruleKey))
    case .abandoned, .resolved: deletions.append((ruleKey, change.alert.labels.fingerprint))
    }
  }
}

extension Labels {
  var fingerprint: AlertFingerprint { AlertFingerprint(stableHash) }
}
