// Decoding receivers and the global section from Alertmanager-shaped YAML: every integration's
// fields and defaults, integrations Warden lacks reported rather than dropped, and bad input
// refused with the file, line and field.
import AsyncHTTPClient
import ConfigDecoding
import Foundation
import Logging
import Testing
import WardenCore

@testable import Notify

@Suite struct ReceiverConfigurationTests {
  struct Receivers: Decodable {
    var receivers: [ReceiverConfiguration]
    enum CodingKeys: String, CodingKey { case receivers }
  }

  static func decode(_ yaml: String) throws -> [ReceiverConfiguration] {
    try #require(try YAMLDocument.decode(Receivers.self, from: yaml, file: "alertmanager.yml")).receivers
  }

  static func refusal(_ yaml: String) -> ConfigError? {
    do {
      _ = try YAMLDocument.decode(Receivers.self, from: yaml, file: "alertmanager.yml")
      return nil
    } catch {
      return error
    }
  }

  @Test func decodesEveryIntegrationWithAlertmanagersDefaults() throws {
    let receivers = try Self.decode(
      """
      receivers:
        - name: everything
          email_configs:
            - to: 'ops@example.com, oncall@example.com'
          webhook_configs:
            - url: http://hooks.example.com/alert
              max_alerts: 5
          slack_configs:
            - api_url: https://hooks.slack.com/services/T/B/X
              channel: '#alerts'
              color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}'
              fields:
                - title: Severity
                  value: '{{ .CommonLabels.severity }}'
          msteamsv2_configs:
            - webhook_url: https://example.webhook.office.com/workflows/1
          msteams_configs:
            - webhook_url: https://example.webhook.office.com/connector/1
          discord_configs:
            - webhook_url: https://discord.com/api/webhooks/1/abc
          telegram_configs:
            - bot_token: '123:abc'
              chat_id: -1001234
          pagerduty_configs:
            - routing_key: R0UTING
              severity: '{{ .CommonLabels.severity }}'
          sms_configs:
            - provider: twilio
              account_sid: AC123
              auth_token: tok
              from: '+15005550006'
              to: ['+15551230001', '+15551230002']
            - provider: gateway
              url: 'http://sms.example.com/send?to={{ .To | urlquery }}&text={{ .Message | urlquery }}'
              method: GET
              to: '+15551230003, +15551230004'
      """)
    let receiver = try #require(receivers.first)
    #expect(receiver.name == "everything")
    #expect(receiver.integrationCount == 10)
    #expect(receiver.unsupportedIntegrations.isEmpty)
    let email = try #require(receiver.emailConfigs.first)
    #expect(email.sendResolved == false)
    #expect(email.to == "ops@example.com, oncall@example.com")
    #expect(email.html == #"{{ template "email.default.html" . }}"#)
    #expect(email.fieldPath == "receivers[0].email_configs[0]")
    #expect(receiver.webhookConfigs.first?.sendResolved == true)
    #expect(receiver.webhookConfigs.first?.maxAlerts == 5)
    #expect(receiver.webhookConfigs.first?.timeout == .seconds(10))
    #expect(receiver.slackConfigs.first?.sendResolved == false)
    #expect(receiver.slackConfigs.first?.fields.first?.title == "Severity")
    #expect(receiver.teamsConfigs.map(\.kind) == [.workflow, .connector])
    #expect(receiver.teamsConfigs.map(\.title) == [#"{{ template "msteamsv2.default.title" . }}"#, #"{{ template "msteams.default.title" . }}"#])
    #expect(receiver.discordConfigs.first?.sendResolved == true)
    #expect(receiver.telegramConfigs.first?.chatID == -1_001_234)
    #expect(receiver.telegramConfigs.first?.parseMode == "HTML")
    #expect(receiver.pagerdutyConfigs.first?.details == PagerDutyConfiguration.defaultDetails)
    #expect(receiver.smsConfigs.map(\.provider) == [.twilio, .gateway])
    #expect(receiver.smsConfigs.map(\.to) == [["+15551230001", "+15551230002"], ["+15551230003", "+15551230004"]])
    #expect(receiver.smsConfigs.last?.method == "GET")
  }

