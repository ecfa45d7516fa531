// The load-time checks and warnings of a loaded Alertmanager configuration that concern its
// receivers: missing global defaults refuse it; integrations Warden lacks are warned about.
package import ConfigDecoding

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
