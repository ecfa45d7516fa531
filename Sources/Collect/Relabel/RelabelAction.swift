// The relabel actions Prometheus defines, spelled as its configuration spells them.

package enum RelabelAction: String, Sendable, Equatable, CaseIterable {
  case replace
  case keep
  case drop
  case keepEqual = "keepequal"
  case dropEqual = "dropequal"
  case hashMod = "hashmod"
  case labelMap = "labelmap"
  case labelDrop = "labeldrop"
  case labelKeep = "labelkeep"
  case lowercase
  case uppercase

  /// Prometheus reads the action case-insensitively (`Replace` and `replace` both work).
  init(configText: String) throws(RelabelConfigError) {
    guard let action = RelabelAction(rawValue: configText.lowercased()) else {
      let valid = RelabelAction.allCases.map(\.rawValue).joined(separator: ", ")
      throw RelabelConfigError("unknown relabel action \"\(configText)\" (valid actions: \(valid))")
    }
    self = action
  }
}

/// A relabel rule that cannot work, with a message naming the field and the problem.
package struct RelabelConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  package let message: String

  package init(_ message: String) {
    self.message = message
  }

  package var description: String { message }
}
