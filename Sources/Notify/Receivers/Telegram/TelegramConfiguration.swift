// `telegram_configs` entry, with Alertmanager's fields (api_url, bot_token(_file), chat_id,
// message_thread_id, message, disable_notifications, parse_mode).

/// One Telegram integration.
package struct TelegramConfiguration: Decodable, Sendable, Equatable {
  package var sendResolved = true
  /// nil: the global `telegram_api_url`.
  package var apiURL: String?
  package var botToken: SecretSource?
  package var chatID: Int64 = 0
  package var messageThreadID: Int64?
  package var message = #"{{ template "telegram.default.message" . }}"#
  package var disableNotifications = false
  package var parseMode = "HTML"
  package var httpConfig: HTTPClientSettings?
  package var timeout = ReceiverTimeout.defaultTimeout
  package var fieldPath = ""

  enum CodingKeys: String, CodingKey {
    case sendResolved = "send_resolved", apiURL = "api_url", botToken = "bot_token", botTokenFile = "bot_token_file"
    case chatID = "chat_id", messageThreadID = "message_thread_id", message
    case disableNotifications = "disable_notifications", parseMode = "parse_mode", httpConfig = "http_config", timeout
  }

  private static let parseModes: Set<String> = ["", "HTML", "Markdown", "MarkdownV2"]

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fieldPath = ReceiverConfigProblem.path(decoder)
    sendResolved = try container.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? true
    apiURL = try container.decodeIfPresent(String.self, forKey: .apiURL)
    if let apiURL { try HTTPURLCheck.check(apiURL, field: "api_url", decoder: decoder) }
    botToken = try SecretSource.decode(container, .botToken, file: .botTokenFile, decoder: decoder)
    if botToken == nil { throw ReceiverConfigProblem.at(decoder, "one of bot_token and bot_token_file must be set") }
    guard let chat = try container.decodeIfPresent(Int64.self, forKey: .chatID), chat != 0 else {
      throw ReceiverConfigProblem.at(decoder, "chat_id must be set")
    }
    chatID = chat
    messageThreadID = try container.decodeIfPresent(Int64.self, forKey: .messageThreadID)
    message = try container.decodeIfPresent(String.self, forKey: .message) ?? message
    disableNotifications = try container.decodeIfPresent(Bool.self, forKey: .disableNotifications) ?? false
    parseMode = try container.decodeIfPresent(String.self, forKey: .parseMode) ?? "HTML"
    if !Self.parseModes.contains(parseMode) {
      throw ReceiverConfigProblem.at(decoder, "parse_mode must be HTML, Markdown, MarkdownV2 or empty, got \"\(parseMode)\"")
    }
    httpConfig = try container.decodeIfPresent(HTTPClientSettings.self, forKey: .httpConfig)
    timeout = try ReceiverTimeout.decode(container, .timeout, decoder: decoder)
  }
}
