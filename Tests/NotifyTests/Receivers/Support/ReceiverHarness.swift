// Builds receivers the way Warden does (YAML decoded with ConfigDecoding, then
// `makeReceivers`) around a shared HTTP client, for the receiver tests.
import AsyncHTTPClient
import ConfigDecoding
import Foundation
import Logging
import Testing

@testable import Notify

enum ReceiverHarness {
  struct Receivers: Decodable {
    var receivers: [ReceiverConfiguration]
    enum CodingKeys: String, CodingKey { case receivers }
  }

  /// Templates whose clock is the sample notifications' "now", so `since` is stable.
  static func templates() throws -> NotificationTemplates {
    try NotificationTemplates(nowNanos: { SampleNotifications.nowMs * 1_000_000 })
  }

  /// Runs `body` with the receivers of one receiver entry (`integrations` is the YAML under it,
  /// indented by four spaces), then shuts the HTTP client down.
  static func withReceivers<T>(
    _ integrations: String, global: NotifyGlobalConfiguration = NotifyGlobalConfiguration(),
    _ body: ([any Receiver]) async throws -> T
  ) async throws -> T {
    let yaml = "receivers:\n  - name: test\n" + integrations
    let decoded = try #require(try YAMLDocument.decode(Receivers.self, from: yaml, file: "test.yml"), "empty YAML")
    let configuration = try #require(decoded.receivers.first)
    let client = ReceiverContext.makeHTTPClient()
    let context = ReceiverContext(
      httpClient: client, templates: try templates(), logger: Logger(label: "warden.test.receivers"), global: global)
    let receivers = configuration.makeReceivers(context: context)
    do {
      let result = try await body(receivers)
      try await client.shutdown()
      return result
    } catch {
      try? await client.shutdown()
      throw error
    }
  }

  /// The single receiver of `integrations`.
  static func withReceiver<T>(
    _ integrations: String, global: NotifyGlobalConfiguration = NotifyGlobalConfiguration(),
    _ body: (any Receiver) async throws -> T
  ) async throws -> T {
    try await withReceivers(integrations, global: global) { receivers in
      #expect(receivers.count == 1)
      return try await body(try #require(receivers.first))
    }
  }
}
