// `pagerduty_configs` entry, with Alertmanager's fields: routing_key for Events API v2 (or
// service_key for the older v1 "Prometheus" integration), url, client, client_url, description,
// severity, source, details, images, links, component, group, class.

/// One PagerDuty integration.
package struct PagerDutyConfiguration: Decodable, Sendable, Equatable {
  package struct Image: Decodable, Sendable, Equatable {
    package var src: String
    package var href: String?
    package var alt: String?

    enum CodingKeys: String, CodingKey { case src, href, alt }
  }

  package struct Link: Decodable, Sendable, Equatable {
    package var href: String
    package var text: String?

    enum CodingKeys: String, CodingKey { case href, text }
  }

  package static let defaultDetails: [String: String] = [
    "firing": #"{{ template "pagerduty.default.instances" .Alerts.Firing }}"#,
    "resolved": #"{{ template "pagerduty.default.instances" .Alerts.Resolved }}"#,
    "num_firing": "{{ .Alerts.Firing | len }}",
    "num_resolved": "{{ .Alerts.Resolved | len }}",
  ]
  static let eventsV1URL = "https://events.pagerduty.com/generic/2010-04-15/create_event.json"

  package var sendResolved = true
  /// Events API v2 integration key (a template secret).
  package var routingKey: SecretSource?
  /// Events API v1 ("Prometheus" integration type) key.
  package var serviceKey: SecretSource?
  /// nil: the global `pagerduty_url` (v2) or the v1 endpoint.
  package var url: String?
  package var client = #"{{ template "pagerduty.default.client" . }}"#
  package var clientURL = #"{{ template "pagerduty.default.clientURL" . }}"#
  package var description = #"{{ template "pagerduty.default.description" .}}"#
  package var severity = "error"
  /// nil: the rendered client.
  package var source: String?
  package var details = defaultDetails
  package var images: [Image] = []
  package var links: [Link] = []
  package var component: String?
  package var group: String?
  package var eventClass: String?
  package var httpConfig: HTTPClientSettings?
  package var timeout = ReceiverTimeout.defaultTimeout
  package var fieldPath = ""

  enum CodingKeys: String, CodingKey {
    case sendResolved = "send_resolved", routingKey = "routing_key", routingKeyFile = "routing_key_file"
    case serviceKey = "service_key", serviceKeyFile = "service_key_file", url, client, clientURL = "client_url"
    case description, severity, source, details, images, links, component, group, eventClass = "class"
    case httpConfig = "http_config", timeout
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fieldPath = ReceiverConfigProblem.path(decoder)
    sendResolved = try container.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? true
    routingKey = try SecretSource.decode(container, .routingKey, file: .routingKeyFile, decoder: decoder)
    serviceKey = try SecretSource.decode(container, .serviceKey, file: .serviceKeyFile, decoder: decoder)
    if (routingKey == nil) == (serviceKey == nil) {
      throw ReceiverConfigProblem.at(decoder, "exactly one of routing_key (Events API v2) and service_key (v1) must be set")
    }
    url = try container.decodeIfPresent(String.self, forKey: .url)
    if let url { try HTTPURLCheck.check(url, field: "url", decoder: decoder) }
    client = try container.decodeIfPresent(String.self, forKey: .client) ?? client
    clientURL = try container.decodeIfPresent(String.self, forKey: .clientURL) ?? clientURL
    description = try container.decodeIfPresent(String.self, forKey: .description) ?? description
    severity = try container.decodeIfPresent(String.self, forKey: .severity) ?? severity
    source = try container.decodeIfPresent(String.self, forKey: .source)
    details = try container.decodeIfPresent([String: String].self, forKey: .details) ?? Self.defaultDetails
    images = try container.decodeIfPresent([Image].self, forKey: .images) ?? []
    links = try container.decodeIfPresent([Link].self, forKey: .links) ?? []
    component = try container.decodeIfPresent(String.self, forKey: .component)
    group = try container.decodeIfPresent(String.self, forKey: .group)
    eventClass = try container.decodeIfPresent(String.self, forKey: .eventClass)
    httpConfig = try container.decodeIfPresent(HTTPClientSettings.self, forKey: .httpConfig)
    timeout = try ReceiverTimeout.decode(container, .timeout, decoder: decoder)
  }
}
