// One StatsD series inside the aggregator: its Prometheus output series, fixed at creation, and
// the running state its type needs between flushes.
import WardenCore

/// The aggregation a series does; timers, histograms and distributions all observe.
enum StatsDSeriesKind: Sendable, Equatable {
  case counter, gauge, observer, set

  init(_ type: StatsDMetricType) {
    switch type {
    case .counter: self = .counter
    case .gauge: self = .gauge
    case .timer, .histogram: self = .observer
    case .set: self = .set
    }
  }
}

/// One weighted observation (weight = 1 / sample rate).
struct StatsDObservation: Sendable {
  var value: Double
  var weight: Double
}

struct StatsDSeries: Sendable {
  /// The aggregator's lookup key, kept to remove the index entry when the series goes idle.
  let key: [UInt8]
  let kind: StatsDSeriesKind
  /// Every series this one writes at a flush, in the order `StatsDAggregator.emit` fills them.
  let outputs: [Labels]
  /// Counter total or gauge value.
  var value = 0.0
  /// Cumulative sum and count of observations (weighted).
  var sum = 0.0
  var count = 0.0
  /// This flush window's observations (summaries).
  var window: [StatsDObservation] = []
  /// Observations seen this window, including those the reservoir skipped.
  var windowSeen = 0
  /// Weighted count per bucket, not cumulative (histograms).
  var bucketCounts: [Double] = []
  /// Hashes of this window's set members.
  var members: Set<UInt64> = []
  /// Whether a value arrived since the last flush.
  var isUpdated = true
  /// The last flush that followed an update.
  var lastActiveMs: Int64 = 0

  init(key: [UInt8], kind: StatsDSeriesKind, outputs: [Labels], bucketCount: Int) {
    self.key = key
    self.kind = kind
    self.outputs = outputs
    if bucketCount > 0 { bucketCounts = Array(repeating: 0, count: bucketCount) }
  }

  /// The output series for a new StatsD series named `name` (already a Prometheus name).
  static func outputs(
    kind: StatsDSeriesKind, name: String, tags: [Label], observerOutput: StatsDAggregatorOptions.ObserverOutput
  ) -> [Labels] {
    func series(_ metric: String, _ extra: Label? = nil) -> Labels {
      var pairs = tags
      pairs.append(Label(Labels.metricName, metric))
      if let extra { pairs.append(extra) }
      return Labels(pairs)
    }
    switch kind {
    case .counter:
      // Prometheus convention: counters end in `_total` (statsd_exporter's OpenMetrics output too).
      return [series(name.hasSuffix("_total") ? name : name + "_total")]
    case .gauge, .set:
      return [series(name)]
    case .observer:
      switch observerOutput {
      case .summary(let quantiles):
        return quantiles.map { series(name, Label("quantile", formatBound($0))) } + [
          series(name + "_sum"), series(name + "_count"),
        ]
      case .histogram(let buckets):
        return (buckets.map(formatBound) + ["+Inf"]).map { series(name + "_bucket", Label("le", $0)) } + [
          series(name + "_sum"), series(name + "_count"),
        ]
      }
    }
  }

  /// `1`, `0.5`, `2.5e-05`: Go's shortest form, as client libraries write `le` and `quantile`.
  static func formatBound(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
  }
}
