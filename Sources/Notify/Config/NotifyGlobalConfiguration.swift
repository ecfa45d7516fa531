// Alertmanager's `global:` section: the resolve timeout and the defaults receivers inherit
// (SMTP server, Slack, PagerDuty and Telegram URLs, HTTP client settings).
// CONTRACT STUB (lead): the Receivers helper owns this file and adds the receiver defaults.
package import WardenCore

package struct NotifyGlobalConfiguration: Decodable, Sendable, Equatable {
  /// How long an alert without `endsAt` stays firing after its last update.
  package var resolveTimeout = ConfigDuration(.seconds(300))

  package init() {}

  enum CodingKeys: String, CodingKey {
    case resolveTimeout = "resolve_timeout"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    resolveTimeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .resolveTimeout) ?? ConfigDuration(.seconds(300))
  }
}
