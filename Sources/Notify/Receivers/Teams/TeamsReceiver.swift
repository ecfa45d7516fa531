// Posts a notification to Microsoft Teams: to a workflow webhook as a message carrying an
// Adaptive Card (title, text as markdown, a button to Warden), or to a legacy connector as a
// MessageCard. Workflows answer 202 Accepted.

struct TeamsReceiver: Receiver {
  let configuration: TeamsConfiguration
  let environment: ReceiverEnvironment

  var integration: String { configuration.kind.rawValue }
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
    let text = try await rendering.render(configuration.text, "text")
    let isFiring = notification.status == "firing"
    let link = notification.externalURL.isEmpty ? nil : notification.externalURL + "/#/alerts"
    let payload: JSONValue
    switch configuration.kind {
    case .workflow:
      payload = Self.adaptiveCardMessage(title: title, text: text, isFiring: isFiring, link: link)
    case .connector:
      let summary = try await rendering.render(configuration.summary, "summary")
      payload = .fields([
        ("@type", .string("MessageCard")), ("@context", .string("http://schema.org/extensions")),
        ("themeColor", .string(isFiring ? "D62728" : "2CA02C")), ("title", .string(title)),
        ("summary", .string(summary.isEmpty ? title : summary)), ("text", .string(text)),
      ])
    }
    return try await environment.http.deliver(
      HTTPDelivery.Request(url: url, headers: [("Content-Type", "application/json")], body: payload.bytes)
    ).get()
  }

  /// A Teams message with one Adaptive Card attachment (schema 1.4, full width).
  static func adaptiveCardMessage(title: String, text: String, isFiring: Bool, link: String?) -> JSONValue {
    var card: [(String, JSONValue)] = [
      ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")),
      ("type", .string("AdaptiveCard")),
      ("version", .string("1.4")),
      (
        "body",
        .array([
          .object([
            ("type", .string("TextBlock")), ("text", .string(title)), ("weight", .string("Bolder")),
            ("size", .string("Medium")), ("wrap", .bool(true)), ("color", .string(isFiring ? "Attention" : "Good")),
          ]),
          .object([("type", .string("TextBlock")), ("text", .string(text)), ("wrap", .bool(true))]),
        ])
      ),
      ("msteams", .object([("width", .string("Full"))])),
    ]
    if let link {
      card.append(
        ("actions", .array([.object([("type", .string("Action.OpenUrl")), ("title", .string("View in Warden")), ("url", .string(link))])])))
    }
    return .object([
      ("type", .string("message")),
      (
        "attachments",
        .array([
          .object([
            ("contentType", .string("application/vnd.microsoft.card.adaptive")), ("contentUrl", .null), ("content", .object(card)),
          ])
        ])
      ),
    ])
  }
}
