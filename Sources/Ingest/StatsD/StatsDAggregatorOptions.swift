// How the StatsD aggregator turns a flush window into samples, and how much it may hold.

package struct StatsDAggregatorOptions: Sendable, Equatable {
  /// What timers, histograms and distributions become.
  package enum ObserverOutput: Sendable, Equatable {
    /// `name{quantile="q"}` over the flush window (NaN when the window saw nothing), plus
    /// cumulative `name_sum` and `name_count`, as statsd_exporter's default summaries.
    case summary(quantiles: [Double])
    /// Cumulative `name_bucket{le="b"}` (and `le="+Inf"`), `name_sum` and `name_count`.
    case histogram(buckets: [Double])
  }

  /// client_golang's default buckets, which statsd_exporter uses too.
  package static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
  package static let defaultQuantiles: [Double] = [0.5, 0.9, 0.99]

  /// StatsD series (name and tags) tracked at once; lines for new series past this are dropped.
  package var maxSeries = 100_000
  /// A series that receives nothing for this long gets a staleness marker and is forgotten.
  package var idleTimeout: Duration = .seconds(300)
  package var observerOutput = ObserverOutput.summary(quantiles: defaultQuantiles)
  /// Observations one summary keeps per flush window; past this a uniform random sample of them
  /// (a reservoir) gives the quantiles, while `_sum` and `_count` still see every one.
  package var maxWindowObservations = 10_000
  /// Distinct members one set counts per flush window; more are not counted.
  package var maxSetMembers = 100_000

  package init() {}
}

/// What happened to the values handed to `StatsDAggregator.add`.
package struct StatsDAddReport: Sendable, Equatable {
  /// Values applied to a series.
  package var accepted = 0
  /// Values for a new series while `maxSeries` series were tracked.
  package var overSeriesLimit = 0
  /// Values whose type disagrees with the series' first type (a gauge sent as a counter).
  package var typeConflicts = 0

  package init() {}

  package var dropped: Int { overSeriesLimit + typeConflicts }
}
