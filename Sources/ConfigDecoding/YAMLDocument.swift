// Reading a YAML file for decoding: size-limited UTF-8 text, composed into Yams' node tree with
// syntax errors turned into positioned `ConfigError`s. Shared by the main configuration, rule
// files and Alertmanager configuration files.
import Foundation
package import Yams

package enum YAMLDocument {
  /// The largest YAML file accepted; anything bigger is almost surely not configuration.
  package static let maxFileBytes = 16 << 20

  /// Reads the file as UTF-8 text, within the size limit.
  package static func readText(path: String, what: String = "configuration file") throws(ConfigError) -> String {
    let text: String
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if (attributes[.type] as? FileAttributeType) == .typeDirectory {
        throw ConfigError(file: path, message: "cannot read \(what): it is a directory")
      }
      if let size = attributes[.size] as? Int, size > maxFileBytes {
        throw ConfigError(file: path, message: "cannot read \(what): \(size) bytes is over the \(maxFileBytes)-byte limit")
      }
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      guard let decoded = String(data: data, encoding: .utf8) else {
        throw ConfigError(file: path, message: "cannot read \(what): it is not UTF-8 text")
      }
      text = decoded
    } catch let error as ConfigError {
      throw error
    } catch {
      throw ConfigError(file: path, message: "cannot read \(what): \(SystemErrorReason.describe(error))")
    }
    return text
  }

  /// Composes `text` into a node tree; nil for an empty document (or one that is only `null`).
  /// `file` is only used in error messages.
  package static func compose(_ text: String, file: String) throws(ConfigError) -> Node? {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw syntaxError(error, file: file)
    } catch {
      throw ConfigError(file: file, message: "cannot parse YAML: \(error)")
    }
    guard let root, !root.isNull else { return nil }
    return root
  }

  /// Composes and decodes `text` as `T`; nil for an empty document.
  package static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigError) -> T? {
    guard let root = try compose(text, file: file) else { return nil }
    return try YAMLNodeDecoder(file: file).decode(type, from: root)
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
