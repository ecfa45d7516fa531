// The rule manager's settings, named after the Prometheus flags and fields operators know
// (`global.evaluation_interval`, `global.rule_query_offset`, `external_labels`,
// `--web.external-url`, `--rules.alert.resend-delay`).
import Foundation
package import WardenCore

package struct RuleManagerOptions: Sendable {
  /// Added to alerts sent (where the alert lacks the label) and offered to templates.
  package var externalLabels = Labels()
  /// Where Warden is reachable; alerts link back to it and templates see it.
  package var externalURL = ""
  /// Groups without an `interval` are evaluated this often.
  package var defaultInterval: Duration = .seconds(60)
  /// Groups without a `query_offset` query this far in the past.
  package var defaultQueryOffset: Duration = .zero
  /// Firing alerts are sent again this often (so the receiver keeps them alive).
  package var resendDelay: Duration = .seconds(60)
  /// Resolved alerts are kept (and re-sent) this long after they resolve.
  package var resolvedRetention: Duration = .seconds(15 * 60)
  /// The wall clock, Unix milliseconds; tests replace it.
  package var wallClockMs: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

  package init() {}
}
