// Flushing aggregation groups: taking the groups that are due, deciding what each flush carries
// (muted routes carry nothing; silenced and inhibited alerts are left out), and finishing a flush
// (resolved alerts it notified leave the group, an empty group ends, the next flush is scheduled).
import WardenCore

extension NotifierState {
  /// Takes every group due at `nowMs` and returns what each flush must deliver.
  mutating func takeDueFlushes(nowMs: Int64, silences: Silences) -> [FlushJob] {
    var jobs: [FlushJob] = []
    while let (dueMs, serial) = queue.popDue(atMs: nowMs) {
      // Stale entries (rescheduled, flushing or deleted groups) are dropped here.
      guard var group = groups[serial], !group.flushing, group.nextFlushMs == dueMs else { continue }
      group.flushing = true
      group.hasFlushed = true
      let job = flushJob(for: &group, nowMs: nowMs, silences: silences)
      groups[serial] = group
      jobs.append(job)
    }
    return jobs
  }

  private func flushJob(for group: inout AggregationGroup, nowMs: Int64, silences: Silences) -> FlushJob {
    let route = routes.nodes[group.identity.route]
    group.mutedBy = intervals.mutingNames(for: route, atMs: nowMs)
    var notified: [Alert] = []
    var resolved: [FlushJob.ResolvedVersion] = []
    for fingerprint in group.fingerprints {
      guard let stored = alerts[fingerprint] else { continue }
      var alert = stored.alert
      let isResolved = alert.isResolved(atMs: nowMs)
      if isResolved { resolved.append(.init(fingerprint: fingerprint, updatedAtMs: alert.updatedAtMs)) }
      guard group.mutedBy.isEmpty else { continue }
      if inhibitor.inhibitor(of: alert.labels, isFiring: { isFiring($0, atMs: nowMs) }) != nil { continue }
      if !silences.mutingIDs(for: alert.labels, nowMs: nowMs).isEmpty { continue }
      // A firing alert stays firing for the receivers, however long delivery takes.
      if !isResolved { alert.endsAtMs = 0 }
      notified.append(alert)
    }
    notified.sort(by: Self.notificationOrder)
    return FlushJob(
      serial: group.serial, groupKey: group.key, groupLabels: group.identity.labels, receiver: route.receiver,
      integrations: integrations[route.receiver] ?? [], alerts: notified, repeatIntervalMs: route.repeatIntervalMs,
      groupIntervalMs: route.groupIntervalMs, nowMs: nowMs, resolved: resolved)
  }

  /// Alertmanager's order of alerts in a notification: by `job`, then `instance`, then labels.
  static func notificationOrder(_ left: Alert, _ right: Alert) -> Bool {
    for name in ["job", "instance"] {
      let (a, b) = (left.labels[name], right.labels[name])
      if a != b { return a < b }
    }
    return left.labels < right.labels
  }

  /// Finishes a flush: after success the resolved alerts it saw (unless updated since) leave
  /// the group, and alerts no group holds any more are forgotten; an empty group ends; otherwise
  /// the next flush is due group_interval after this one started.
  /// - Returns: whether a flush was scheduled.
  @discardableResult
  mutating func completeFlush(_ job: FlushJob, succeeded: Bool) -> Bool {
    // A reload replaced the groups while this flush ran: nothing to update.
    guard var group = groups[job.serial] else { return false }
    group.flushing = false
    if succeeded {
      for version in job.resolved where alerts[version.fingerprint]?.alert.updatedAtMs == version.updatedAtMs {
        group.fingerprints.remove(version.fingerprint)
        guard var stored = alerts[version.fingerprint] else { continue }
        stored.groups.removeAll { $0 == job.serial }
        if stored.groups.isEmpty {
          removeAlert(version.fingerprint)
        } else {
          alerts[version.fingerprint] = stored
        }
      }
    }
    if group.fingerprints.isEmpty {
      groups[job.serial] = nil
      groupSerials[group.identity] = nil
      return false
    }
    group.nextFlushMs = job.nowMs + job.groupIntervalMs
    groups[job.serial] = group
    queue.push(dueMs: group.nextFlushMs, serial: job.serial)
    return true
  }
}
