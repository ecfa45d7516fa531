// Sends a notification with the Telegram Bot API's sendMessage: POST
// `{api_url}/bot{token}/sendMessage` with chat_id, text (at most 4096 characters), parse_mode.
// In HTML mode the message is rendered with HTML escaping of the values it inserts, so a label
// holding "<" cannot break Telegram's parsing.

struct TelegramReceiver: Receiver {
  let configuration: TelegramConfiguration
  let apiURL: String
  let environment: ReceiverEnvironment

  static let textLimit = 4096

  var integration: String { "telegram" }
  var sendResolved: Bool { configuration.sendResolved }

  func deliver(_ notification: Notification) async -> DeliveryOutcome {
    do {
      return .delivered(detail: try await attempt(notification))
    } catch {
      return error.outcome
    }
  }

  private func attempt(_ notification: Notification) async throws(ReceiverFailure) -> String {
    let token = try environment.secret(configuration.botToken, "bot_token")
    let rendering = TemplateRendering(environment.templates, notification)
    let text = try await rendering.render(configuration.message, "message", html: configuration.parseMode == "HTML")
    let base = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
    let payload = JSONValue.fields([
      ("chat_id", .int(configuration.chatID)),
      ("message_thread_id", configuration.messageThreadID.map { .int($0) }),
      ("text", .string(SlackMessage.cut(text, Self.textLimit))),
      ("parse_mode", JSONValue.nonEmpty(configuration.parseMode)),
      ("disable_notification", configuration.disableNotifications ? .bool(true) : nil),
    ])
    let response = try await environment.http.send(
      HTTPDelivery.Request(url: "\(base)/bot\(token)/sendMessage", headers: [("Content-Type", "application/json")], body: payload.bytes)
    ).get()
    // The token is part of the URL; failure reasons quote the body, never the URL.
    return try environment.http.classify(response).get()
  }
}
