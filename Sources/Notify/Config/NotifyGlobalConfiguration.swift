// Alertmanager's `global:` section: the resolve timeout and the defaults receivers inherit
// (SMTP server and account, Slack, PagerDuty and Telegram URLs, HTTP client settings). The keys
// of integrations Warden does not have (OpsGenie, VictorOps, WeChat...) are accepted so an
// existing alertmanager.yml loads, and listed in `ignoredSettings` for a warning.
package import WardenCore

package struct NotifyGlobalConfiguration: Decodable, Sendable, Equatable {
  /// How long an alert without `endsAt` stays firing after its last update.
  package var resolveTimeout = ConfigDuration(.seconds(300))

  /// Default `from` of e-mails (a template string).
  package var smtpFrom: String?
  /// Default SMTP server, "host:port".
  package var smtpSmarthost: String?
  /// Name given in EHLO/HELO.
  package var smtpHello = "localhost"
  package var smtpAuthUsername: String?
  package var smtpAuthPassword: SecretSource?
  package var smtpAuthIdentity: String?
  /// The CRAM-MD5 secret.
  package var smtpAuthSecret: SecretSource?
  /// Whether STARTTLS is required (and used).
  package var smtpRequireTLS = true
  package var smtpTLSConfig = TLSSettings()

  package var slackAPIURL: SecretSource?
  package var pagerdutyURL = "https://events.pagerduty.com/v2/enqueue"
  package var telegramAPIURL = "https://api.telegram.org"
  package var webexAPIURL = "https://webexapis.com/v1/messages"
  package var httpConfig = HTTPClientSettings()

  /// Keys present in the file that configure integrations Warden does not have; the loader logs them.
  package var ignoredSettings: [String] = []

  package init() {}

  enum CodingKeys: String, CodingKey, CaseIterable {
    case resolveTimeout = "resolve_timeout"
    case smtpFrom = "smtp_from", smtpSmarthost = "smtp_smarthost", smtpHello = "smtp_hello"
    case smtpAuthUsername = "smtp_auth_username", smtpAuthPassword = "smtp_auth_password"
    case smtpAuthPasswordFile = "smtp_auth_password_file", smtpAuthIdentity = "smtp_auth_identity"
    case smtpAuthSecret = "smtp_auth_secret", smtpAuthSecretFile = "smtp_auth_secret_file"
    case smtpRequireTLS = "smtp_require_tls", smtpTLSConfig = "smtp_tls_config"
    case slackAPIURL = "slack_api_url", slackAPIURLFile = "slack_api_url_file"
    case pagerdutyURL = "pagerduty_url", telegramAPIURL = "telegram_api_url", webexAPIURL = "webex_api_url"
    case httpConfig = "http_config"
    // Integrations Warden does not have.
    case opsgenieAPIKey = "opsgenie_api_key", opsgenieAPIKeyFile = "opsgenie_api_key_file", opsgenieAPIURL = "opsgenie_api_url"
    case victoropsAPIKey = "victorops_api_key", victoropsAPIKeyFile = "victorops_api_key_file"
    case victoropsAPIURL = "victorops_api_url"
    case wechatAPIURL = "wechat_api_url", wechatAPISecret = "wechat_api_secret", wechatAPICorpID = "wechat_api_corp_id"
    case jiraAPIURL = "jira_api_url", rocketchatAPIURL = "rocketchat_api_url", rocketchatToken = "rocketchat_token"
    case rocketchatTokenFile = "rocketchat_token_file", rocketchatTokenID = "rocketchat_token_id"
    case rocketchatTokenIDFile = "rocketchat_token_id_file"
    case hipchatAPIURL = "hipchat_api_url", hipchatAuthToken = "hipchat_auth_token"
  }

  private static let unusedKeys: [CodingKeys] = [
    .opsgenieAPIKey, .opsgenieAPIKeyFile, .opsgenieAPIURL, .victoropsAPIKey, .victoropsAPIKeyFile, .victoropsAPIURL,
    .wechatAPIURL, .wechatAPISecret, .wechatAPICorpID, .jiraAPIURL, .rocketchatAPIURL, .rocketchatToken,
    .rocketchatTokenFile, .rocketchatTokenID, .rocketchatTokenIDFile, .hipchatAPIURL, .hipchatAuthToken,
  ]

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    resolveTimeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .resolveTimeout) ?? ConfigDuration(.seconds(300))
    if resolveTimeout.duration <= .zero { throw ReceiverConfigProblem.at(decoder, "resolve_timeout must be positive") }
    smtpFrom = try container.decodeIfPresent(String.self, forKey: .smtpFrom)
    smtpSmarthost = try container.decodeIfPresent(String.self, forKey: .smtpSmarthost)
    if let smtpSmarthost, !smtpSmarthost.isEmpty, SMTPAddress.hostAndPort(smtpSmarthost) == nil {
      throw ReceiverConfigProblem.at(decoder, "smtp_smarthost must be host:port, got \"\(smtpSmarthost)\"")
    }
    smtpHello = try container.decodeIfPresent(String.self, forKey: .smtpHello) ?? "localhost"
    smtpAuthUsername = try container.decodeIfPresent(String.self, forKey: .smtpAuthUsername)
    smtpAuthPassword = try SecretSource.decode(container, .smtpAuthPassword, file: .smtpAuthPasswordFile, decoder: decoder)
    smtpAuthIdentity = try container.decodeIfPresent(String.self, forKey: .smtpAuthIdentity)
    smtpAuthSecret = try SecretSource.decode(container, .smtpAuthSecret, file: .smtpAuthSecretFile, decoder: decoder)
    smtpRequireTLS = try container.decodeIfPresent(Bool.self, forKey: .smtpRequireTLS) ?? true
    smtpTLSConfig = try container.decodeIfPresent(TLSSettings.self, forKey: .smtpTLSConfig) ?? TLSSettings()
    slackAPIURL = try SecretSource.decode(container, .slackAPIURL, file: .slackAPIURLFile, decoder: decoder)
    pagerdutyURL = try container.decodeIfPresent(String.self, forKey: .pagerdutyURL) ?? pagerdutyURL
    telegramAPIURL = try container.decodeIfPresent(String.self, forKey: .telegramAPIURL) ?? telegramAPIURL
    webexAPIURL = try container.decodeIfPresent(String.self, forKey: .webexAPIURL) ?? webexAPIURL
    httpConfig = try container.decodeIfPresent(HTTPClientSettings.self, forKey: .httpConfig) ?? HTTPClientSettings()
    // `contains` marks a key as read, so the decoder accepts it without interpreting it.
    ignoredSettings = Self.unusedKeys.filter { container.contains($0) }.map(\.rawValue)
  }
}
