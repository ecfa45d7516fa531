// `msteamsv2_configs` (Teams workflows, Adaptive Cards) and `msteams_configs` (the retired
// Office 365 connector, MessageCard) entries, with Alertmanager's fields.

/// One Microsoft Teams integration.
package struct TeamsConfiguration: Decodable, Sendable, Equatable {
  /// Which webhook kind, hence which card format.
  package enum Kind: String, Sendable, Equatable {
    /// A workflow ("When a Teams webhook request is received"): an Adaptive Card.
    case workflow = "msteamsv2"
    /// An Office 365 connector incoming webhook: a MessageCard.
    case connector = "msteams"
  }

  package var kind = Kind.workflow
  package var sendResolved = true
  package var webhookURL: SecretSource?
  package var title: String
  package var summary: String
  package var text: String
  package var httpConfig: HTTPClientSettings?
  package var timeout = ReceiverTimeout.defaultTimeout
  package var fieldPath = ""

  enum CodingKeys: String, CodingKey {
    case sendResolved = "send_resolved", webhookURL = "webhook_url", webhookURLFile = "webhook_url_file"
    case title, summary, text, httpConfig = "http_config", timeout
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fieldPath = ReceiverConfigProblem.path(decoder)
    // The list it sits in says the kind: ...msteams_configs[0] or ...msteamsv2_configs[0].
    kind = decoder.codingPath.contains { $0.stringValue == "msteams_configs" } ? .connector : .workflow
    let prefix = kind.rawValue
    sendResolved = try container.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? true
    webhookURL = try SecretSource.decode(container, .webhookURL, file: .webhookURLFile, decoder: decoder)
    if webhookURL == nil { throw ReceiverConfigProblem.at(decoder, "one of webhook_url and webhook_url_file must be set") }
    if case .inline(let text) = webhookURL { try HTTPURLCheck.check(text, field: "webhook_url", decoder: decoder) }
    title = try container.decodeIfPresent(String.self, forKey: .title) ?? #"{{ template "\#(prefix).default.title" . }}"#
    text = try container.decodeIfPresent(String.self, forKey: .text) ?? #"{{ template "\#(prefix).default.text" . }}"#
    if kind == .connector {
      summary = try container.decodeIfPresent(String.self, forKey: .summary) ?? #"{{ template "msteams.default.summary" . }}"#
    } else {
      summary = ""
    }
    httpConfig = try container.decodeIfPresent(HTTPClientSettings.self, forKey: .httpConfig)
    timeout = try ReceiverTimeout.decode(container, .timeout, decoder: decoder)
  }
}
