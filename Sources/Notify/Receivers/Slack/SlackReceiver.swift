// Posts a notification to a Slack incoming webhook (or chat.postMessage): 200 "ok" is
// delivered; chat.postMessage's 200 with `"ok": false` is a refusal.

struct SlackReceiver: Receiver {
  let configuration: SlackConfiguration
  /// The configured URL, or the global `slack_api_url`.
  let apiURL: SecretSource?
  let environment: ReceiverEnvironment

  var integration: String { "slack" }
  var sendResolved: Bool { configuration.sendResolved }

  func deliver(_ notification: Notification) async -> DeliveryOutcome {
    do {
      return .delivered(detail: try await attempt(notification))
    } catch {
      return error.outcome
    }
  }

  private func attempt(_ notification: Notification) async throws(ReceiverFailure) -> String {
    let url = try environment.secret(apiURL, "api_url (nor global slack_api_url)")
    let rendering = TemplateRendering(environment.templates, notification)
    let config = configuration
    var fields: [(title: String, value: String, short: Bool)] = []
    for field in config.fields {
      fields.append(
        (
          try await rendering.render(field.title, "fields.title"), try await rendering.render(field.value, "fields.value"),
          field.short ?? config.shortFields
        ))
    }
    var buttons: [(text: String, url: String, style: String?)] = []
    for action in config.actions {
      buttons.append(
        (try await rendering.render(action.text, "actions.text"), try await rendering.render(action.url ?? "", "actions.url"), action.style))
    }
    let content = SlackMessage.Content(
      channel: try await optional(config.channel, "channel", rendering),
      username: try await rendering.render(config.username, "username"),
      iconEmoji: try await optional(config.iconEmoji, "icon_emoji", rendering),
      iconURL: try await optional(config.iconURL, "icon_url", rendering),
      linkNames: config.linkNames,
      fallback: try await rendering.render(config.fallback, "fallback"),
      title: try await rendering.render(config.title, "title"),
      titleLink: try await rendering.render(config.titleLink, "title_link"),
      pretext: try await rendering.render(config.pretext, "pretext"),
      text: try await rendering.render(config.text, "text"),
      fields: fields,
      footer: try await rendering.render(config.footer, "footer"),
      imageURL: try await optional(config.imageURL, "image_url", rendering),
      thumbURL: try await optional(config.thumbURL, "thumb_url", rendering),
      buttons: buttons)
    let body = SlackMessage.make(content).bytes
    let response = try await environment.http.send(
      HTTPDelivery.Request(url: url, headers: [("Content-Type", "application/json; charset=utf-8")], body: body)
    ).get()
    let detail = try environment.http.classify(response).get()
    // chat.postMessage answers 200 with {"ok":false,"error":"channel_not_found"} when it refuses.
    let text = response.text
    if text.hasPrefix("{"), text.contains("\"ok\":false") {
      throw .permanent("Slack refused the message: \(response.excerpt)")
    }
    return detail
  }

  private func optional(_ source: String?, _ field: String, _ rendering: TemplateRendering) async throws(ReceiverFailure) -> String? {
    guard let source else { return nil }
    return try await rendering.render(source, field)
  }
}
