// Limits and settings of the LogQL engine, named after the Loki limits operators know
// (`max_entries_limit_per_query`, `max_query_series`, `max_query_length`, `query_timeout`).

package struct LogQLOptions: Sendable, Equatable {
  /// The most log entries one log query may return; a larger `limit` is refused, as Loki does.
  package var maxEntriesLimitPerQuery: Int = 5000
  /// The `limit` of a log query that gives none.
  package var defaultLimit: Int = 100
  /// The most series a metric query may return (Loki's `max_query_series`).
  package var maxSeries: Int = 500
  /// The longest `end - start` a query may span (Loki's `max_query_length`, 30d1h by default).
  package var maxQueryLengthNs: Int64 = (30 * 24 + 1) * 3_600_000_000_000
  /// The most steps a range metric query may have per series, as Prometheus and Loki.
  package var maxPointsPerSeries: Int = 11_000
  /// How far back an instant log query looks (Loki's `max_look_back_period`, 30s).
  package var instantLookbackNs: Int64 = 30_000_000_000
  /// The longest a query may run, waiting for a slot included.
  package var timeout: Duration = .seconds(120)
  /// Queries evaluating at once; more wait in line.
  package var maxConcurrentQueries: Int = 8
  /// The most points the range aggregations of one metric query may hold in memory at once
  /// (series × steps, plus unwrapped samples): a guard on memory, not a Loki limit.
  package var maxPointsInMemory: Int = 20_000_000

  package init() {}
}
