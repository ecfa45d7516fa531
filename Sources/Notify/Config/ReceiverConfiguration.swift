// One entry of Alertmanager's `receivers:` list: a name and its integrations (email, webhook,
// Slack, Teams, Discord, Telegram, PagerDuty, and Warden's SMS). Integrations Alertmanager has
// and Warden does not (OpsGenie, VictorOps, Pushover, SNS, WeChat, Webex, Jira, Rocket.Chat...)
// are accepted so an existing file loads, and listed in `unsupportedIntegrations` so the loader
// warns about them; nothing is dropped silently.
package import ConfigDecoding

/// A named receiver and its integrations' configurations.
package struct ReceiverConfiguration: Decodable, Sendable, Equatable {
  package var name: String
  package var emailConfigs: [EmailConfiguration] = []
  package var webhookConfigs: [WebhookConfiguration] = []
  package var slackConfigs: [SlackConfiguration] = []
  /// Both `msteamsv2_configs` (workflows) and `msteams_configs` (connectors); `kind` says which.
  package var teamsConfigs: [TeamsConfiguration] = []
  package var discordConfigs: [DiscordConfiguration] = []
  package var telegramConfigs: [TelegramConfiguration] = []
  package var pagerdutyConfigs: [PagerDutyConfiguration] = []
  package var smsConfigs: [SMSConfiguration] = []
  /// Keys of integrations present in the file that Warden cannot send to ("opsgenie_configs").
  package var unsupportedIntegrations: [String] = []

  package init(name: String) {
    self.name = name
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case name
    case emailConfigs = "email_configs", webhookConfigs = "webhook_configs", slackConfigs = "slack_configs"
    case msteamsv2Configs = "msteamsv2_configs", msteamsConfigs = "msteams_configs", discordConfigs = "discord_configs"
    case telegramConfigs = "telegram_configs", pagerdutyConfigs = "pagerduty_configs", smsConfigs = "sms_configs"
    case opsgenieConfigs = "opsgenie_configs", victoropsConfigs = "victorops_configs", pushoverConfigs = "pushover_configs"
    case snsConfigs = "sns_configs", wechatConfigs = "wechat_configs", webexConfigs = "webex_configs"
    case jiraConfigs = "jira_configs", rocketchatConfigs = "rocketchat_configs", incidentioConfigs = "incidentio_configs"
    case mattermostConfigs = "mattermost_configs"
  }

  private static let unsupported: [CodingKeys] = [
    .opsgenieConfigs, .victoropsConfigs, .pushoverConfigs, .snsConfigs, .wechatConfigs, .webexConfigs, .jiraConfigs,
    .rocketchatConfigs, .incidentioConfigs, .mattermostConfigs,
  ]

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    if name.isEmpty { throw ReceiverConfigProblem.at(decoder, "name must not be empty") }
    emailConfigs = try container.decodeIfPresent([EmailConfiguration].self, forKey: .emailConfigs) ?? []
    webhookConfigs = try container.decodeIfPresent([WebhookConfiguration].self, forKey: .webhookConfigs) ?? []
    slackConfigs = try container.decodeIfPresent([SlackConfiguration].self, forKey: .slackConfigs) ?? []
    teamsConfigs = try (container.decodeIfPresent([TeamsConfiguration].self, forKey: .msteamsv2Configs) ?? [])
      + (container.decodeIfPresent([TeamsConfiguration].self, forKey: .msteamsConfigs) ?? [])
    discordConfigs = try container.decodeIfPresent([DiscordConfiguration].self, forKey: .discordConfigs) ?? []
    telegramConfigs = try container.decodeIfPresent([TelegramConfiguration].self, forKey: .telegramConfigs) ?? []
    pagerdutyConfigs = try container.decodeIfPresent([PagerDutyConfiguration].self, forKey: .pagerdutyConfigs) ?? []
    smsConfigs = try container.decodeIfPresent([SMSConfiguration].self, forKey: .smsConfigs) ?? []
    for key in Self.unsupported {
      let entries = try container.decodeIfPresent([UnsupportedIntegration].self, forKey: key) ?? []
      if !entries.isEmpty { unsupportedIntegrations.append(key.rawValue) }
    }
  }

  /// How many integrations Warden will send to.
  package var integrationCount: Int {
    emailConfigs.count + webhookConfigs.count + slackConfigs.count + teamsConfigs.count + discordConfigs.count
      + telegramConfigs.count + pagerdutyConfigs.count + smsConfigs.count
  }

  /// Checks what only the global section can settle (an e-mail without smarthost or from, a
  /// Slack integration without api_url), as Alertmanager does at load.
  /// - Parameter file: the configuration file, for the error.
  /// - Throws: `ConfigError` naming the integration's field path.
  package func check(global: NotifyGlobalConfiguration, file: String) throws(ConfigError) {
    for email in emailConfigs {
      if let missing = email.missingSettings(global: global).first {
        throw ConfigError(file: file, field: email.fieldPath, message: "no \(missing) is set")
      }
    }
    for slack in slackConfigs where slack.apiURL == nil && global.slackAPIURL == nil {
      throw ConfigError(file: file, field: slack.fieldPath, message: "no api_url (nor global slack_api_url) is set")
    }
  }

  /// One `Receiver` per integration, in the order of the file's lists, with the global defaults
  /// applied.
  package func makeReceivers(context: ReceiverContext) -> [any Receiver] {
    var receivers: [any Receiver] = []
    let global = context.global
    for config in emailConfigs {
      receivers.append(
        EmailReceiver(
          configuration: config, global: global,
          environment: context.environment(nil, timeout: config.timeout, service: "SMTP server"), timeout: config.timeout))
    }
    for config in webhookConfigs {
      receivers.append(
        WebhookReceiver(configuration: config, environment: context.environment(config.httpConfig, timeout: config.timeout, service: "webhook")))
    }
    for config in slackConfigs {
      receivers.append(
        SlackReceiver(
          configuration: config, apiURL: config.apiURL ?? global.slackAPIURL,
          environment: context.environment(config.httpConfig, timeout: config.timeout, service: "Slack")))
    }
    for config in teamsConfigs {
      receivers.append(
        TeamsReceiver(configuration: config, environment: context.environment(config.httpConfig, timeout: config.timeout, service: "Teams")))
    }
    for config in discordConfigs {
      receivers.append(
        DiscordReceiver(configuration: config, environment: context.environment(config.httpConfig, timeout: config.timeout, service: "Discord")))
    }
    for config in telegramConfigs {
      receivers.append(
        TelegramReceiver(
          configuration: config, apiURL: config.apiURL ?? global.telegramAPIURL,
          environment: context.environment(config.httpConfig, timeout: config.timeout, service: "Telegram")))
    }
    for config in pagerdutyConfigs {
      let url = config.url ?? (config.serviceKey != nil ? PagerDutyConfiguration.eventsV1URL : global.pagerdutyURL)
      receivers.append(
        PagerDutyReceiver(
          configuration: config, url: url, environment: context.environment(config.httpConfig, timeout: config.timeout, service: "PagerDuty")))
    }
    for config in smsConfigs {
      let service = config.provider == .twilio ? "Twilio" : "SMS gateway"
      receivers.append(SMSReceiver(configuration: config, environment: context.environment(config.httpConfig, timeout: config.timeout, service: service)))
    }
    return receivers
  }
}

/// An integration Warden does not have: any mapping is accepted (every key is marked as read).
struct UnsupportedIntegration: Decodable, Sendable {
  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: AnyConfigKey.self)
    for key in container.allKeys { _ = container.contains(key) }
  }
}
