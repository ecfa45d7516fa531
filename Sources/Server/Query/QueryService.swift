// PromQL for `warden serve`, over the metric store, with the `query:` settings. One engine for the
// whole server, so its gate is what limits concurrency: queries beyond `max_concurrency` wait
// their turn. Each request may shorten the timeout and set its own lookback delta
// (`QueryOverrides`).
import MetricStore
import PromQL
import WardenCore

final class QueryService: Sendable {
  let stores: Stores
  let options: QueryOptions
  let engine: QueryEngine

  init(stores: Stores, options: QueryOptions) {
    self.stores = stores
    self.options = options
    engine = QueryEngine(source: StoreSeriesSource(stores: stores), options: options)
  }

  /// The store, or 503 while it is still opening.
  func store() throws(APIError) -> MetricStore {
    guard let store = stores.metrics else { throw APIError.unavailable("the metric store is still opening") }
    return store
  }

  /// Runs `evaluate` on the server's engine with the request's overrides.
  /// - Parameters:
  ///   - timeout: the request's own `timeout`, if any; the configured one applies when shorter.
  ///   - lookbackDeltaMs: the request's `lookback_delta`, if any.
  func run(
    timeout: Duration?, lookbackDeltaMs: Int64?,
    _ evaluate: @escaping @Sendable (QueryEngine, QueryOverrides) async -> Result<QueryResult, QueryError>
  ) async -> Result<QueryResult, QueryError> {
    let overrides = QueryOverrides(timeout: timeout, lookbackDeltaMs: lookbackDeltaMs)
    let limit = timeout.map { min($0, options.timeout) } ?? options.timeout
    let engine = engine
    // The engine watches its own deadline between steps and series; the race below also ends
    // requests whose evaluation does not notice it in time (the caller gets its 503 at the
    // deadline either way).
    return await withTaskGroup(of: Result<QueryResult, QueryError>?.self) { group in
      group.addTask { await evaluate(engine, overrides) }
      group.addTask {
        do { try await Task.sleep(for: limit) } catch { return nil }
        return .failure(.timeout)
      }
      while let finished = await group.next() {
        if let result = finished {
          group.cancelAll()
          return result
        }
      }
      return .failure(.canceled)
    }
  }
}

/// The store seen through `SeriesSource` once it is open; before that, reads fail.
struct StoreSeriesSource: SeriesSource {
  let stores: Stores

  struct NotOpen: Error, CustomStringConvertible {
    var description: String { "the metric store is still opening" }
  }

  private func store() throws -> MetricStore {
    guard let store = stores.metrics else { throw NotOpen() }
    return store
  }

  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    try store().select(matchers, startMs: startMs, endMs: endMs)
  }

  func series(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] {
    try store().series(matchers, startMs: startMs, endMs: endMs)
  }

  func labelNames(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    try store().labelNames(matchers, startMs: startMs, endMs: endMs)
  }

  func labelValues(_ name: String, _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] {
    try store().labelValues(name, matchers, startMs: startMs, endMs: endMs)
  }
}