  @Test func integrationsWardenLacksAreReportedNotDropped() throws {
    let receivers = try Self.decode(
      """
      receivers:
        - name: legacy
          opsgenie_configs:
            - api_key: xyz
              responders: [{name: team, type: team}]
          victorops_configs:
            - routing_key: r
          webhook_configs:
            - url: http://hooks.example.com/
      """)
    #expect(receivers.first?.unsupportedIntegrations == ["opsgenie_configs", "victorops_configs"])
    #expect(receivers.first?.integrationCount == 1)
  }

  @Test func globalSectionAcceptsAlertmanagersKeysAndListsUnusedOnes() throws {
    let global = try #require(
      try YAMLDocument.decode(
        NotifyGlobalConfiguration.self,
        from: """
          resolve_timeout: 2m
          smtp_smarthost: smtp.example.org:587
          smtp_from: 'Warden <warden@example.org>'
          smtp_auth_username: warden
          smtp_auth_password: secret
          smtp_require_tls: false
          slack_api_url: https://hooks.slack.com/services/T/B/X
          opsgenie_api_url: https://api.opsgenie.com/
          wechat_api_corp_id: corp
          http_config:
            follow_redirects: false
          """, file: "alertmanager.yml"))
    #expect(global.resolveTimeout == ConfigDuration(.seconds(120)))
    #expect(global.smtpSmarthost == "smtp.example.org:587")
    #expect(global.smtpHello == "localhost")
    #expect(global.smtpRequireTLS == false)
    #expect(global.smtpAuthPassword == .inline("secret"))
    #expect(global.pagerdutyURL == "https://events.pagerduty.com/v2/enqueue")
    #expect(global.telegramAPIURL == "https://api.telegram.org")
    #expect(global.httpConfig.followRedirects == false)
    #expect(global.ignoredSettings == ["opsgenie_api_url", "wechat_api_corp_id"])
  }

  @Test func globalDefaultsAreCheckedAgainstEachIntegration() throws {
    let receivers = try Self.decode(
      """
      receivers:
        - name: mail
          email_configs:
            - to: ops@example.com
      """)
    var global = NotifyGlobalConfiguration()
    #expect(throws: ConfigError.self) { try receivers[0].check(global: global, file: "alertmanager.yml") }
    global.smtpSmarthost = "smtp.example.org:25"
    global.smtpFrom = "warden@example.org"
    try receivers[0].check(global: global, file: "alertmanager.yml")
  }

  @Test(arguments: [
    ("receivers:\n  - name: x\n    webhook_configs:\n      - url: http://a/\n        url_file: /tmp/u\n", 4, "at most one of url and url_file"),
    ("receivers:\n  - name: x\n    webhook_configs:\n      - max_alerts: 1\n", 4, "one of url and url_file must be set"),
    ("receivers:\n  - name: x\n    webhook_configs:\n      - url: ftp://a/\n", 4, "must be an http or https URL"),
    ("receivers:\n  - name: x\n    email_configs:\n      - to: a@b.c\n        smarthost: nohost\n", 4, "smarthost must be host:port"),
    ("receivers:\n  - name: x\n    email_configs:\n      - to: a@b.c\n        headers: {Content-Type: text/plain}\n", 4, "may not set"),
    ("receivers:\n  - name: x\n    slack_configs:\n      - api_url: http://a/\n        titel: x\n", 5, "unknown field \"titel\""),
    ("receivers:\n  - name: x\n    pagerduty_configs:\n      - severity: error\n", 4, "exactly one of routing_key"),
    ("receivers:\n  - name: x\n    telegram_configs:\n      - bot_token: t\n", 4, "chat_id must be set"),
    ("receivers:\n  - name: x\n    telegram_configs:\n      - bot_token: t\n        chat_id: 1\n        parse_mode: BBCode\n", 4, "parse_mode"),
    ("receivers:\n  - name: x\n    sms_configs:\n      - provider: carrier-pigeon\n        to: [x]\n", 4, "provider must be twilio or gateway"),
    ("receivers:\n  - name: x\n    sms_configs:\n      - provider: twilio\n        account_sid: AC1\n        auth_token: t\n        from: '+1'\n        to: ['+2']\n        url: http://x/\n", 4, "url is a setting of provider gateway"),
    ("receivers:\n  - name: x\n    sms_configs:\n      - provider: gateway\n        url: http://x/\n        to: []\n", 4, "to must name at least one recipient"),
    ("receivers:\n  - name: x\n    webhook_configs:\n      - url: http://a/\n        http_config:\n          oauth2: {client_id: a}\n", 6, "oauth2 is not supported"),
    ("receivers:\n  - name: x\n    webhook_configs:\n      - url: http://a/\n        http_config:\n          basic_auth: {username: a}\n          authorization: {credentials: b}\n", 6, "at most one of basic_auth and authorization"),
    ("receivers:\n  - name: ''\n", 2, "name must not be empty"),
  ])
  func refusesBadConfigurationWithPosition(_ yaml: String, line: Int, message: String) throws {
    let error = try #require(Self.refusal(yaml), "accepted:\n\(yaml)")
    #expect(error.file == "alertmanager.yml")
    #expect(error.line == line, "\(error)")
    #expect(error.description.contains(message), "\(error)")
  }

  @Test func httpConfigTakesBearerTokenAndHeaders() throws {
    let receivers = try Self.decode(
      """
      receivers:
        - name: x
          webhook_configs:
            - url: https://hooks.example.com/
              http_config:
                bearer_token: t0ken
                follow_redirects: false
                tls_config: {insecure_skip_verify: true}
                http_headers:
                  X-Scope: {values: [team-a]}
      """)
    let http = try #require(receivers[0].webhookConfigs[0].httpConfig)
    #expect(http.authorization == HTTPClientSettings.Authorization(type: "Bearer", credentials: .inline("t0ken")))
    #expect(http.followRedirects == false)
    #expect(http.tls.insecureSkipVerify)
    #expect(http.headers["X-Scope"]?.values == ["team-a"])
  }
}

