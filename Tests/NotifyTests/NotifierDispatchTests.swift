// The notifier's timing and deduplication with short durations: group_wait before the first
// notification (skipped for alerts older than it), group_interval batching, nothing repeated
// until repeat_interval, resolved notifications only where send_resolved is on, resolved alerts
// forgotten once notified, and reloads that regroup without repeating.
import Catalog
import Notify
import Testing
import WardenCore

func routeYAML(
  groupWait: String = "50ms", groupInterval: String = "200ms", repeatInterval: String = "1h", groupBy: String = "[alertname]",
  receivers: [String] = ["team"], extra: String = ""
) -> String {
  """
  route:
    receiver: \(receivers[0])
    group_by: \(groupBy)
    group_wait: \(groupWait)
    group_interval: \(groupInterval)
    repeat_interval: \(repeatInterval)
  \(extra)
  receivers:
  \(receivers.map { "  - name: \($0)" }.joined(separator: "\n"))
  """
}

@Suite(.serialized) struct NotifierDispatchTests {
  @Test func firstNotificationWaitsGroupWaitThenBatchesByGroupInterval() async throws {
    let receiver = RecordingReceiver()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(routeYAML(groupWait: "400ms", groupInterval: "600ms"), receivers: ["team": [receiver]], catalog: catalog)
    try await whileRunning(notifier) {
      let receivedAt = nowMs()
      await notifier.receive([alert(["alertname": "Down", "instance": "a"])], source: "api")
      #expect(receiver.notifications.isEmpty, "nothing before group_wait")
      #expect(await eventually { receiver.notifications.count == 1 })
      let first = try #require(receiver.notifications.first)
      #expect(first.nowMs >= receivedAt + 400 - 2, "flushed \(first.nowMs - receivedAt) ms after receipt")
      #expect(first.groupKey == #"{}:{alertname="Down"}"#)
      #expect(first.groupLabels == Labels(["alertname": "Down"]))
      #expect(first.firing.count == 1 && first.status == "firing")
      #expect(first.alerts[0].endsAtMs == 0, "firing alerts go out without an end")
      #expect(first.externalURL == "http://warden.test:9470")
      // A second alert in the same group waits for the group_interval tick.
      await notifier.receive([alert(["alertname": "Down", "instance": "b"])], source: "api")
      #expect(await eventually { receiver.notifications.count == 2 })
      let second = receiver.notifications[1]
      #expect(second.nowMs >= first.nowMs + 600 - 2, "the next flush comes group_interval after the first")
      #expect(second.alerts.map { $0.labels["instance"] } == ["a", "b"])
      // Nothing new: later flushes send nothing.
      try await Task.sleep(for: .milliseconds(1500))
      #expect(receiver.notifications.count == 2)
    }
  }

  @Test func alertsOlderThanGroupWaitAreSentAtOnce() async throws {
    let receiver = RecordingReceiver()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(routeYAML(groupWait: "30s"), receivers: ["team": [receiver]], catalog: catalog)
    try await whileRunning(notifier) {
      await notifier.receive([alert(["alertname": "Old"], startsAtMs: nowMs() - 3_600_000)], source: "api")
      #expect(await eventually(timeout: .seconds(5)) { receiver.notifications.count == 1 })
    }
  }

  @Test func unchangedGroupsRepeatAfterRepeatInterval() async throws {
    let receiver = RecordingReceiver()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(
      routeYAML(groupWait: "20ms", groupInterval: "100ms", repeatInterval: "500ms"), receivers: ["team": [receiver]], catalog: catalog)
    try await whileRunning(notifier) {
      await notifier.receive([alert(["alertname": "Flapping"])], source: "api")
      #expect(await eventually { receiver.notifications.count >= 3 })
      let times = receiver.notifications.map(\.nowMs)
      for (earlier, later) in zip(times, times.dropFirst()) {
        #expect(later - earlier >= 500 - 2, "repeated after \(later - earlier) ms")
      }
    }
  }

  @Test func resolvedNotificationsOnlyWhereSendResolved() async throws {
    let sendsResolved = RecordingReceiver(integration: "webhook", sendResolved: true)
    let firingOnly = RecordingReceiver(integration: "email", sendResolved: false)
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(
      routeYAML(groupWait: "20ms", groupInterval: "150ms"), receivers: ["team": [sendsResolved, firingOnly]], catalog: catalog)
    try await whileRunning(notifier) {
      let started = nowMs()
      await notifier.receive([alert(["alertname": "Down", "instance": "a"], startsAtMs: started)], source: "api")
      #expect(await eventually { sendsResolved.notifications.count == 1 && firingOnly.notifications.count == 1 })
      await notifier.receive([alert(["alertname": "Down", "instance": "a"], startsAtMs: started, endsAtMs: nowMs())], source: "api")
      #expect(await eventually { sendsResolved.notifications.count == 2 })
      let resolved = sendsResolved.notifications[1]
      #expect(resolved.status == "resolved")
      #expect(resolved.resolved.count == 1 && resolved.firing.isEmpty)
      // The resolved alert is forgotten once notified, and its group with it.
      #expect(await eventually { notifier.statistics().alertsStored == 0 && notifier.statistics().aggregationGroups == 0 })
      #expect(firingOnly.notifications.count == 1, "no resolved notification without send_resolved")
      #expect(notifier.alerts(AlertFilter()).isEmpty)
    }
  }

