// The keyed, unkeyed and single-value containers of `NodeDecoder`: they hand each child node to
// a child decoder with a longer coding path, so every error knows where it is.
import Foundation
import Yams

struct MappingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let decoder: NodeDecoder
  let tracker: MappingTracker
  var codingPath: [any CodingKey] { decoder.codingPath }
  var allKeys: [Key] { tracker.entries.compactMap { Key(stringValue: $0.key) } }

  func contains(_ key: Key) -> Bool { tracker.value(for: key.stringValue) != nil }

  private func child(_ key: Key) throws -> NodeDecoder {
    guard let node = tracker.value(for: key.stringValue) else {
      throw decoder.error("missing required field \"\(key.stringValue)\"")
    }
    return NodeDecoder(node: node, codingPath: codingPath + [key], file: decoder.file)
  }

  func decodeNil(forKey key: Key) throws -> Bool {
    tracker.value(for: key.stringValue)?.isNull ?? true
  }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    try child(key).decodeChecked(type)
  }

  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    guard let node = tracker.value(for: key.stringValue), !node.isNull else { return nil }
    return try NodeDecoder(node: node, codingPath: codingPath + [key], file: decoder.file).decodeChecked(type)
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try child(key).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try child(key).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder { decoder }
  func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

struct SequenceContainer: UnkeyedDecodingContainer {
  let decoder: NodeDecoder
  let elements: [Node]
  var currentIndex = 0
  var codingPath: [any CodingKey] { decoder.codingPath }
  var count: Int? { elements.count }
  var isAtEnd: Bool { currentIndex >= elements.count }

  init(decoder: NodeDecoder, elements: [Node]) {
    self.decoder = decoder
    self.elements = elements
  }

  private mutating func next() throws -> NodeDecoder {
    guard !isAtEnd else { throw decoder.error("list has too few elements") }
    defer { currentIndex += 1 }
    return NodeDecoder(
      node: elements[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)], file: decoder.file)
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd, elements[currentIndex].isNull else { return false }
    currentIndex += 1
    return true
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    try next().decodeChecked(type)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try next().container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try next().unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder { try next() }
}

/// Scalars follow YAML 1.1's core schema as Yams resolves it, except that any non-null scalar
/// reads as a string (as Prometheus's YAML reading does: `job_name: 123` is the string "123").
struct ScalarContainer: SingleValueDecodingContainer {
  let decoder: NodeDecoder
  var codingPath: [any CodingKey] { decoder.codingPath }

  private func scalar(_ expected: String) throws -> Node.Scalar {
    guard case .scalar(let scalar) = decoder.node, NSNull.construct(from: scalar) == nil else {
      throw decoder.error("expected \(expected), got \(decoder.node.kindDescription)")
    }
    return scalar
  }

  func decodeNil() -> Bool { decoder.node.isNull }

  func decode(_ type: Bool.Type) throws -> Bool {
    let scalar = try scalar("true or false")
    guard let value = Bool.construct(from: scalar) else {
      throw decoder.error("expected true or false, got \"\(scalar.string)\"")
    }
    return value
  }

  func decode(_ type: String.Type) throws -> String { try scalar("a string").string }

  func decode(_ type: Double.Type) throws -> Double {
    let scalar = try scalar("a number")
    guard let value = Double.construct(from: scalar) else {
      throw decoder.error("expected a number, got \"\(scalar.string)\"")
    }
    return value
  }

  func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

  private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
    let scalar = try scalar("an integer")
    guard let wide = Int.construct(from: scalar), let value = T(exactly: wide) else {
      throw decoder.error("expected an integer in \(T.min)...\(T.max), got \"\(scalar.string)\"")
    }
    return value
  }

  func decode(_ type: Int.Type) throws -> Int { try integer(type) }
  func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
  func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
  func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
  func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
  func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

  func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeChecked(type) }
}
