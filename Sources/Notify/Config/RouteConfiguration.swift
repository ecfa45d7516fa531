// One node of Alertmanager's routing tree as configured (`route:` and its `routes:`). Unset
// options stay nil here and are inherited from the parent when the tree is compiled.
package import WardenCore

/// A route as written in the configuration.
package struct RouteConfiguration: Decodable, Sendable, Equatable {
  package var receiver: String?
  /// Label names to group by; `["..."]` groups by all labels; nil inherits the parent's.
  package var groupBy: [String]?
  /// Whether matching continues with the next sibling after this route matched.
  package var continueMatching = false
  /// `matchers:` parsed.
  package var matchers: [LabelMatcher] = []
  /// The deprecated `match:` map as equality matchers.
  package var match: [LabelMatcher] = []
  /// The deprecated `match_re:` map as regex matchers.
  package var matchRE: [LabelMatcher] = []
  package var groupWait: ConfigDuration?
  package var groupInterval: ConfigDuration?
  package var repeatInterval: ConfigDuration?
  package var muteTimeIntervals: [String] = []
  package var activeTimeIntervals: [String] = []
  package var routes: [RouteConfiguration] = []

  package init(receiver: String? = nil, groupBy: [String]? = nil, matchers: [LabelMatcher] = [], routes: [RouteConfiguration] = []) {
    self.receiver = receiver
    self.groupBy = groupBy
    self.matchers = matchers
    self.routes = routes
  }

  /// Every matcher of the route (`matchers`, `match`, `match_re`), in the order route keys use.
  package var allMatchers: [LabelMatcher] { (matchers + match + matchRE).sortedForKey() }

  enum CodingKeys: String, CodingKey {
    case receiver
    case groupBy = "group_by"
    case continueMatching = "continue"
    case matchers, match
    case matchRE = "match_re"
    case groupWait = "group_wait"
    case groupInterval = "group_interval"
    case repeatInterval = "repeat_interval"
    case muteTimeIntervals = "mute_time_intervals"
    case activeTimeIntervals = "active_time_intervals"
    case routes
  }

  /// Deepest nesting of `routes:` accepted (each level adds two path components).
  static let maxDepth = 64

  package init(from decoder: any Decoder) throws {
    guard decoder.codingPath.count <= 2 * Self.maxDepth else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "routes nested deeper than \(Self.maxDepth) levels"))
    }
    let container = try decoder.container(keyedBy: CodingKeys.self)
    receiver = try container.decodeIfPresent(String.self, forKey: .receiver)
    groupBy = try container.decodeIfPresent([String].self, forKey: .groupBy)
    continueMatching = try container.decodeIfPresent(Bool.self, forKey: .continueMatching) ?? false
    matchers = try container.decodeMatcherList(forKey: .matchers)
    match = try container.decodeEqualityMap(forKey: .match)
    matchRE = try container.decodeRegexMap(forKey: .matchRE)
    groupWait = try container.decodeIfPresent(ConfigDuration.self, forKey: .groupWait)
    groupInterval = try container.decodeIfPresent(ConfigDuration.self, forKey: .groupInterval)
    repeatInterval = try container.decodeIfPresent(ConfigDuration.self, forKey: .repeatInterval)
    muteTimeIntervals = try container.decodeIfPresent([String].self, forKey: .muteTimeIntervals) ?? []
    activeTimeIntervals = try container.decodeIfPresent([String].self, forKey: .activeTimeIntervals) ?? []
    routes = try container.decodeIfPresent([RouteConfiguration].self, forKey: .routes) ?? []
  }
}
