// The notifier with its production receivers (made by `makeReceivers` from the configuration)
// posting to a real local HTTP server: a firing notification in Alertmanager's webhook shape after
// a 503 and a retry, then the resolved one, every attempt in the history.
import AsyncHTTPClient
import Catalog
import Logging
import Notify
import Testing
import WardenCore

/// Receivers render templates; until the GoTemplate engine is merged they cannot.
private let templatesWork = (try? NotificationTemplates()) != nil

@Suite(.serialized) struct NotifierEndToEndTests {
  @Test(.enabled(if: templatesWork, "needs the GoTemplate engine (gotemplate branch)"))
  func webhookReceivesFiringThenResolvedWithARetry() async throws {
    let server = try await HTTPServicePeer(plan: [PlannedAnswer(status: 503, body: "busy"), PlannedAnswer(status: 200, body: "ok")])
    let yaml = """
      route:
        receiver: hooks
        group_by: [alertname]
        group_wait: 50ms
        group_interval: 300ms
      receivers:
        - name: hooks
          webhook_configs:
            - url: \(server.baseURL)/alerts
              send_resolved: true
      """
    let client = ReceiverContext.makeHTTPClient()
    let catalog = try openCatalog(try temporaryCatalogPath())
    let notifier = AlertNotifier(
      configuration: try loadConfiguration(yaml), catalog: catalog, externalURL: "http://warden.test:9470",
      logger: Logger(label: "notify-e2e"), httpClient: client, options: testOptions())
    do {
      try await whileRunning(notifier) {
        let started = nowMs()
        let firing = alert(["alertname": "Down", "instance": "db-1"], startsAtMs: started)
        await notifier.receive([firing], source: "api")
        try #require(try await eventually { try server.requests().count == 2 })
        let delivered = try server.requests()[1].json()
        #expect(delivered["version"] as? String == "4")
        #expect(delivered["status"] as? String == "firing")
        #expect(delivered["receiver"] as? String == "hooks")
        #expect(delivered["groupKey"] as? String == #"{}:{alertname="Down"}"#)
        let alerts = try #require(delivered["alerts"] as? [[String: Any]])
        #expect((alerts.first?["labels"] as? [String: String])?["instance"] == "db-1")

        var resolved = firing
        resolved.endsAtMs = nowMs()
        await notifier.receive([resolved], source: "api")
        try #require(try await eventually { try server.requests().count == 3 })
        #expect(try server.requests()[2].json()["status"] as? String == "resolved")

        let attemptsRecorded = try await eventually { try await catalog.notificationAttempts(sinceMs: 0).count == 3 }
        #expect(attemptsRecorded)
        let outcomes = try await catalog.notificationAttempts(sinceMs: 0).sorted { $0.id ?? 0 < $1.id ?? 0 }.map(\.outcome)
        #expect(outcomes == ["retryable", "delivered", "delivered"])
      }
    } catch {
      try? await client.shutdown()
      throw error
    }
    try await client.shutdown()
  }
}
