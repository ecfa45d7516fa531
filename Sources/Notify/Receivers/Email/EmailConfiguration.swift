// `email_configs` entry, with Alertmanager's fields and defaults (unset SMTP settings come from
// the global smtp_* keys when the receiver is built), plus Warden's `text` default (a plain-text
// part beside the HTML one), `force_implicit_tls` as newer Alertmanager has it, and `timeout`
// bounding the whole SMTP session.

/// One e-mail integration.
package struct EmailConfiguration: Decodable, Sendable, Equatable {
  package var sendResolved = false
  /// Recipients: a template string holding a comma-separated address list.
  package var to = ""
  package var from: String?
  package var smarthost: String?
  package var hello: String?
  package var authUsername: String?
  package var authPassword: SecretSource?
  package var authSecret: SecretSource?
  package var authIdentity: String?
  package var requireTLS: Bool?
  package var tlsConfig: TLSSettings?
  /// nil: implicit TLS exactly when the port is 465.
  package var forceImplicitTLS: Bool?
  package var html = #"{{ template "email.default.html" . }}"#
  package var text = #"{{ template "email.default.text" . }}"#
  /// Header templates by canonical name; Subject defaults to the default subject.
  package var headers: [String: String] = [:]
  package var timeout = ReceiverTimeout.defaultTimeout
  package var fieldPath = ""

  enum CodingKeys: String, CodingKey {
    case sendResolved = "send_resolved", to, from, smarthost, hello, authUsername = "auth_username"
    case authPassword = "auth_password", authPasswordFile = "auth_password_file", authSecret = "auth_secret"
    case authSecretFile = "auth_secret_file", authIdentity = "auth_identity", requireTLS = "require_tls"
    case tlsConfig = "tls_config", forceImplicitTLS = "force_implicit_tls", html, text, headers, timeout
  }

  package init(to: String) {
    self.to = to
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    fieldPath = ReceiverConfigProblem.path(decoder)
    sendResolved = try container.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? false
    to = try container.decodeIfPresent(String.self, forKey: .to) ?? ""
    if to.isEmpty { throw ReceiverConfigProblem.at(decoder, "to must be set") }
    from = try container.decodeIfPresent(String.self, forKey: .from)
    smarthost = try container.decodeIfPresent(String.self, forKey: .smarthost)
    if let smarthost, SMTPAddress.hostAndPort(smarthost) == nil {
      throw ReceiverConfigProblem.at(decoder, "smarthost must be host:port, got \"\(smarthost)\"")
    }
    hello = try container.decodeIfPresent(String.self, forKey: .hello)
    authUsername = try container.decodeIfPresent(String.self, forKey: .authUsername)
    authPassword = try SecretSource.decode(container, .authPassword, file: .authPasswordFile, decoder: decoder)
    authSecret = try SecretSource.decode(container, .authSecret, file: .authSecretFile, decoder: decoder)
    authIdentity = try container.decodeIfPresent(String.self, forKey: .authIdentity)
    requireTLS = try container.decodeIfPresent(Bool.self, forKey: .requireTLS)
    tlsConfig = try container.decodeIfPresent(TLSSettings.self, forKey: .tlsConfig)
    forceImplicitTLS = try container.decodeIfPresent(Bool.self, forKey: .forceImplicitTLS)
    html = try container.decodeIfPresent(String.self, forKey: .html) ?? html
    text = try container.decodeIfPresent(String.self, forKey: .text) ?? text
    var headers: [String: String] = [:]
    for (name, value) in try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:] {
      let canonical = EmailMessage.canonicalHeaderName(name)
      if EmailMessage.structuralHeaders.contains(canonical) {
        throw ReceiverConfigProblem.at(decoder, "headers may not set \(name): Warden builds the message structure")
      }
      if canonical.isEmpty || canonical.contains(where: { $0 == ":" || $0.isWhitespace || !$0.isASCII }) {
        throw ReceiverConfigProblem.at(decoder, "invalid header name \"\(name)\"")
      }
      if headers[canonical] != nil { throw ReceiverConfigProblem.at(decoder, "header \(canonical) is set twice") }
      headers[canonical] = value
    }
    self.headers = headers
    timeout = try ReceiverTimeout.decode(container, .timeout, decoder: decoder)
  }

  /// What is missing once the global defaults are applied (for load-time checks).
  func missingSettings(global: NotifyGlobalConfiguration) -> [String] {
    var missing: [String] = []
    if (smarthost ?? global.smtpSmarthost ?? "").isEmpty { missing.append("smarthost (nor global smtp_smarthost)") }
    if (from ?? global.smtpFrom ?? "").isEmpty { missing.append("from (nor global smtp_from)") }
    return missing
  }
}
