// The read seam between the query engines and wherever series live (the embedded store, a remote
// Prometheus-compatible backend, an in-memory fake in tests). PromQL sees only this protocol.

/// One series selected for a time range, with its samples decoded into contiguous columns
/// (ascending timestamps), which is what range functions and step evaluation need.
package struct SeriesSamples: Sendable, Equatable {
  package var labels: Labels
  package var timestampsMs: [Int64]
  package var values: [Double]

  package init(labels: Labels, timestampsMs: [Int64] = [], values: [Double] = []) {
    self.labels = labels
    self.timestampsMs = timestampsMs
    self.values = values
  }
}

/// A store of series that can be queried by label matchers and time.
///
/// Implementations are thread-safe; calls may run concurrently with appends.
package protocol SeriesSource: Sendable {
  /// The series matching all `matchers` with at least one sample in `[startMs, endMs]`, sorted by
  /// labels, each with its samples in that range.
  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples]

  /// The label sets of matching series (no samples), sorted.
  func series(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels]

  /// Label names present on series matching `matchers` (all series when empty), sorted.
  func labelNames(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String]

  /// Values of label `name` on series matching `matchers`, sorted.
  func labelValues(_ name: String, _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String]
}