  @Test func newFiringAndResolvedAlertsGoOutTogether() async throws {
    let receiver = RecordingReceiver()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(routeYAML(groupWait: "20ms", groupInterval: "300ms"), receivers: ["team": [receiver]], catalog: catalog)
    try await whileRunning(notifier) {
      let started = nowMs()
      await notifier.receive([alert(["alertname": "Down", "instance": "a"], startsAtMs: started)], source: "api")
      #expect(await eventually { receiver.notifications.count == 1 })
      await notifier.receive(
        [
          alert(["alertname": "Down", "instance": "a"], startsAtMs: started, endsAtMs: nowMs()),
          alert(["alertname": "Down", "instance": "b"]),
        ], source: "api")
      #expect(await eventually { receiver.notifications.count == 2 })
      let update = receiver.notifications[1]
      #expect(update.firing.map { $0.labels["instance"] } == ["b"])
      #expect(update.resolved.map { $0.labels["instance"] } == ["a"])
    }
  }

  @Test func groupByAllAndContinueMakeSeparateGroups() async throws {
    let everyAlert = RecordingReceiver()
    let byName = RecordingReceiver()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let yaml = """
      route:
        receiver: by-name
        group_by: [alertname]
        group_wait: 20ms
        group_interval: 1h
        routes:
          - receiver: every-alert
            group_by: ['...']
            matchers: [team=db]
            continue: true
      receivers:
        - name: by-name
        - name: every-alert
      """
    let notifier = try makeNotifier(yaml, receivers: ["every-alert": [everyAlert], "by-name": [byName]], catalog: catalog)
    try await whileRunning(notifier) {
      await notifier.receive(
        [alert(["alertname": "Slow", "team": "db", "instance": "1"]), alert(["alertname": "Slow", "team": "db", "instance": "2"])],
        source: "api")
      #expect(await eventually { everyAlert.notifications.count == 2 })
      #expect(Set(everyAlert.notifications.map(\.groupKey)).count == 2)
      #expect(everyAlert.notifications.allSatisfy { $0.alerts.count == 1 && $0.groupKey.hasPrefix(#"{}/{team="db"}:"#) })
      // `continue` only moves matching on to later siblings; the root takes only what no child took.
      try await Task.sleep(for: .milliseconds(200))
      #expect(byName.notifications.isEmpty)
      #expect(notifier.groups(AlertFilter()).map(\.receiver) == ["every-alert", "every-alert"])
    }
  }

  @Test func reloadRegroupsWithoutRepeating() async throws {
    let receiver = RecordingReceiver()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(routeYAML(groupWait: "20ms", groupInterval: "200ms"), receivers: ["team": [receiver]], catalog: catalog)
    try await whileRunning(notifier) {
      await notifier.receive([alert(["alertname": "Down"])], source: "api")
      #expect(await eventually { receiver.notifications.count == 1 })
      // Same routing, new timers: already notified, nothing new to send.
      notifier.apply(try loadConfiguration(routeYAML(groupWait: "10ms", groupInterval: "100ms")))
      try await Task.sleep(for: .milliseconds(500))
      #expect(receiver.notifications.count == 1)
      #expect(notifier.groups(AlertFilter()).count == 1)
      // A new alert after the reload is notified with the group.
      await notifier.receive([alert(["alertname": "Down", "instance": "x"])], source: "api")
      #expect(await eventually { receiver.notifications.count == 2 })
    }
  }

