// Decoding the matcher fields of Alertmanager's configuration: `matchers:` lists of matcher
// strings, and the deprecated `match:` (equality) and `match_re:` (regex) maps. Each string is
// decoded on its own node, so a bad matcher is reported at its own line and column.
import WardenCore

/// One entry of a `matchers:` list; one string may hold several matchers (`{a="b", c="d"}`).
struct MatcherListEntry: Decodable {
  let matchers: [LabelMatcher]

  init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    do throws(MatcherParseError) {
      matchers = try MatcherParser.parse(text)
    } catch {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
    }
  }
}

/// A regex value of a `match_re:` map, compiled to check it.
struct RegexMapValue: Decodable {
  let source: String

  init(from decoder: any Decoder) throws {
    source = try decoder.singleValueContainer().decode(String.self)
    do throws(LabelMatcherError) {
      _ = try LabelMatcher(.regexMatch, "match_re", source)
    } catch {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
    }
  }
}

extension KeyedDecodingContainer {
  /// A `matchers:` list, flattened; empty when absent.
  func decodeMatcherList(forKey key: Key) throws -> [LabelMatcher] {
    try (decodeIfPresent([MatcherListEntry].self, forKey: key) ?? []).flatMap(\.matchers)
  }

  /// A deprecated `match:` map as equality matchers, sorted by name.
  func decodeEqualityMap(forKey key: Key) throws -> [LabelMatcher] {
    let map = try decodeIfPresent([String: String].self, forKey: key) ?? [:]
    return try map.sorted { $0.key < $1.key }.map { try LabelMatcher(.equal, $0.key, $0.value) }
  }

  /// A deprecated `match_re:` map as anchored regex matchers, sorted by name.
  func decodeRegexMap(forKey key: Key) throws -> [LabelMatcher] {
    let map = try decodeIfPresent([String: RegexMapValue].self, forKey: key) ?? [:]
    return try map.sorted { $0.key < $1.key }.map { try LabelMatcher(.regexMatch, $0.key, $0.value.source) }
  }
}
