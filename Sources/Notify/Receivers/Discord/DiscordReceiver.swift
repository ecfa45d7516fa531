// Posts a notification to a Discord webhook: an embed (title up to 256 characters, description
// up to 4096) colored by status, and optional content (up to 2000). Discord answers 204.

struct DiscordReceiver: Receiver {
  let configuration: DiscordConfiguration
  let environment: ReceiverEnvironment

  static let titleLimit = 256
  static let descriptionLimit = 4096
  static let contentLimit = 2000
  static let firingColor: Int64 = 0xD6_2728
  static let resolvedColor: Int64 = 0x2C_A02C

  var integration: String { "discord" }
  var sendResolved: Bool { configuration.sendResolved }

  func deliver(_ notification: Notification) async -> DeliveryOutcome {
    do {
      return .delivered(detail: try await attempt(notification))
    } catch {
      return error.outcome
    }
  }

  private func attempt(_ notification: Notification) async throws(ReceiverFailure) -> String {
    let url = try environment.secret(configuration.webhookURL, "webhook_url")
    let rendering = TemplateRendering(environment.templates, notification)
    let title = try await rendering.render(configuration.title, "title")
    let message = try await rendering.render(configuration.message, "message")
    let content = try await rendering.render(configuration.content, "content")
    let embed = JSONValue.object([
      ("title", .string(SlackMessage.cut(title, Self.titleLimit))),
      ("description", .string(SlackMessage.cut(message, Self.descriptionLimit))),
      ("color", .int(notification.status == "firing" ? Self.firingColor : Self.resolvedColor)),
    ])
    let payload = JSONValue.fields([
      ("content", JSONValue.nonEmpty(SlackMessage.cut(content, Self.contentLimit))),
      ("username", JSONValue.nonEmpty(configuration.username)),
      ("avatar_url", JSONValue.nonEmpty(configuration.avatarURL)),
      ("embeds", .array([embed])),
    ])
    return try await environment.http.deliver(
      HTTPDelivery.Request(url: url, headers: [("Content-Type", "application/json")], body: payload.bytes)
    ).get()
  }
}
