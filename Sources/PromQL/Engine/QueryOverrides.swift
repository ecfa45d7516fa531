// Settings one query may change for itself through the HTTP API (`timeout`, `lookback_delta`),
// applied over the engine's options so a server keeps one engine, and so one concurrency gate.

package struct QueryOverrides: Sendable, Equatable {
  /// The request's own timeout; the engine's applies when it is shorter.
  package var timeout: Duration?
  /// The request's own lookback delta, when positive.
  package var lookbackDeltaMs: Int64?

  package init(timeout: Duration? = nil, lookbackDeltaMs: Int64? = nil) {
    self.timeout = timeout
    self.lookbackDeltaMs = lookbackDeltaMs
  }

  func applied(to options: QueryOptions) -> QueryOptions {
    var result = options
    if let timeout { result.timeout = min(timeout, options.timeout) }
    if let lookbackDeltaMs, lookbackDeltaMs > 0 { result.lookbackDeltaMs = lookbackDeltaMs }
    return result
  }
}