@Suite struct ReceiverWiringTests {
  static let file = """
    global:
      smtp_smarthost: smtp.example.org:25
      opsgenie_api_url: https://api.opsgenie.com/
    templates: ['*.tmpl']
    route:
      receiver: ops
    receivers:
      - name: ops
        email_configs:
          - to: ops@example.com
        opsgenie_configs:
          - api_key: x
    """

  @Test func configurationWarnsAboutIntegrationsWardenLacks() throws {
    let configuration = try AlertmanagerConfiguration.load(text: Self.file, file: "alertmanager.yml")
    #expect(configuration.receiverWarnings.count == 2)
    #expect(configuration.receiverWarnings.first?.contains("opsgenie_configs") == true)
    #expect(configuration.receiverWarnings.last?.contains("opsgenie_api_url") == true)
    // No smtp_from anywhere: refused like Alertmanager refuses it.
    #expect(throws: ConfigError.self) { try configuration.checkReceivers(file: "alertmanager.yml") }
  }

  @Test func productionFactoryUsesTheConfigurationsTemplatesAndGlobals() async throws {
    let directory = try TestFiles.temporaryDirectory("wiring")
    try #"{{ define "email.default.subject" }}custom {{ .Status }}{{ end }}"#.write(
      to: directory.appendingPathComponent("mail.tmpl"), atomically: true, encoding: .utf8)
    let file = directory.appendingPathComponent("alertmanager.yml").path
    let configuration = try AlertmanagerConfiguration.load(text: Self.file, file: file)
    let client = ReceiverContext.makeHTTPClient()
    defer { _ = client.shutdown() }
    let factory = DefaultReceivers.factory(httpClient: client, logger: Logger(label: "test"))
    let receivers = factory(configuration.receivers[0], configuration)
    #expect(receivers.map(\.integration) == ["email"])
    let templates = configuration.notificationTemplates(logger: Logger(label: "test"))
    let subject = try await templates.execute("email.default.subject", data: NotificationTemplateData.make(SampleNotifications.group()))
    #expect(subject == "custom firing")
  }
}
