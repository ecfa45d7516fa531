// What the Alertmanager API lists: alerts with their status (silenced by, inhibited by, muted by)
// and receivers, and the aggregation groups, filtered as `/api/v2/alerts` and
// `/api/v2/alerts/groups` filter them. Resolved alerts are not listed.
import WardenCore

extension NotifierState {
  /// The alert's status now: silences and inhibitions are evaluated live (as the API does),
  /// mutes are those of its groups' last flush.
  func status(of fingerprint: AlertFingerprint, _ stored: StoredAlert, silences: Silences, nowMs: Int64) -> AlertStatus {
    let labels = stored.alert.labels
    let silencedBy = silences.mutingIDs(for: labels, nowMs: nowMs)
    let inhibitedBy = inhibitor.inhibitor(of: labels, isFiring: { isFiring($0, atMs: nowMs) }).map { [$0.description] } ?? []
    var mutedBy: Set<String> = []
    for serial in stored.groups { mutedBy.formUnion(groups[serial]?.mutedBy ?? []) }
    let suppressed = !silencedBy.isEmpty || !inhibitedBy.isEmpty || !mutedBy.isEmpty
    return AlertStatus(
      state: suppressed ? .suppressed : .active, silencedBy: silencedBy, inhibitedBy: inhibitedBy, mutedBy: mutedBy.sorted())
  }

  /// Whether an alert with `status` passes the filter's state flags.
  private static func passes(_ status: AlertStatus, _ filter: AlertFilter) -> Bool {
    if !filter.active && status.state == .active { return false }
    if !filter.unprocessed && status.state == .unprocessed { return false }
    if !filter.silenced && !status.silencedBy.isEmpty { return false }
    if !filter.inhibited && !status.inhibitedBy.isEmpty { return false }
    return true
  }

  private func snapshot(_ fingerprint: AlertFingerprint, _ stored: StoredAlert, _ filter: AlertFilter, silences: Silences, nowMs: Int64)
    -> AlertSnapshot?
  {
    guard !stored.alert.isResolved(atMs: nowMs), filter.matchers.filterMatch(stored.alert.labels) else { return nil }
    let status = status(of: fingerprint, stored, silences: silences, nowMs: nowMs)
    guard Self.passes(status, filter) else { return nil }
    return AlertSnapshot(alert: stored.alert, status: status, receivers: stored.routes.map { routes.nodes[$0].receiver })
  }

  /// The unresolved alerts passing `filter`, by fingerprint.
  func alertSnapshots(_ filter: AlertFilter, silences: Silences, nowMs: Int64) -> [AlertSnapshot] {
    var found: [(AlertFingerprint, AlertSnapshot)] = []
    for (fingerprint, stored) in alerts {
      guard let snapshot = snapshot(fingerprint, stored, filter, silences: silences, nowMs: nowMs) else { continue }
      if let receiver = filter.receiver, !snapshot.receivers.contains(where: { receiver.matches($0) }) { continue }
      found.append((fingerprint, snapshot))
    }
    return found.sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// The aggregation groups with at least one alert passing `filter`, by labels then receiver.
  func groupSnapshots(_ filter: AlertFilter, silences: Silences, nowMs: Int64) -> [AlertGroupSnapshot] {
    var found: [AlertGroupSnapshot] = []
    for group in groups.values {
      let receiver = routes.nodes[group.identity.route].receiver
      if let matcher = filter.receiver, !matcher.matches(receiver) { continue }
      let members = group.fingerprints.sorted().compactMap { fingerprint in
        alerts[fingerprint].flatMap { snapshot(fingerprint, $0, filter, silences: silences, nowMs: nowMs) }
      }
      guard !members.isEmpty else { continue }
      found.append(AlertGroupSnapshot(labels: group.identity.labels, receiver: receiver, alerts: members))
    }
    return found.sorted { ($0.labels, $0.receiver) < ($1.labels, $1.receiver) }
  }
}