  @Test func silencedInhibitedAndMutedAlertsAreNotNotified() async throws {
    let receiver = RecordingReceiver()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let extra = """
      inhibit_rules:
        - source_matchers: [severity=critical]
          target_matchers: [severity=warning]
          equal: [alertname]
      time_intervals:
        - name: always
          time_intervals:
            - times:
                - start_time: '00:00'
                  end_time: '24:00'
      """
    let yaml = """
      route:
        receiver: team
        group_by: [alertname, severity]
        group_wait: 20ms
        group_interval: 150ms
        routes:
          - receiver: team
            matchers: [team=nightly]
            mute_time_intervals: [always]
      \(extra)
      receivers:
        - name: team
      """
    let notifier = try makeNotifier(yaml, receivers: ["team": [receiver]], catalog: catalog)
    try await whileRunning(notifier) {
      let now = nowMs()
      let silenceID = try await notifier.upsertSilence(
        Silence(
          id: "", matchers: [SilenceMatcher(name: "alertname", value: "Silenced", isRegex: false)], startsAtMs: now,
          endsAtMs: now + 3_600_000, updatedAtMs: 0, createdBy: "test", comment: "quiet"))
      let critical = alert(["alertname": "Disk", "severity": "critical"])
      let warning = alert(["alertname": "Disk", "severity": "warning"])
      await notifier.receive(
        [alert(["alertname": "Silenced"]), critical, warning, alert(["alertname": "Nightly", "team": "nightly"])], source: "api")
      #expect(await eventually { receiver.notifications.count == 1 })
      try await Task.sleep(for: .milliseconds(400))
      #expect(receiver.notifications.map { $0.groupLabels["severity"] } == ["critical"])
      let statuses = Dictionary(uniqueKeysWithValues: notifier.alerts(AlertFilter()).map { ($0.alert.labels["alertname"] + $0.alert.labels["severity"], $0.status) })
      #expect(statuses["Silenced"] == AlertStatus(state: .suppressed, silencedBy: [silenceID]))
      #expect(statuses["Diskwarning"] == AlertStatus(state: .suppressed, inhibitedBy: [critical.fingerprint.description]))
      #expect(statuses["Diskcritical"] == AlertStatus(state: .active))
      #expect(statuses["Nightly"] == AlertStatus(state: .suppressed, mutedBy: ["always"]))
      var activeOnly = AlertFilter()
      activeOnly.silenced = false
      activeOnly.inhibited = false
      #expect(Set(notifier.alerts(activeOnly).map(\.alert.name)) == ["Disk", "Nightly"])
      // Expiring the silence lets the next flush notify the alert.
      try await notifier.expireSilence(id: silenceID)
      #expect(await eventually { receiver.notifications.contains { $0.groupLabels["alertname"] == "Silenced" } })
    }
  }

  @Test func rejectsAlertsBeyondTheLimitAndCountsThem() async throws {
    var options = testOptions()
    options.maxAlerts = 5
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(routeYAML(), receivers: [:], catalog: catalog, options: options)
    let first = await notifier.receive((0..<8).map { alert(["alertname": "A", "i": "\($0)"]) }, source: "api")
    #expect(first == ReceiveReport(accepted: 5, rejected: 3))
    // Updates of kept alerts are still accepted.
    let update = await notifier.receive((0..<2).map { alert(["alertname": "A", "i": "\($0)"]) }, source: "api")
    #expect(update == ReceiveReport(accepted: 2, rejected: 0))
    #expect(notifier.statistics().alertsRejected == 3)
    #expect(notifier.statistics().alertsStored == 5)
  }

  @Test func tenThousandAlertsAreGroupedDeliveredAndForgotten() async throws {
    let receiver = RecordingReceiver()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(
      routeYAML(groupWait: "100ms", groupInterval: "300ms", groupBy: "[alertname, cluster]"), receivers: ["team": [receiver]],
      catalog: catalog)
    try await whileRunning(notifier) {
      let started = nowMs()
      let alerts = (0..<10_000).map { index in
        alert(["alertname": "HostDown", "cluster": "c\(index % 100)", "instance": "host-\(index)"], startsAtMs: started)
      }
      for batch in stride(from: 0, to: alerts.count, by: 1000) {
        await notifier.receive(Array(alerts[batch..<batch + 1000]), source: "rule")
      }
      #expect(notifier.statistics().alertsStored == 10_000)
      #expect(notifier.statistics().aggregationGroups == 100)
      func notifiedFiring() -> Set<AlertFingerprint> {
        Set(receiver.notifications.flatMap { $0.firing.map(\.fingerprint) })
      }
      #expect(await eventually(timeout: .seconds(30)) { notifiedFiring().count == 10_000 })
      #expect(Set(receiver.notifications.map(\.groupKey)).count == 100)
      // Everything resolves: resolved notifications, then nothing is kept.
      let ended = nowMs()
      for batch in stride(from: 0, to: alerts.count, by: 1000) {
        var resolved = Array(alerts[batch..<batch + 1000])
        for index in resolved.indices { resolved[index].endsAtMs = ended }
        await notifier.receive(resolved, source: "rule")
      }
      #expect(await eventually(timeout: .seconds(30)) { notifier.statistics().alertsStored == 0 })
      #expect(notifier.statistics().aggregationGroups == 0)
      let resolvedNotified = Set(receiver.notifications.flatMap { $0.resolved.map(\.fingerprint) })
      #expect(resolvedNotified.count == 10_000)
    }
  }
}
