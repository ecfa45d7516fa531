// `alerting:` in Warden's configuration: Alertmanager's configuration (global, route, receivers,
// inhibit_rules, time_intervals, mute_time_intervals, templates) pasted in as it is, or
// `config_file:` naming an alertmanager.yml that is read unchanged. Without the section every
// alert goes to one receiver, "default", that sends nothing: alerts are kept and listed, and
// amtool works out of the box.
import ConfigDecoding
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

  package init(from decoder: any Decoder) throws {
    // `config_file:` stands alone: with it, any Alertmanager key is refused as unknown.
    let file = try decoder.container(keyedBy: FileKeys.self)
    if file.contains(.configFile) {
      let path = try file.decode(String.self, forKey: .configFile)
      guard !path.isEmpty else {
        throw DecodingError.dataCorruptedError(forKey: .configFile, in: file, debugDescription: "config_file must not be empty")
      }
      configFile = path
      notifier = Self.defaultConfiguration
    } else {
      notifier = try AlertmanagerConfiguration(from: decoder)
    }
  }

  /// Completes the decoded section: reads `config_file` (relative to `configurationFile`'s
  /// directory), or keeps the inline section's own text for /api/v2/status.
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
    } else if let section = root["alerting"] {
      // Serialising a node Yams composed cannot fail; were it to, the status shows no text.
      notifier.originalText = (try? Yams.serialize(node: section, allowUnicode: true)) ?? ""
    }
  }
}
