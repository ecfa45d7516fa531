// Tunables of the metric store, with Prometheus-like defaults.

package struct StoreOptions: Sendable {
  /// Samples up to this much older than a series' newest sample are still accepted.
  package var outOfOrderWindowMs: Int64 = 10 * 60 * 1000
  /// A head chunk is closed after this many samples...
  package var samplesPerChunk = 120
  /// ...or when it would span more than this.
  package var maxChunkSpanMs: Int64 = 2 * 60 * 60 * 1000
  /// 0 for no limit.
  package var maxSeries = 0
  package var maxLabelsPerSeries = 64
  package var maxLabelNameBytes = 1024
  package var maxLabelValueBytes = 4096

  package init() {}
}
