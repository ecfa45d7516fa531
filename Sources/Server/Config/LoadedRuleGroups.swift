// The rule groups of `rule_files` and `log_rule_files`, read and validated when the configuration
// is loaded (so `warden check-config` and a reload refuse a bad rule file, keeping the running
// rules), compared by definition so a reload that changes nothing restarts nothing.
package import Alerting

package struct LoadedRuleGroups: Sendable, Equatable {
  package var groups: [RuleGroup]

  package init(_ groups: [RuleGroup] = []) {
    self.groups = groups
  }

  package static func == (lhs: LoadedRuleGroups, rhs: LoadedRuleGroups) -> Bool {
    lhs.groups.count == rhs.groups.count && zip(lhs.groups, rhs.groups).allSatisfy { $0.hasSameDefinition(as: $1) }
  }
}
