// Reads, parses, decodes and validates the configuration file; every failure becomes one
// `ConfigError` line that names the file, position and field.
import Foundation
import WardenCore
import Yams

package enum ConfigLoader {
  /// The largest configuration file accepted; anything bigger is almost surely not a config.
  package static let maxFileBytes = 16 << 20

  /// Loads the file at `path`.
  /// - Throws: `ConfigError` for unreadable files, YAML syntax errors, unknown fields, wrong
  ///   types and invalid values.
  package static func load(path: String) throws(ConfigError) -> WardenConfiguration {
    try parse(readText(path: path), file: path)
  }

  /// Reads the file as UTF-8 text, within the size limit.
  package static func readText(path: String) throws(ConfigError) -> String {
    let text: String
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if (attributes[.type] as? FileAttributeType) == .typeDirectory {
        throw ConfigError(file: path, message: "cannot read configuration file: it is a directory")
      }
      if let size = attributes[.size] as? Int, size > maxFileBytes {
        throw ConfigError(file: path, message: "cannot read configuration file: \(size) bytes is over the \(maxFileBytes)-byte limit")
      }
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      guard let decoded = String(data: data, encoding: .utf8) else {
        throw ConfigError(file: path, message: "cannot read configuration file: it is not UTF-8 text")
      }
      text = decoded
    } catch let error as ConfigError {
      throw error
    } catch {
      throw ConfigError(file: path, message: "cannot read configuration file: \(SystemErrorReason.describe(error))")
    }
    return text
  }

  /// Parses configuration text; `file` is only used in error messages.
  package static func parse(_ text: String, file: String) throws(ConfigError) -> WardenConfiguration {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw syntaxError(error, file: file)
    } catch {
      throw ConfigError(file: file, message: "cannot parse YAML: \(error)")
    }
    guard let root, !root.isNull else { return WardenConfiguration() }
    let config = try YAMLNodeDecoder(file: file).decode(WardenConfiguration.self, from: root)
    try ConfigValidator(file: file, root: root).validate(config)
    return config
  }

  private static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\(problem) \($0.text)" } ?? problem
      return ConfigError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(detail)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return ConfigError(
        file: file, line: context.mark.line, column: context.mark.column,
        message: "invalid YAML: duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in a mapping")
    case .reader(let problem, let offset, _, _):
      return ConfigError(file: file, message: "invalid YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
    default:
      return ConfigError(file: file, message: "invalid YAML: \(error)")
    }
  }
}
