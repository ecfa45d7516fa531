// Wiring a loaded Alertmanager configuration to its receivers: the context (templates loaded from
// `templates:`, the global section) and the load-time checks and warnings that concern receivers.
package import AsyncHTTPClient
package import ConfigDecoding
package import Logging

extension ReceiverContext {
  /// The receivers' context for `configuration`: its template files (globs relative to
  /// `configDirectory`) parsed after Warden's defaults, and its global section.
  /// Build one per loaded configuration (at start and on every reload).
  /// - Throws: `ConfigError` naming the template file for an unreadable file or a syntax error.
  package static func make(
    for configuration: AlertmanagerConfiguration, httpClient: HTTPClient, logger: Logger, configDirectory: String?
  ) throws(ConfigError) -> ReceiverContext {
    let templates = try NotificationTemplates.load(patterns: configuration.templates, baseDirectory: configDirectory)
    return ReceiverContext(
      httpClient: httpClient, templates: templates, logger: logger, global: configuration.global, configDirectory: configDirectory)
  }
}

extension AlertmanagerConfiguration {
  /// Checks what only the global section settles for receivers (an e-mail integration without
  /// smarthost or from, Slack without api_url), as Alertmanager does at load.
  /// - Throws: `ConfigError` naming the integration.
  package func checkReceivers(file: String) throws(ConfigError) {
    for receiver in receivers { try receiver.check(global: global, file: file) }
  }

  /// What the loader should warn about: integrations Warden cannot send to, and global keys of
  /// such integrations. Empty for a configuration Warden fully uses.
  package var receiverWarnings: [String] {
    var warnings: [String] = []
    for receiver in receivers where !receiver.unsupportedIntegrations.isEmpty {
      warnings.append(
        "receiver \"\(receiver.name)\": \(receiver.unsupportedIntegrations.joined(separator: ", ")) not supported by Warden; those integrations send nothing")
    }
    if !global.ignoredSettings.isEmpty {
      warnings.append("global: \(global.ignoredSettings.joined(separator: ", ")) ignored (integrations Warden does not have)")
    }
    return warnings
  }
}
