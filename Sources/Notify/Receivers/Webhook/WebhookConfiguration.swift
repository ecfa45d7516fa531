// `webhook_configs` entry: Alertmanager's generic webhook (url, max_alerts, timeout), plus
// Warden's optional signature: with `signature_secret` set, each request carries
// `X-Warden-Signature: sha256=<hex>`, the HMAC-SHA256 of the exact body bytes under that secret,
// so the receiving side can check the request came from this Warden.

/// One webhook integration.
package struct WebhookConfiguration: Decodable, Sendable, Equatable {
  package var sendResolved = true
  package var url: SecretSource?
  package var httpConfig: HTTPClientSettings?
  /// At most this many alerts per request; 0 for all.
  package var maxAlerts = 0
  package var timeout = ReceiverTimeout.defaultTimeout
  package var signatureSecret: SecretSource?
  package var signatureHeader = "X-Warden-Signature"
  /// Where it sits in the file (`receivers[0].webhook_configs[1]`), for later checks.
  package var fieldPath = ""

  enum CodingKeys: String, CodingKey {
    case sendResolved = "send_resolved", url, urlFile = "url_file", httpConfig = "http_config"
    case maxAlerts = "max_alerts", timeout
    case signatureSecret = "signature_secret", signatureSecretFile = "signature_secret_file"
    case signatureHeader = "signature_header"
  }

  package init(url: String) {
    self.url = .inline(url)
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fieldPath = ReceiverConfigProblem.path(decoder)
    sendResolved = try container.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? true
    url = try SecretSource.decode(container, .url, file: .urlFile, decoder: decoder)
    if url == nil { throw ReceiverConfigProblem.at(decoder, "one of url and url_file must be set") }
    if case .inline(let text) = url { try HTTPURLCheck.check(text, field: "url", decoder: decoder) }
    httpConfig = try container.decodeIfPresent(HTTPClientSettings.self, forKey: .httpConfig)
    maxAlerts = try container.decodeIfPresent(Int.self, forKey: .maxAlerts) ?? 0
    if maxAlerts < 0 { throw ReceiverConfigProblem.at(decoder, "max_alerts must not be negative") }
    timeout = try ReceiverTimeout.decode(container, .timeout, decoder: decoder)
    signatureSecret = try SecretSource.decode(container, .signatureSecret, file: .signatureSecretFile, decoder: decoder)
    signatureHeader = try container.decodeIfPresent(String.self, forKey: .signatureHeader) ?? signatureHeader
    if signatureHeader.isEmpty || signatureHeader.contains(where: { $0 == ":" || $0.isWhitespace }) {
      throw ReceiverConfigProblem.at(decoder, "signature_header must be a header name, got \"\(signatureHeader)\"")
    }
  }
}
