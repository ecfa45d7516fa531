// Restarts: a new notifier over the same catalog file knows what was sent (a re-sent alert is not
// notified twice) and what is pending (its resolution is still notified), and keeps silences.
// Also the alert history of API alerts (firing, resolved, resolved by timeout).
import Catalog
import Notify
import Testing
import WardenCore

@Suite(.serialized) struct NotifierRestartTests {
  @Test func aRestartSendsNothingTwiceAndForgetsNothing() async throws {
    let path = try temporaryCatalogPath()
    let yaml = routeYAML(groupWait: "30ms", groupInterval: "200ms")
    let started = nowMs()
    let firing = alert(["alertname": "Down", "instance": "a"], startsAtMs: started)
    var silenceID = ""

    let before = RecordingReceiver()
    let firstCatalog = try openCatalog(path)
    let first = try makeNotifier(yaml, receivers: ["team": [before]], catalog: firstCatalog)
    try await whileRunning(first) {
      await first.receive([firing], source: "api")
      #expect(await eventually { before.notifications.count == 1 })
      silenceID = try await first.upsertSilence(
        Silence(
          id: "", matchers: [SilenceMatcher(name: "alertname", value: "Quiet", isRegex: false)], startsAtMs: started,
          endsAtMs: started + 3_600_000, updatedAtMs: 0, createdBy: "ops", comment: "kept across restarts"))
    }
    try firstCatalog.close()

    let after = RecordingReceiver()
    let secondCatalog = try openCatalog(path)
    let second = try makeNotifier(yaml, receivers: ["team": [after]], catalog: secondCatalog)
    try await whileRunning(second) {
      #expect(second.silence(id: silenceID)?.comment == "kept across restarts")
      // The sender re-sends the firing alert after the restart: already notified.
      await second.receive([firing], source: "api")
      try await Task.sleep(for: .milliseconds(600))
      #expect(after.notifications.isEmpty, "the restart re-sent a notification")
      // Its resolution is still notified: the log remembers it fired.
      var resolved = firing
      resolved.endsAtMs = nowMs()
      await second.receive([resolved], source: "api")
      #expect(await eventually { after.notifications.count == 1 })
      #expect(after.notifications.first?.status == "resolved")
      // A silenced alert stays silenced after the restart.
      await second.receive([alert(["alertname": "Quiet"])], source: "api")
      try await Task.sleep(for: .milliseconds(400))
      #expect(after.notifications.count == 1)
    }
    try secondCatalog.close()
  }

  @Test func apiAlertStateChangesAreRecorded() async throws {
    let catalog = try openCatalog(try temporaryCatalogPath())
    let yaml = routeYAML(extra: "global:\n  resolve_timeout: 300ms")
    let notifier = try makeNotifier(yaml, receivers: [:], catalog: catalog)
    try await whileRunning(notifier) {
      let started = nowMs()
      let explicit = alert(["alertname": "Explicit"], startsAtMs: started)
      await notifier.receive([explicit], source: "api")
      await notifier.receive([explicit], source: "api")  // a repeat is no state change
      var resolved = explicit
      resolved.endsAtMs = nowMs()
      await notifier.receive([resolved], source: "api")
      // Without an end, the alert resolves after resolve_timeout with no update.
      await notifier.receive([alert(["alertname": "TimedOut"], startsAtMs: started)], source: "api")
      // The rule engine records its own history.
      await notifier.receive([alert(["alertname": "FromRules"])], source: "rule")
      #expect(
        try await eventually {
          try await catalog.alertEvents(sinceMs: 0).count == 4
        })
      let events = try await catalog.alertEvents(sinceMs: 0).reversed()
      #expect(events.map { "\($0.labels["alertname"]) \($0.state)" } == ["Explicit firing", "Explicit resolved", "TimedOut firing", "TimedOut resolved"])
      #expect(events.allSatisfy { $0.source == "api" })
      let timedOut = try #require(events.last)
      #expect(timedOut.atMs >= started + 300 && timedOut.atMs < started + 5_000, "resolved at the timeout, not when noticed")
    }
  }
}
