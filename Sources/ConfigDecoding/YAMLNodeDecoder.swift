// A `Decoder` over Yams' node tree that keeps YAML positions and rejects unknown keys.
// Written here because Yams' own YAMLDecoder reports neither line/column nor unknown fields,
// and an operator's typo (`scrape_intervall`) must be an error naming its line, not a silent default.
import Foundation
package import Yams

/// Decodes a `Decodable` value from a composed YAML node.
///
/// Errors are `ConfigError`s carrying the file, the position of the offending node and the dotted
/// field path. A mapping key that the decoded type never asked for is reported as unknown, with
/// the fields that are valid there. Not thread-safe: one decode at a time.
package struct YAMLNodeDecoder {
  package var file: String

  package init(file: String) {
    self.file = file
  }

  package func decode<T: Decodable>(_ type: T.Type, from node: Node) throws(ConfigError) -> T {
    let decoder = NodeDecoder(node: node, codingPath: [], file: file)
    do {
      return try decoder.decodeChecked(type)
    } catch let error as ConfigError {
      throw error
    } catch {
      throw ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, message: "\(error)")
    }
  }
}

// MARK: - Paths and errors

extension [any CodingKey] {
  /// `global.external_labels.region`, `scrape_configs[0].job_name`.
  var dottedPath: String {
    var text = ""
    for key in self {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        if !text.isEmpty { text += "." }
        text += key.stringValue
      }
    }
    return text
  }
}

struct IndexKey: CodingKey {
  var stringValue: String { "\(index)" }
  var intValue: Int? { index }
  let index: Int
  init(_ index: Int) { self.index = index }
  init?(stringValue: String) { return nil }
  init?(intValue: Int) { self.index = intValue }
}

extension Node {
  /// How the YAML calls this kind of node, for "expected X, got Y" messages.
  var kindDescription: String {
    switch self {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    case .scalar(let scalar):
      if NSNull.construct(from: scalar) != nil { return "null" }
      return "\"\(scalar.string)\""
    }
  }

  var isNull: Bool {
    if case .scalar(let scalar) = self { return NSNull.construct(from: scalar) != nil }
    return false
  }
}

// MARK: - The decoder

final class NodeDecoder: Decoder {
  let node: Node
  let codingPath: [any CodingKey]
  let file: String
  var userInfo: [CodingUserInfoKey: Any] { [:] }
  /// Set when the decoded type asks for a keyed container, so unknown keys can be found afterwards.
  private var mappingTracker: MappingTracker?

  init(node: Node, codingPath: [any CodingKey], file: String) {
    self.node = node
    self.codingPath = codingPath
    self.file = file
  }

  func error(_ message: String, at node: Node? = nil, path: [any CodingKey]? = nil) -> ConfigError {
    let mark = (node ?? self.node).mark
    return ConfigError(
      file: file, line: mark?.line, column: mark?.column, field: (path ?? codingPath).dottedPath, message: message)
  }

  /// Decodes `type` from this node, then reports keys the type did not ask for; any plain
  /// `DecodingError` from a custom `init(from:)` is given this node's position.
  func decodeChecked<T: Decodable>(_ type: T.Type) throws -> T {
    let value: T
    do {
      value = try T(from: self)
    } catch let error as ConfigError {
      throw error
    } catch let error as DecodingError {
      throw self.error(Self.describe(error))
    }
    if let tracker = mappingTracker {
      try tracker.checkUnknownKeys(decoder: self)
    }
    return value
  }

  static func describe(_ error: DecodingError) -> String {
    switch error {
    case .dataCorrupted(let context): return context.debugDescription
    case .typeMismatch(_, let context): return context.debugDescription
    case .valueNotFound(_, let context): return context.debugDescription
    case .keyNotFound(let key, _): return "missing required field \"\(key.stringValue)\""
    @unknown default: return "\(error)"
    }
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .mapping(let mapping) = node else {
      throw error("expected a mapping, got \(node.kindDescription)")
    }
    let tracker = mappingTracker ?? MappingTracker(mapping: mapping, decoder: self)
    mappingTracker = tracker
    return KeyedDecodingContainer(MappingContainer<Key>(decoder: self, tracker: tracker))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    if node.isNull { return SequenceContainer(decoder: self, elements: []) }
    guard case .sequence(let sequence) = node else {
      throw error("expected a list, got \(node.kindDescription)")
    }
    return SequenceContainer(decoder: self, elements: Array(sequence))
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    ScalarContainer(decoder: self)
  }
}

/// The keys of one mapping, and which of them the decoded type asked for.
final class MappingTracker {
  let entries: [(key: String, keyNode: Node, value: Node)]
  var requested: Set<String> = []

  init(mapping: Node.Mapping, decoder: NodeDecoder) {
    entries = mapping.map { (key: $0.key.string ?? "\($0.key)", keyNode: $0.key, value: $0.value) }
  }

  func value(for key: String) -> Node? {
    requested.insert(key)
    return entries.first { $0.key == key }?.value
  }

  func checkUnknownKeys(decoder: NodeDecoder) throws {
    for entry in entries where !requested.contains(entry.key) {
      let valid = requested.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
      let hint = valid.isEmpty ? "" : " (valid fields here: \(valid))"
      throw decoder.error(
        "unknown field \"\(entry.key)\"\(hint)", at: entry.keyNode,
        path: decoder.codingPath + [IndexKey.named(entry.key)])
    }
  }
}

extension IndexKey {
  /// A string key for error paths.
  static func named(_ name: String) -> any CodingKey { NamedKey(stringValue: name) }
}

struct NamedKey: CodingKey {
  let stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { return nil }
}
