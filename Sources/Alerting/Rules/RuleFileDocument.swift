// A rule file as written, decoded field by field with positions (unknown keys refused) before
// any meaning is checked: `groups:` of `name`, `interval`, `limit`, `query_offset`, `labels`,
// `rules:` of `record`/`alert`, `expr`, `for`, `keep_firing_for`, `labels`, `annotations`.
import WardenCore

struct RuleFileDocument: Decodable {
  var groups: [RuleGroupDocument]

  enum CodingKeys: String, CodingKey {
    case groups
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    groups = try container.decodeIfPresent([RuleGroupDocument].self, forKey: .groups) ?? []
  }
}

struct RuleGroupDocument: Decodable {
  var name: String
  var interval: ConfigDuration?
  var limit: Int?
  var queryOffset: ConfigDuration?
  var labels: [String: String]
  var rules: [RuleDocument]

  enum CodingKeys: String, CodingKey {
    case name, interval, limit, labels, rules
    case queryOffset = "query_offset"
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
    interval = try container.decodeIfPresent(ConfigDuration.self, forKey: .interval)
    limit = try container.decodeIfPresent(Int.self, forKey: .limit)
    queryOffset = try container.decodeIfPresent(ConfigDuration.self, forKey: .queryOffset)
    labels = try container.decodeIfPresent(StringMap.self, forKey: .labels)?.values ?? [:]
    rules = try container.decodeIfPresent([RuleDocument].self, forKey: .rules) ?? []
  }
}

struct RuleDocument: Decodable {
  var record: String?
  var alert: String?
  var expr: String?
  var holdDuration: ConfigDuration?
  var keepFiringFor: ConfigDuration?
  var labels: [String: String]
  var annotations: [String: String]

  enum CodingKeys: String, CodingKey {
    case record, alert, expr, labels, annotations
    case holdDuration = "for"
    case keepFiringFor = "keep_firing_for"
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    record = try container.decodeIfPresent(String.self, forKey: .record)
    alert = try container.decodeIfPresent(String.self, forKey: .alert)
    expr = try container.decodeIfPresent(String.self, forKey: .expr)
    holdDuration = try container.decodeIfPresent(ConfigDuration.self, forKey: .holdDuration)
    keepFiringFor = try container.decodeIfPresent(ConfigDuration.self, forKey: .keepFiringFor)
    labels = try container.decodeIfPresent(StringMap.self, forKey: .labels)?.values ?? [:]
    annotations = try container.decodeIfPresent(StringMap.self, forKey: .annotations)?.values ?? [:]
  }
}

/// A mapping of names to text where a missing value (`summary:`) reads as "", as Go's YAML
/// decoding gives Prometheus.
struct StringMap: Decodable {
  var values: [String: String]

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    var values: [String: String] = [:]
    for key in container.allKeys {
      values[key.stringValue] = try container.decodeNil(forKey: key) ? "" : try container.decode(String.self, forKey: key)
    }
    self.values = values
  }
}
