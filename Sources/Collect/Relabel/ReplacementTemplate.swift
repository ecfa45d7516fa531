// Relabeling's `replacement` and `target_label` templates: WardenCore's `ExpansionTemplate` (Go's
// regexp.Expand rules), expanded against a relabel regex match.
import WardenCore

typealias ReplacementTemplate = ExpansionTemplate

extension ExpansionTemplate {
  func expand(_ match: RegexMatch) -> String {
    expand(group: { match.group($0) }, named: { match.group(named: $0) })
  }
}
