// label_replace() and label_join() on one label set, with Prometheus 3's validation and error
// texts. Label names may be any non-empty UTF-8 (Prometheus 3's default); the engine applies these
// per series and then checks for duplicate label sets.
package import WardenCore

package struct LabelFunctionError: Error, Sendable, Equatable {
  package var message: String

  package init(message: String) {
    self.message = message
  }
}

/// label_replace(v, dst, replacement, src, regex), compiled once per call.
package struct LabelReplacer: Sendable {
  package let destination: String
  package let replacement: String
  package let source: String
  private let regex: LabelRegex
  /// `replacement`, parsed once for every series the call is applied to.
  private let template: ExpansionTemplate

  package init(destination: String, replacement: String, source: String, regex pattern: String) throws(LabelFunctionError) {
    do {
      regex = try LabelRegex(pattern)
    } catch {
      throw LabelFunctionError(message: "invalid regular expression in label_replace(): \(pattern)")
    }
    guard LabelFunctions.isValidLabelName(destination) else {
      throw LabelFunctionError(message: "invalid destination label name in label_replace(): \(destination)")
    }
    self.destination = destination
    self.replacement = replacement
    self.source = source
    template = ExpansionTemplate(replacement)
  }

  /// The label set with `destination` set to the expanded replacement when the whole source value
  /// matches (removed when that expands to ""), or nil when it does not match (labels unchanged).
  package func apply(to labels: Labels) -> Labels? {
    guard let groups = regex.wholeMatchGroups(in: labels[source]) else { return nil }
    let value = template.expand(
      group: { $0 < groups.count ? groups[$0].text : nil },
      named: { name in groups.first { $0.name == name }?.text ?? nil })
    return labels.setting(destination, to: value)
  }
}

package enum LabelFunctions {
  /// label_replace() for one series; `labels` unchanged when the regex does not match. Compile a
  /// `LabelReplacer` instead when applying the same call to many series.
  package static func replace(
    _ labels: Labels, destination: String, replacement: String, source: String, regex: String
  ) throws(LabelFunctionError) -> Labels {
    let replacer = try LabelReplacer(destination: destination, replacement: replacement, source: source, regex: regex)
    return replacer.apply(to: labels) ?? labels
  }

  /// Checks label_join()'s names before any series is touched (sources first, as Prometheus).
  package static func validateJoin(destination: String, sources: [String]) throws(LabelFunctionError) {
    for source in sources where !isValidLabelName(source) {
      throw LabelFunctionError(message: "invalid source label name in label_join(): \(source)")
    }
    guard isValidLabelName(destination) else {
      throw LabelFunctionError(message: "invalid destination label name in label_join(): \(destination)")
    }
  }

  /// label_join(): the source values (missing ones as "") joined by `separator` into
  /// `destination`, which is removed when the result is "".
  package static func join(_ labels: Labels, destination: String, separator: String, sources: [String]) throws(LabelFunctionError) -> Labels {
    try validateJoin(destination: destination, sources: sources)
    return joinValidated(labels, destination: destination, separator: separator, sources: sources)
  }

  /// `join` without re-validating the names, for the per-series loop after `validateJoin`.
  package static func joinValidated(_ labels: Labels, destination: String, separator: String, sources: [String]) -> Labels {
    var value = ""
    for (index, source) in sources.enumerated() {
      if index > 0 { value += separator }
      value += labels[source]
    }
    return labels.setting(destination, to: value)
  }

  /// Prometheus 3 accepts any non-empty valid UTF-8 label name. Swift strings are always valid
  /// UTF-8, so a name the parser decoded from invalid bytes shows up as U+FFFD; treat that as
  /// the invalid name it was.
  package static func isValidLabelName(_ name: String) -> Bool {
    !name.isEmpty && !name.unicodeScalars.contains("\u{FFFD}")
  }
}
