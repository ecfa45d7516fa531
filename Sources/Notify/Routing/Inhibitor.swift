// Inhibition as Alertmanager defines it: an alert matching a rule's target matchers is muted
// while a firing alert matches the rule's source matchers with the same values of the `equal`
// labels (a missing label equals an empty one). An alert matching both sides cannot be muted by
// an alert that also matches both, so nothing inhibits itself.
package import WardenCore

/// The compiled rules and, per rule, the known alerts on its source side indexed by their
/// `equal` label values, so a check looks at candidates only.
///
/// Not thread-safe: owned by the notifier's state and used under its lock.
package struct Inhibitor: Sendable {
  package struct Rule: Sendable {
    package var source: [LabelMatcher]
    package var target: [LabelMatcher]
    package var equal: [String]
  }

  package let rules: [Rule]
  /// Per rule: equal-label values → source alert → whether it also matches the target side.
  private var sources: [[[String]: [AlertFingerprint: Bool]]]

  package init(_ configurations: [InhibitRuleConfiguration]) {
    rules = configurations.map { Rule(source: $0.sourceMatchers, target: $0.targetMatchers, equal: $0.equal) }
    sources = Array(repeating: [:], count: rules.count)
  }

  /// Indexes a newly stored alert on the source side of the rules it matches.
  package mutating func add(_ fingerprint: AlertFingerprint, labels: Labels) {
    for (index, rule) in rules.enumerated() where rule.source.allMatch(labels) {
      let key = rule.equal.map { labels[$0] }
      sources[index][key, default: [:]][fingerprint] = rule.target.allMatch(labels)
    }
  }

  /// Forgets a deleted alert.
  package mutating func remove(_ fingerprint: AlertFingerprint, labels: Labels) {
    for (index, rule) in rules.enumerated() where rule.source.allMatch(labels) {
      let key = rule.equal.map { labels[$0] }
      sources[index][key]?[fingerprint] = nil
      if sources[index][key]?.isEmpty == true { sources[index][key] = nil }
    }
  }

  /// The alert that inhibits the alert with `labels`, if any (the smallest fingerprint when
  /// several do, so answers are stable).
  /// - Parameter isFiring: whether a source alert is firing now.
  package func inhibitor(of labels: Labels, isFiring: (AlertFingerprint) -> Bool) -> AlertFingerprint? {
    var found: AlertFingerprint?
    for (index, rule) in rules.enumerated() where rule.target.allMatch(labels) {
      guard let candidates = sources[index][rule.equal.map { labels[$0] }] else { continue }
      let targetIsAlsoSource = rule.source.allMatch(labels)
      for (candidate, candidateIsAlsoTarget) in candidates {
        if targetIsAlsoSource && candidateIsAlsoTarget { continue }
        if let current = found, current <= candidate { continue }
        if isFiring(candidate) { found = candidate }
      }
    }
    return found
  }
}
