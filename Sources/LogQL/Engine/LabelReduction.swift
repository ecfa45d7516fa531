// The label sets metric queries produce: `by`/`without` reduction applied where samples are
// extracted (Loki groups unwrapped range aggregations there, and a `sum` over an additive range
// aggregation is pushed down the same way), the labels `absent_over_time` reports, and the check
// that no series carries a pipeline error.
import WardenCore

/// `by (a, b)` keeps only those labels; `without (c)` drops them.
struct LabelReduction: Sendable, Equatable {
  var without: Bool
  var names: Set<String>

  init(without: Bool, names: some Sequence<String>) {
    self.without = without
    self.names = Set(names)
  }

  init(_ grouping: Grouping) {
    self.init(without: grouping.without, names: grouping.labels)
  }

  func apply(_ labels: Labels) -> Labels {
    Labels(sortedPairs: labels.pairs.filter { names.contains($0.name) == !without })
  }
}

enum PipelineErrorLabels {
  static let error = "__error__"
  static let details = "__error_details__"
  static let preserve = "__preserve_error__"
  /// What an unwrap whose label is missing or does not convert sets `__error__` to.
  static let sampleExtraction = "SampleExtractionErr"

  /// Loki refuses metric results built from lines the pipeline failed on, unless the query filters
  /// them out (`| __error__=""`) or asks to keep them.
  static func check(_ labels: Labels) throws(LogQLError) {
    let kind = labels[error]
    guard !kind.isEmpty, labels[preserve] != "true" else { return }
    throw LogQLError(
      .invalid,
      "pipeline error: '\(kind)' for series: '\(labels)'. Skip such lines with a label filter (e.g. | __error__!=\"\(kind)\"), "
        + "or every error with | __error__=\"\" (it may also follow unwrap: | unwrap latency | __error__=\"\")")
  }
}

extension RangeAggregationExpr {
  /// The series absent_over_time reports: the selector's equality matchers, except names matched
  /// more than once or by another kind of matcher (Loki's rule, as Prometheus's absent()).
  var absentLabels: Labels {
    var values: [String: String] = [:]
    var ambiguous: Set<String> = []
    for matcher in range.selector.matchers where matcher.name != Labels.metricName {
      if matcher.kind == .equal && values[matcher.name] == nil && !ambiguous.contains(matcher.name) {
        values[matcher.name] = matcher.value
      } else {
        ambiguous.insert(matcher.name)
      }
    }
    for name in ambiguous { values[name] = nil }
    return Labels(values)
  }
}
