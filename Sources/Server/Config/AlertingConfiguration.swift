// `alerting:` in Warden's configuration: Alertmanager's configuration (global, route, receivers,
// inhibit_rules, time_intervals, mute_time_intervals, templates) pasted in as it is, or
// `config_file:` naming an alertmanager.yml that is read unchanged. Without the section every
// alert goes to one receiver, "default", that sends nothing: alerts are kept and listed, and
// amtool works out of the box.
package import ConfigDecoding
import Foundation
package import Notify
package import Yams

package struct AlertingConfiguration: Decodable, Sendable, Equatable {
  /// `config_file:` as written (relative to the configuration file's directory); nil when the
  /// configuration is inline or absent.
  package var configFile: String?
  /// The Alertmanager configuration in force: inline, read from `configFile` by `resolve`, or the
  /// default. Its `originalText` is what /api/v2/status shows.
  package var notifier: AlertmanagerConfiguration

  package init() {
    notifier = Self.defaultConfiguration
  }

  /// The text of the default configuration, shown by /api/v2/status when there is no `alerting:`.
  static let defaultText = """
    # No alerting section in Warden's configuration: every alert goes to "default", which sends nothing.
    route:
      receiver: default
    receivers:
      - name: default

    """

  package static var defaultConfiguration: AlertmanagerConfiguration {
    var route = RouteConfiguration()
    route.receiver = "default"
    var configuration = AlertmanagerConfiguration(route: route, receivers: [ReceiverConfiguration(name: "default")])
    configuration.originalText = defaultText
    return configuration
  }

  enum FileKeys: String, CodingKey {
    case configFile = "config_file"
  }

  /// Alertmanager's top-level keys.
  enum AlertmanagerKeys: String, CodingKey, CaseIterable {
    case global, templates, route, receivers
    case inhibitRules = "inhibit_rules"
    case timeIntervals = "time_intervals"
    case muteTimeIntervals = "mute_time_intervals"
  }

  /// Records which form the section takes; `resolve` reads it. An inline configuration is
  /// decoded there, from its node, so its errors point at the offending field itself.
  package init(from decoder: any Decoder) throws {
    notifier = Self.defaultConfiguration
    // `config_file:` stands alone: beside it, any Alertmanager key is refused as unknown.
    let file = try decoder.container(keyedBy: FileKeys.self)
    if file.contains(.configFile) {
      let path = try file.decode(String.self, forKey: .configFile)
      guard !path.isEmpty else {
        throw DecodingError.dataCorruptedError(forKey: .configFile, in: file, debugDescription: "config_file must not be empty")
      }
      configFile = path
    } else {
      let inline = try decoder.container(keyedBy: AlertmanagerKeys.self)
      for key in AlertmanagerKeys.allCases { _ = inline.contains(key) }
    }
  }

  /// Completes the decoded section: reads `config_file` (relative to `configurationFile`'s
  /// directory), or decodes the inline section and keeps its text for /api/v2/status.
  /// - Parameters:
  ///   - configurationFile: the path of Warden's configuration file.
  ///   - root: that file's composed YAML.
  /// - Throws: `ConfigError` naming the Alertmanager file and position of its first problem.
  package mutating func resolve(configurationFile: String, root: Node) throws(ConfigError) {
    if let configFile {
      let path =
        configFile.hasPrefix("/")
        ? configFile
        : URL(fileURLWithPath: configurationFile).deletingLastPathComponent().appendingPathComponent(configFile).path
      let text = try YAMLDocument.readText(path: path, what: "alerting configuration file")
      notifier = try AlertmanagerConfiguration.load(text: text, file: path)
    } else if let section = root["alerting"], !section.isNullScalar {
      notifier = try AlertmanagerConfiguration.decode(from: section, file: configurationFile, fieldPrefix: "alerting")
      // Serialising a node Yams composed cannot fail; were it to, the status shows no text.
      notifier.originalText = (try? Yams.serialize(node: section, allowUnicode: true)) ?? ""
      try notifier.loadTemplates(baseDirectory: URL(fileURLWithPath: configurationFile).deletingLastPathComponent().path)
    }
  }
}

extension Node {
  /// `alerting:` with nothing after it.
  fileprivate var isNullScalar: Bool {
    if case .scalar(let scalar) = self { return NSNull.construct(from: scalar) != nil }
    return false
  }
}
