// The notifier's state as one value: the compiled configuration, the alerts by fingerprint, the
// aggregation groups and their flush queue. Receiving alerts, taking due flushes and completing
// them are mutations without I/O; `AlertNotifier` holds it under one lock and performs the
// deliveries and writes the mutations ask for.
import Catalog
import WardenCore

/// One alert as kept: the merged alert, the routes it takes, the groups holding it, and the
/// last state written to the alert history.
struct StoredAlert: Sendable {
  var timed: TimedAlert
  /// Indexes of the routes it matches (labels never change for a fingerprint).
  var routes: [Int]
  /// Serials of the aggregation groups holding it.
  var groups: [Int] = []
  /// "firing" or "resolved" as last recorded in the history (API alerts only).
  var recordedState: String?

  var alert: Alert { timed.alert }
}

/// What receiving a batch did.
struct ReceiveResult: Sendable {
  var accepted = 0
  var rejected = 0
  var events: [AlertEventRecord] = []
  /// A group's flush became due earlier than the loop may be sleeping for.
  var rescheduled = false
}

/// Not thread-safe: `AlertNotifier` keeps it in a `Mutex`.
struct NotifierState: Sendable {
  var configuration: AlertmanagerConfiguration
  var routes: RouteTree
  var inhibitor: Inhibitor
  var intervals: TimeIntervals
  var integrations: [String: [Integration]]
  var resolveTimeoutMs: Int64
  let maxAlerts: Int

  var alerts: [AlertFingerprint: StoredAlert] = [:]
  var groups: [Int: AggregationGroup] = [:]
  var groupSerials: [GroupIdentity: Int] = [:]
  var queue = FlushQueue()
  var nextSerial = 0
  var rejectedTotal = 0
  var receivedTotal = 0

  init(configuration: AlertmanagerConfiguration, integrations: [String: [Integration]], maxAlerts: Int) {
    self.configuration = configuration
    routes = RouteTree(configuration.route)
    inhibitor = Inhibitor(configuration.inhibitRules)
    intervals = TimeIntervals(configuration.allTimeIntervals)
    self.integrations = integrations
    resolveTimeoutMs = configuration.global.resolveTimeout.duration.milliseconds
    self.maxAlerts = maxAlerts
  }

  /// Switches to a new configuration: routes, inhibitions, intervals and integrations are
  /// rebuilt and every alert is grouped anew (as Alertmanager's reload does). Groups wait their
  /// group_wait again, or flush at once for alerts older than it; the notification log keeps
  /// them from repeating what was already sent.
  /// - Returns: whether flushes were scheduled (always, unless there are no alerts).
  @discardableResult
  mutating func apply(_ configuration: AlertmanagerConfiguration, integrations: [String: [Integration]], nowMs: Int64) -> Bool {
    self.configuration = configuration
    routes = RouteTree(configuration.route)
    inhibitor = Inhibitor(configuration.inhibitRules)
    intervals = TimeIntervals(configuration.allTimeIntervals)
    self.integrations = integrations
    resolveTimeoutMs = configuration.global.resolveTimeout.duration.milliseconds
    groups = [:]
    groupSerials = [:]
    queue.removeAll()
    var rescheduled = false
    for (fingerprint, var stored) in alerts {
      inhibitor.add(fingerprint, labels: stored.alert.labels)
      stored.routes = routes.match(stored.alert.labels)
      stored.groups = []
      insertIntoGroups(&stored, fingerprint, nowMs: nowMs, rescheduled: &rescheduled)
      alerts[fingerprint] = stored
    }
    return rescheduled
  }

  // MARK: - Receiving

