// Alertmanager's configuration (alertmanager.yml): global settings, templates, the routing tree,
// receivers, inhibition rules and time intervals. Loads an operator's file unchanged, either on
// its own (`load(text:file:)`) or from a node under Warden's `alerting:` key (`decode(from:)`),
// and refuses invalid trees with the position of the offending field.
import Foundation
package import ConfigDecoding
package import Yams

/// A whole Alertmanager configuration.
package struct AlertmanagerConfiguration: Decodable, Sendable, Equatable {
  package var global = NotifyGlobalConfiguration()
  /// Template file globs, read by the notification templates.
  package var templates: [String] = []
  package var route: RouteConfiguration
  package var receivers: [ReceiverConfiguration] = []
  package var inhibitRules: [InhibitRuleConfiguration] = []
  package var timeIntervals: [TimeIntervalConfiguration] = []
  /// The deprecated `mute_time_intervals:` list: the same shape and the same name space as `time_intervals`.
  package var muteTimeIntervals: [TimeIntervalConfiguration] = []
  /// The text the configuration was loaded from, shown by `/api/v2/status` as `config.original`.
  package var originalText = ""
  /// The directory relative `templates` globs and `*_file` paths are read from.
  package var baseDirectory: String?
  /// The `templates` files as read by `loadTemplates(baseDirectory:)`.
  package var templateSources: [TemplateSource] = []

  package init(route: RouteConfiguration, receivers: [ReceiverConfiguration]) {
    self.route = route
    self.receivers = receivers
  }

  enum CodingKeys: String, CodingKey {
    case global, templates, route, receivers
    case inhibitRules = "inhibit_rules"
    case timeIntervals = "time_intervals"
    case muteTimeIntervals = "mute_time_intervals"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    global = try container.decodeIfPresent(NotifyGlobalConfiguration.self, forKey: .global) ?? NotifyGlobalConfiguration()
    templates = try container.decodeIfPresent([String].self, forKey: .templates) ?? []
    receivers = try container.decodeIfPresent([ReceiverConfiguration].self, forKey: .receivers) ?? []
    inhibitRules = try container.decodeIfPresent([InhibitRuleConfiguration].self, forKey: .inhibitRules) ?? []
    timeIntervals = try container.decodeIfPresent([TimeIntervalConfiguration].self, forKey: .timeIntervals) ?? []
    muteTimeIntervals = try container.decodeIfPresent([TimeIntervalConfiguration].self, forKey: .muteTimeIntervals) ?? []
    guard let route = try container.decodeIfPresent(RouteConfiguration.self, forKey: .route) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "no route provided: add a `route:` with a default receiver"))
    }
    self.route = route
    // Decoded inside a larger file whose loader does not know these rules, the first problem is
    // reported at this node with the field named in the message; `decode(from:file:)` instead
    // checks afterwards and points at the field itself.
    if !ConfigurationValidator.checksAfterDecoding, let problem = ConfigurationValidator(self).firstProblem() {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "\(problem.path.dottedText): \(problem.message)"))
    }
  }

  /// Every named time interval (`time_intervals` and the deprecated `mute_time_intervals`).
  package var allTimeIntervals: [TimeIntervalConfiguration] { timeIntervals + muteTimeIntervals }

  /// Loads a standalone alertmanager.yml.
  /// - Parameters:
  ///   - text: the YAML text.
  ///   - file: the file name used in error messages.
  /// - Throws: `ConfigError` with file, line, column and field of the first problem.
  package static func load(text: String, file: String) throws(ConfigError) -> AlertmanagerConfiguration {
    guard let root = try YAMLDocument.compose(text, file: file) else {
      throw ConfigError(file: file, message: "the Alertmanager configuration is empty: it needs a `route:` and `receivers:`")
    }
    var configuration = try decode(from: root, file: file)
    configuration.originalText = text
    try configuration.loadTemplates(baseDirectory: URL(fileURLWithPath: file).deletingLastPathComponent().path)
    return configuration
  }

  /// Decodes and validates a configuration from a composed node, such as the `alerting:` node of
  /// Warden's configuration file, so every problem is reported at its own position.
  /// - Parameters:
  ///   - node: the node holding `route:`, `receivers:`...
  ///   - file: the file name used in error messages.
  ///   - fieldPrefix: the node's own dotted path (`alerting`), prefixed to error fields.
  /// - Throws: `ConfigError` with file, line, column and field of the first problem.
  package static func decode(from node: Node, file: String, fieldPrefix: String = "") throws(ConfigError) -> AlertmanagerConfiguration {
    let configuration: AlertmanagerConfiguration
    do {
      configuration = try ConfigurationValidator.$checksAfterDecoding.withValue(true) {
        try YAMLNodeDecoder(file: file).decode(AlertmanagerConfiguration.self, from: node)
      }
    } catch let error as ConfigError {
      throw Self.prefixed(error, with: fieldPrefix)
    } catch {
      throw ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, field: fieldPrefix, message: "\(error)")
    }
    if let problem = ConfigurationValidator(configuration).firstProblem() {
      let target = problem.path.locate(in: node)
      var field = problem.path.dottedText
      if !fieldPrefix.isEmpty { field = field.isEmpty ? fieldPrefix : fieldPrefix + "." + field }
      throw ConfigError(file: file, line: target.mark?.line, column: target.mark?.column, field: field, message: problem.message)
    }
    return configuration
  }

  private static func prefixed(_ error: ConfigError, with prefix: String) -> ConfigError {
    guard !prefix.isEmpty else { return error }
    var copy = error
    copy.field = error.field.isEmpty ? prefix : (error.field.hasPrefix("[") ? prefix + error.field : prefix + "." + error.field)
    return copy
  }
}
