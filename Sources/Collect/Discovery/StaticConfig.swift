// `static_configs` entries: targets written in the configuration itself, one target group each.
package import WardenCore

package struct StaticConfig: Decodable, Sendable, Equatable {
  package var targets: [String]
  package var labels: [String: String]

  enum CodingKeys: String, CodingKey {
    case targets
    case labels
  }

  package init(targets: [String], labels: [String: String] = [:]) {
    self.targets = targets
    self.labels = labels
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    targets = try container.decodeIfPresent([String].self, forKey: .targets) ?? []
    labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    if let problem = TargetGroup.problem(targets: targets, labels: labels) {
      throw ConfigurationProblem.at(decoder, problem)
    }
  }

  /// The groups, with sources `"0"`, `"1"`, … by position, as Prometheus names static groups.
  package static func targetGroups(_ configs: [StaticConfig]) -> [TargetGroup] {
    configs.enumerated().map { index, config in
      TargetGroup(addresses: config.targets, labels: config.labels, source: String(index))
    }
  }
}

/// Targets found together, sharing labels: the unit every service discovery produces.
package struct TargetGroup: Sendable, Equatable {
  /// One label set per target, each holding at least `__address__`.
  package var targets: [Labels]
  /// Labels every target of the group gets unless the target sets them itself.
  package var labels: Labels
  /// Identifies the group within its discovery (a file path and index, a static position).
  package var source: String

  package init(targets: [Labels], labels: Labels, source: String) {
    self.targets = targets
    self.labels = labels
    self.source = source
  }

  package init(addresses: [String], labels: [String: String], source: String) {
    self.init(
      targets: addresses.map { Labels([Label(TargetLabels.address, $0)]) }, labels: Labels(labels), source: source)
  }

  /// What is wrong with a group as written, or nil: label names must be valid and targets not empty.
  static func problem(targets: [String], labels: [String: String]) -> String? {
    for name in labels.keys.sorted() where !LabelName.isValid(name) {
      return "\"\(name)\" is not a valid label name"
    }
    if targets.contains(where: \.isEmpty) { return "a target address is empty" }
    return nil
  }
}
