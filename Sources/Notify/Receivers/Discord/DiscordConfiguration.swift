// `discord_configs` entry, with Alertmanager's fields (webhook_url, title, message, content,
// username, avatar_url).

/// One Discord integration.
package struct DiscordConfiguration: Decodable, Sendable, Equatable {
  package var sendResolved = true
  package var webhookURL: SecretSource?
  package var title = #"{{ template "discord.default.title" . }}"#
  package var message = #"{{ template "discord.default.message" . }}"#
  package var content = #"{{ template "discord.default.content" . }}"#
  package var username = ""
  package var avatarURL = ""
  package var httpConfig: HTTPClientSettings?
  package var timeout = ReceiverTimeout.defaultTimeout
  package var fieldPath = ""

  enum CodingKeys: String, CodingKey {
    case sendResolved = "send_resolved", webhookURL = "webhook_url", webhookURLFile = "webhook_url_file"
    case title, message, content, username, avatarURL = "avatar_url", httpConfig = "http_config", timeout
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fieldPath = ReceiverConfigProblem.path(decoder)
    sendResolved = try container.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? true
    webhookURL = try SecretSource.decode(container, .webhookURL, file: .webhookURLFile, decoder: decoder)
    if webhookURL == nil { throw ReceiverConfigProblem.at(decoder, "one of webhook_url and webhook_url_file must be set") }
    if case .inline(let text) = webhookURL { try HTTPURLCheck.check(text, field: "webhook_url", decoder: decoder) }
    title = try container.decodeIfPresent(String.self, forKey: .title) ?? title
    message = try container.decodeIfPresent(String.self, forKey: .message) ?? message
    content = try container.decodeIfPresent(String.self, forKey: .content) ?? content
    username = try container.decodeIfPresent(String.self, forKey: .username) ?? ""
    avatarURL = try container.decodeIfPresent(String.self, forKey: .avatarURL) ?? ""
    httpConfig = try container.decodeIfPresent(HTTPClientSettings.self, forKey: .httpConfig)
    timeout = try ReceiverTimeout.decode(container, .timeout, decoder: decoder)
  }
}
