// `http_config` as the HTTP receivers apply it against the local stand-in: redirects followed or
// not as `follow_redirects` says, bearer credentials re-read from their file at each delivery,
// extra headers, and the global http_config used when an integration has none.
import Foundation
import Testing

@testable import Notify

@Suite struct HTTPClientSettingsTests {
  static func webhook(_ url: String, _ httpConfig: String = "") -> String {
    """
        webhook_configs:
          - url: \(url)
            timeout: 2s
    \(httpConfig)
    """
  }

  @Test func redirectsAreFollowedByDefaultKeepingThePost() async throws {
    let service = try await HTTPServicePeer(plan: [PlannedAnswer(status: 307, headers: ["Location": "/moved"]), PlannedAnswer(status: 200)])
    let outcome = try await ReceiverHarness.withReceiver(Self.webhook(service.baseURL + "/hook")) { receiver in
      await receiver.deliver(SampleNotifications.group())
    }
    #expect(outcome.isDelivered, "\(outcome)")
    let requests = try service.requests()
    #expect(requests.map(\.path) == ["/hook", "/moved"])
    #expect(requests.map(\.method) == ["POST", "POST"])
    #expect(requests.last?.bodyBytes == requests.first?.bodyBytes)
  }

  @Test func followRedirectsFalseStopsAtTheRedirect() async throws {
    let service = try await HTTPServicePeer(plan: [PlannedAnswer(status: 302, headers: ["Location": "/moved"]), PlannedAnswer(status: 200)])
    let outcome = try await ReceiverHarness.withReceiver(
      Self.webhook(service.baseURL + "/hook", "        http_config: {follow_redirects: false}")
    ) { receiver in await receiver.deliver(SampleNotifications.group()) }
    guard case .permanent(let reason) = outcome else { Issue.record("\(outcome)"); return }
    #expect(reason.contains("302"))
    #expect(try service.requests().count == 1)
  }

  @Test func bearerCredentialsAreReadFromTheirFileAtEachDelivery() async throws {
    let directory = try TestFiles.temporaryDirectory("bearer")
    let tokenFile = directory.appendingPathComponent("token")
    try "first-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
    let service = try await HTTPServicePeer(plan: [PlannedAnswer(status: 200)])
    let yaml = Self.webhook(
      service.baseURL + "/hook",
      """
              http_config:
                authorization: {credentials_file: \(tokenFile.path)}
                http_headers:
                  X-Tenant: {values: [storage]}
      """)
    try await ReceiverHarness.withReceiver(yaml) { receiver in
      #expect(await receiver.deliver(SampleNotifications.group()).isDelivered)
      try "second-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
      #expect(await receiver.deliver(SampleNotifications.group()).isDelivered)
    }
    let requests = try service.requests()
    #expect(requests.map { $0.headers["authorization"] ?? "" } == ["Bearer first-token", "Bearer second-token"])
    #expect(requests.allSatisfy { $0.headers["x-tenant"] == "storage" })
  }

  @Test func missingSecretFileIsPermanent() async throws {
    let outcome = try await ReceiverHarness.withReceiver(
      "    webhook_configs:\n      - url_file: /nonexistent/warden/url\n"
    ) { receiver in await receiver.deliver(SampleNotifications.group()) }
    guard case .permanent(let reason) = outcome else { Issue.record("\(outcome)"); return }
    #expect(reason.contains("/nonexistent/warden/url"))
  }

  @Test func globalHTTPConfigAppliesWhenTheIntegrationHasNone() async throws {
    let service = try await HTTPServicePeer(plan: [PlannedAnswer(status: 200)])
    var global = NotifyGlobalConfiguration()
    global.httpConfig.basicAuth = HTTPClientSettings.BasicAuth(username: "global", password: .inline("pw"))
    let outcome = try await ReceiverHarness.withReceiver(Self.webhook(service.baseURL + "/hook"), global: global) { receiver in
      await receiver.deliver(SampleNotifications.group())
    }
    #expect(outcome.isDelivered, "\(outcome)")
    #expect(try service.requests().first?.headers["authorization"] == "Basic " + Data("global:pw".utf8).base64EncodedString())
  }

  @Test func resolvedGroupsResolveThePagerDutyIncident() async throws {
    let service = try await HTTPServicePeer(plan: [PlannedAnswer(status: 202, body: #"{"status":"success"}"#)])
    let yaml = "    pagerduty_configs:\n      - url: \(service.baseURL)/v2/enqueue\n        routing_key: KEY\n"
    let outcome = try await ReceiverHarness.withReceiver(yaml) { receiver in await receiver.deliver(SampleNotifications.resolvedOnly) }
    #expect(outcome.isDelivered, "\(outcome)")
    let json = try #require(try service.requests().first).json()
    #expect(json["event_action"] as? String == "resolve")
    #expect(json["dedup_key"] as? String == PagerDutyReceiver.dedupKey(SampleNotifications.resolvedOnly.groupKey))
    #expect(json["payload"] == nil)
  }

  @Test func slackChatPostMessageRefusalIsPermanent() async throws {
    let service = try await HTTPServicePeer(plan: [PlannedAnswer(status: 200, body: #"{"ok":false,"error":"channel_not_found"}"#)])
    let yaml = "    slack_configs:\n      - api_url: \(service.baseURL)/api/chat.postMessage\n        channel: nowhere\n"
    let outcome = try await ReceiverHarness.withReceiver(yaml) { receiver in await receiver.deliver(SampleNotifications.group()) }
    guard case .permanent(let reason) = outcome else { Issue.record("\(outcome)"); return }
    #expect(reason.contains("channel_not_found"))
  }
}
