// `slack_configs` entry: Alertmanager's slack_config (incoming webhook or chat.postMessage with a
// bot token in http_config). Warden sends a `text` plus Block Kit `blocks` built from the same
// fields Alertmanager puts in its attachment (title, title_link, pretext, text, fields, footer,
// actions with URLs, image_url, thumb_url); `color`, `mrkdwn_in` and `callback_id` are accepted
// for compatibility and have no Block Kit counterpart.

/// One Slack integration.
package struct SlackConfiguration: Decodable, Sendable, Equatable {
  package struct Field: Decodable, Sendable, Equatable {
    package var title: String
    package var value: String
    package var short: Bool?

    enum CodingKeys: String, CodingKey { case title, value, short }
  }

  package struct Action: Decodable, Sendable, Equatable {
    package var type: String
    package var text: String
    package var url: String?
    package var style: String?

    enum CodingKeys: String, CodingKey { case type, text, url, style, name, value, confirm }

    package init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      type = try container.decodeIfPresent(String.self, forKey: .type) ?? "button"
      text = try container.decode(String.self, forKey: .text)
      url = try container.decodeIfPresent(String.self, forKey: .url)
      style = try container.decodeIfPresent(String.self, forKey: .style)
      // Interactive (name/value/confirm) actions need a Slack app to answer them; only link
      // buttons are sent.
      if url == nil { throw ReceiverConfigProblem.at(decoder, "Warden sends only link buttons: set url") }
      for key in [CodingKeys.name, .value, .confirm] { _ = container.contains(key) }
    }
  }

  package var sendResolved = false
  package var apiURL: SecretSource?
  package var channel: String?
  package var username = #"{{ template "slack.default.username" . }}"#
  package var iconEmoji: String?
  package var iconURL: String?
  package var linkNames = false
  package var title = #"{{ template "slack.default.title" . }}"#
  package var titleLink = #"{{ template "slack.default.titlelink" . }}"#
  package var pretext = #"{{ template "slack.default.pretext" . }}"#
  package var text = #"{{ template "slack.default.text" . }}"#
  package var fallback = #"{{ template "slack.default.fallback" . }}"#
  package var footer = #"{{ template "slack.default.footer" . }}"#
  package var fields: [Field] = []
  package var shortFields = false
  package var actions: [Action] = []
  package var imageURL: String?
  package var thumbURL: String?
  package var httpConfig: HTTPClientSettings?
  package var timeout = ReceiverTimeout.defaultTimeout
  package var fieldPath = ""

  enum CodingKeys: String, CodingKey {
    case sendResolved = "send_resolved", apiURL = "api_url", apiURLFile = "api_url_file", channel, username
    case iconEmoji = "icon_emoji", iconURL = "icon_url", linkNames = "link_names", title, titleLink = "title_link"
    case pretext, text, fallback, footer, fields, shortFields = "short_fields", actions
    case imageURL = "image_url", thumbURL = "thumb_url", httpConfig = "http_config", timeout
    case color, mrkdwnIn = "mrkdwn_in", callbackID = "callback_id", updateMessage = "update_message"
    case messageText = "message_text"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fieldPath = ReceiverConfigProblem.path(decoder)
    sendResolved = try container.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? false
    apiURL = try SecretSource.decode(container, .apiURL, file: .apiURLFile, decoder: decoder)
    if case .inline(let text) = apiURL { try HTTPURLCheck.check(text, field: "api_url", decoder: decoder) }
    channel = try container.decodeIfPresent(String.self, forKey: .channel)
    username = try container.decodeIfPresent(String.self, forKey: .username) ?? username
    iconEmoji = try container.decodeIfPresent(String.self, forKey: .iconEmoji)
    iconURL = try container.decodeIfPresent(String.self, forKey: .iconURL)
    linkNames = try container.decodeIfPresent(Bool.self, forKey: .linkNames) ?? false
    title = try container.decodeIfPresent(String.self, forKey: .title) ?? title
    titleLink = try container.decodeIfPresent(String.self, forKey: .titleLink) ?? titleLink
    pretext = try container.decodeIfPresent(String.self, forKey: .pretext) ?? pretext
    text = try container.decodeIfPresent(String.self, forKey: .text) ?? text
    fallback = try container.decodeIfPresent(String.self, forKey: .fallback) ?? fallback
    footer = try container.decodeIfPresent(String.self, forKey: .footer) ?? footer
    fields = try container.decodeIfPresent([Field].self, forKey: .fields) ?? []
    shortFields = try container.decodeIfPresent(Bool.self, forKey: .shortFields) ?? false
    actions = try container.decodeIfPresent([Action].self, forKey: .actions) ?? []
    imageURL = try container.decodeIfPresent(String.self, forKey: .imageURL)
    thumbURL = try container.decodeIfPresent(String.self, forKey: .thumbURL)
    httpConfig = try container.decodeIfPresent(HTTPClientSettings.self, forKey: .httpConfig)
    timeout = try ReceiverTimeout.decode(container, .timeout, decoder: decoder)
    _ = try container.decodeIfPresent(String.self, forKey: .color)
    _ = try container.decodeIfPresent([String].self, forKey: .mrkdwnIn)
    _ = try container.decodeIfPresent(String.self, forKey: .callbackID)
    if try container.decodeIfPresent(Bool.self, forKey: .updateMessage) == true {
      throw ReceiverConfigProblem.at(decoder, "update_message is not supported: Warden posts a new message each time")
    }
    _ = try container.decodeIfPresent(String.self, forKey: .messageText)
  }
}
