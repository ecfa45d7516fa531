// Reads, parses, decodes and validates the configuration file; every failure becomes one
// `ConfigError` line that names the file, position and field.
import Alerting
package import ConfigDecoding
import Foundation
import WardenCore

package enum ConfigLoader {
  /// The largest configuration file accepted; anything bigger is almost surely not a config.
  package static var maxFileBytes: Int { YAMLDocument.maxFileBytes }

  /// Loads the file at `path`.
  /// - Throws: `ConfigError` for unreadable files, YAML syntax errors, unknown fields, wrong
  ///   types and invalid values.
  package static func load(path: String) throws(ConfigError) -> WardenConfiguration {
    try parse(readText(path: path), file: path)
  }

  /// Reads the file as UTF-8 text, within the size limit.
  package static func readText(path: String) throws(ConfigError) -> String {
    try YAMLDocument.readText(path: path)
  }

  /// Parses configuration text; `file` is only used in error messages.
  package static func parse(_ text: String, file: String) throws(ConfigError) -> WardenConfiguration {
    guard let root = try YAMLDocument.compose(text, file: file) else { return WardenConfiguration() }
    var config = try YAMLNodeDecoder(file: file).decode(WardenConfiguration.self, from: root)
    try config.alerting.resolve(configurationFile: file, root: root)
    try ConfigValidator(file: file, root: root).validate(config)
    if !config.ruleFiles.isEmpty || !config.logRuleFiles.isEmpty {
      // Relative rule file patterns are taken from the configuration file's directory, as Prometheus does.
      let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
      config.ruleGroups = LoadedRuleGroups(
        try RuleManager.loadGroups(ruleFiles: config.ruleFiles, logRuleFiles: config.logRuleFiles, baseDirectory: directory))
    }
    if !config.backupJobs.isEmpty, config.backupAlertRules {
      config.ruleGroups.groups += try BackupAlertRules.groups()
    }
    return config
  }
}
