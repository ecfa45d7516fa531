// Engine settings, named after the Prometheus flags operators already know
// (`--query.lookback-delta`, `--query.max-samples`, `--query.timeout`, `--query.max-concurrency`).

package struct QueryOptions: Sendable, Equatable {
  /// How far back an instant selector looks for the latest sample.
  package var lookbackDeltaMs: Int64 = 5 * 60_000
  /// The most samples one query may hold in memory at once.
  package var maxSamples: Int = 50_000_000
  /// The longest a query may run before it fails with `QueryError.timeout`.
  package var timeout: Duration = .seconds(120)
  /// Queries running at once; more wait in line.
  package var maxConcurrentQueries: Int = 20
  /// The step of a subquery written without one (`x[5m:]`): Prometheus uses the global
  /// evaluation interval, 1m by default.
  package var defaultSubqueryStepMs: Int64 = 60_000
  /// The most points a range query may return per series, as Prometheus's 11,000-step limit.
  package var maxPointsPerSeries: Int = 11_000

  package init() {}
}