  /// Merges received alerts into the store and their groups.
  /// - Parameter recordEvents: whether to report firing/resolved changes for the history.
  mutating func receive(_ incoming: [Alert], recordEvents: Bool, nowMs: Int64) -> ReceiveResult {
    var result = ReceiveResult()
    receivedTotal += incoming.count
    for alert in incoming {
      let fingerprint = alert.fingerprint
      let received = AlertMerge.received(alert, nowMs: nowMs, resolveTimeoutMs: resolveTimeoutMs)
      var stored: StoredAlert
      if let existing = alerts[fingerprint] {
        stored = existing
        stored.timed = AlertMerge.apply(received, to: existing.timed, nowMs: nowMs)
      } else {
        guard alerts.count < maxAlerts else {
          result.rejected += 1
          continue
        }
        stored = StoredAlert(timed: received, routes: routes.match(alert.labels))
        inhibitor.add(fingerprint, labels: alert.labels)
      }
      result.accepted += 1
      if recordEvents {
        let state = stored.alert.isResolved(atMs: nowMs) ? "resolved" : "firing"
        // An alert first seen resolved changed nothing anyone was told about.
        if state != stored.recordedState && !(stored.recordedState == nil && state == "resolved") {
          result.events.append(
            AlertEventRecord(atMs: nowMs, labels: alert.labels, source: "api", state: state, detail: stored.alert.generatorURL))
        }
        stored.recordedState = state
      }
      insertIntoGroups(&stored, fingerprint, nowMs: nowMs, rescheduled: &result.rescheduled)
      alerts[fingerprint] = stored
    }
    rejectedTotal += result.rejected
    return result
  }

  /// Puts the alert in the group of each of its routes, creating groups as needed.
  private mutating func insertIntoGroups(_ stored: inout StoredAlert, _ fingerprint: AlertFingerprint, nowMs: Int64, rescheduled: inout Bool) {
    // Usually the alert is already in all its groups: nothing to do.
    if stored.groups.count == stored.routes.count && stored.groups.allSatisfy({ groups[$0] != nil }) { return }
    stored.groups = []
    for route in stored.routes {
      let node = routes.nodes[route]
      let identity = GroupIdentity(route: route, labels: node.groupLabels(for: stored.alert.labels))
      let serial: Int
      if let existing = groupSerials[identity] {
        serial = existing
      } else {
        serial = nextSerial
        nextSerial += 1
        let group = AggregationGroup(
          serial: serial, identity: identity, key: node.key + ":" + identity.labels.description, nextFlushMs: nowMs + node.groupWaitMs)
        groups[serial] = group
        groupSerials[identity] = serial
        queue.push(dueMs: group.nextFlushMs, serial: serial)
        rescheduled = true
      }
      guard var group = groups[serial] else { continue }
      group.fingerprints.insert(fingerprint)
      // An alert that started longer than group_wait ago need not wait for the first flush.
      if !group.hasFlushed && !group.flushing && stored.alert.startsAtMs + node.groupWaitMs < nowMs && group.nextFlushMs > nowMs {
        group.nextFlushMs = nowMs
        queue.push(dueMs: nowMs, serial: serial)
        rescheduled = true
      }
      groups[serial] = group
      stored.groups.append(serial)
    }
  }

  // MARK: - Housekeeping

  /// Reports API alerts that resolved by timing out (no update before their end), and drops
  /// resolved alerts no group holds any more.
  mutating func collectGarbage(nowMs: Int64) -> [AlertEventRecord] {
    var events: [AlertEventRecord] = []
    var orphans: [AlertFingerprint] = []
    for (fingerprint, stored) in alerts where stored.alert.isResolved(atMs: nowMs) {
      if stored.recordedState == "firing" {
        events.append(
          AlertEventRecord(
            atMs: stored.alert.endsAtMs, labels: stored.alert.labels, source: "api", state: "resolved",
            detail: stored.alert.generatorURL))
        alerts[fingerprint]?.recordedState = "resolved"
      }
      if stored.groups.allSatisfy({ groups[$0]?.fingerprints.contains(fingerprint) != true }) { orphans.append(fingerprint) }
    }
    for fingerprint in orphans { removeAlert(fingerprint) }
    return events
  }

  mutating func removeAlert(_ fingerprint: AlertFingerprint) {
    guard let stored = alerts.removeValue(forKey: fingerprint) else { return }
    inhibitor.remove(fingerprint, labels: stored.alert.labels)
  }

  /// Whether the stored alert is firing at `nowMs` (false when unknown).
  func isFiring(_ fingerprint: AlertFingerprint, atMs nowMs: Int64) -> Bool {
    guard let stored = alerts[fingerprint] else { return false }
    return !stored.alert.isResolved(atMs: nowMs)
  }
}
