// One entry of Alertmanager's `inhibit_rules:`: while an alert matching the source matchers
// fires, alerts matching the target matchers with the same values of the `equal` labels are muted.
package import WardenCore

/// An inhibition rule as configured; the deprecated `*_match` and `*_match_re` maps are folded
/// into the matcher lists.
package struct InhibitRuleConfiguration: Decodable, Sendable, Equatable {
  package var sourceMatchers: [LabelMatcher]
  package var targetMatchers: [LabelMatcher]
  package var equal: [String]

  package init(sourceMatchers: [LabelMatcher], targetMatchers: [LabelMatcher], equal: [String] = []) {
    self.sourceMatchers = sourceMatchers
    self.targetMatchers = targetMatchers
    self.equal = equal
  }

  enum CodingKeys: String, CodingKey {
    case sourceMatchers = "source_matchers"
    case sourceMatch = "source_match"
    case sourceMatchRE = "source_match_re"
    case targetMatchers = "target_matchers"
    case targetMatch = "target_match"
    case targetMatchRE = "target_match_re"
    case equal
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    sourceMatchers =
      try container.decodeMatcherList(forKey: .sourceMatchers) + container.decodeEqualityMap(forKey: .sourceMatch)
      + container.decodeRegexMap(forKey: .sourceMatchRE)
    targetMatchers =
      try container.decodeMatcherList(forKey: .targetMatchers) + container.decodeEqualityMap(forKey: .targetMatch)
      + container.decodeRegexMap(forKey: .targetMatchRE)
    equal = try container.decodeIfPresent([String].self, forKey: .equal) ?? []
  }
}
