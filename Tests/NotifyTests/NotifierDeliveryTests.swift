// Delivery behaviour: retries with backoff until delivered, permanent refusals not retried,
// every attempt in the catalog's history, a hanging receiver delaying neither the other
// integrations of its receiver nor other groups, and test notifications.
import Catalog
import Notify
import Testing
import WardenCore

@Suite(.serialized) struct NotifierDeliveryTests {
  @Test func retriesUntilDeliveredAndRecordsEveryAttempt() async throws {
    let flaky = RecordingReceiver(behavior: .failFirst(2))
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(routeYAML(groupWait: "20ms", groupInterval: "1h"), receivers: ["team": [flaky]], catalog: catalog)
    try await whileRunning(notifier) {
      await notifier.receive([alert(["alertname": "Down"])], source: "api")
      #expect(await eventually { flaky.notifications.count == 1 })
      #expect(flaky.attempts == 3)
      #expect(notifier.statistics().notificationsSent == ["webhook": 1])
      #expect(notifier.statistics().notificationLatencyCount == 1)
      #expect(
        try await eventually {
          try await catalog.notificationAttempts(sinceMs: 0).count == 3
        })
      let attempts = try await catalog.notificationAttempts(sinceMs: 0).sorted { $0.attempt < $1.attempt }
      #expect(attempts.map(\.attempt) == [1, 2, 3])
      #expect(attempts.map(\.outcome) == ["retryable", "retryable", "delivered"])
      #expect(attempts[0].detail.contains("503"))
      #expect(attempts.allSatisfy { $0.receiver == "team" && $0.integration == "webhook" && $0.status == "firing" })
      #expect(attempts.allSatisfy { $0.groupKey == #"{}:{alertname="Down"}"# && $0.fingerprints.count == 1 })
      // The successful delivery is in the persisted notification log.
      #expect(try await eventually { try await catalog.notificationLog(nowMs: nowMs()).count == 1 })
    }
  }

  @Test func permanentRefusalsAreNotRetried() async throws {
    let refusing = RecordingReceiver(behavior: .refuse)
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(routeYAML(groupWait: "20ms", groupInterval: "1h"), receivers: ["team": [refusing]], catalog: catalog)
    try await whileRunning(notifier) {
      await notifier.receive([alert(["alertname": "Down"])], source: "api")
      #expect(try await eventually { try await catalog.notificationAttempts(sinceMs: 0).count == 1 })
      try await Task.sleep(for: .milliseconds(300))
      #expect(refusing.attempts == 1)
      let attempt = try #require(try await catalog.notificationAttempts(sinceMs: 0).first)
      #expect(attempt.outcome == "failed" && attempt.detail == "HTTP 400")
      #expect(notifier.statistics().notificationsFailed == ["webhook": 1])
      // Nothing was logged as sent, so the next flush will try again.
      #expect(try await catalog.notificationLog(nowMs: nowMs()).isEmpty)
    }
  }

  @Test func aHangingReceiverDelaysNoOtherIntegrationOrGroup() async throws {
    let hanging = RecordingReceiver(integration: "webhook", behavior: .hangIgnoringCancellation)
    let sameReceiver = RecordingReceiver(integration: "email")
    let otherReceiver = RecordingReceiver()
    var options = testOptions()
    options.retry.attemptTimeout = .milliseconds(300)
    let catalog = try openCatalog(try temporaryCatalogPath())
    let yaml = """
      route:
        receiver: slow
        group_by: [alertname]
        group_wait: 20ms
        group_interval: 5s
        routes:
          - receiver: fast
            matchers: [team=fast]
      receivers:
        - name: slow
        - name: fast
      """
    let notifier = try makeNotifier(yaml, receivers: ["slow": [hanging, sameReceiver], "fast": [otherReceiver]], catalog: catalog, options: options)
    try await whileRunning(notifier) {
      let start = ContinuousClock.now
      await notifier.receive([alert(["alertname": "Down"])], source: "api")
      #expect(await eventually { sameReceiver.notifications.count == 1 })
      #expect(start.duration(to: .now) < .milliseconds(250), "the email integration waited for the hanging webhook")
      // Another group flushing while the first is stuck is not held up either.
      let later = ContinuousClock.now
      await notifier.receive([alert(["alertname": "Other", "team": "fast"])], source: "api")
      #expect(await eventually { otherReceiver.notifications.count == 1 })
      #expect(later.duration(to: .now) < .milliseconds(250))
      // The hanging integration's attempts time out and are recorded.
      let timedOut = try await eventually {
        let attempts = try await catalog.notificationAttempts(sinceMs: 0, receiver: "slow")
        return attempts.contains { $0.integration == "webhook" && $0.detail.contains("timed out") }
      }
      #expect(timedOut)
    }
  }

  @Test func testReceiverSendsOneAttemptPerIntegration() async throws {
    let webhook = RecordingReceiver(integration: "webhook")
    let email = RecordingReceiver(integration: "email", behavior: .refuse)
    let second = RecordingReceiver(integration: "webhook")
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = try makeNotifier(routeYAML(), receivers: ["team": [webhook, email, second]], catalog: catalog)
    let summaries = await notifier.testReceiver("team")
    #expect(summaries.map(\.integration) == ["webhook", "email", "webhook"])
    #expect(summaries.map(\.integrationIndex) == [0, 0, 1])
    #expect(summaries.map(\.outcome) == [.delivered(detail: "recorded"), .permanent(reason: "HTTP 400"), .delivered(detail: "recorded")])
    #expect(webhook.notifications.first?.alerts.first?.labels["alertname"] == "TestAlert")
    #expect(email.attempts == 1)
    #expect(await notifier.testReceiver("nobody").isEmpty)
    await notifier.stop()
    #expect(try await catalog.notificationAttempts(sinceMs: 0, receiver: "team").count == 3)
  }
}
