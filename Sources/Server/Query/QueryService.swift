// PromQL for `warden serve`, over the metric store, with the `query:` settings: queries beyond
// `max_concurrency` wait their turn (one gate for the whole server), each runs under the smaller
// of its own and the configured timeout, and a request may set its own lookback delta. The
// engine takes its options when made, so each query gets a light engine of its own with the
// request's options; the server-wide gate here is what limits concurrency.
import MetricStore
import PromQL
import WardenCore

final class QueryService: Sendable {
  let stores: Stores
  let options: QueryOptions
  private let source: StoreSeriesSource
  private let slots: QuerySlots

  init(stores: Stores, options: QueryOptions) {
    self.stores = stores
    self.options = options
    source = StoreSeriesSource(stores: stores)
    slots = QuerySlots(limit: max(1, options.maxConcurrentQueries))
  }

  /// The store, or 503 while it is still opening.
  func store() throws(APIError) -> MetricStore {
    guard let store = stores.metrics else { throw APIError.unavailable("the metric store is still opening") }
    return store
  }

  /// Runs `evaluate` with an engine set up for this request, waiting for a free slot first.
  /// - Parameters:
  ///   - timeout: the request's own `timeout`, if any; the configured one applies when longer.
  ///   - lookbackDeltaMs: the request's `lookback_delta`, if any.
  func run(
    timeout: Duration?, lookbackDeltaMs: Int64?,
    _ evaluate: @escaping @Sendable (QueryEngine) async -> Result<QueryResult, QueryError>
  ) async -> Result<QueryResult, QueryError> {
    var requestOptions = options
    if let timeout { requestOptions.timeout = min(timeout, options.timeout) }
    if let lookbackDeltaMs, lookbackDeltaMs > 0 { requestOptions.lookbackDeltaMs = lookbackDeltaMs }
    // The engine's own gate would count only this one query: the server-wide one is `slots`.
    requestOptions.maxConcurrentQueries = Int.max
    let engine = QueryEngine(source: source, options: requestOptions)
    let limit = requestOptions.timeout
    await slots.enter()
    // The engine watches its own deadline; the race below also ends requests whose evaluation
    // does not notice it in time (the caller gets its 503 at the deadline either way).
    let result = await withTaskGroup(of: Result<QueryResult, QueryError>?.self) { group in
      group.addTask { await evaluate(engine) }
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
    await slots.leave()
    return result
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

/// A counting semaphore for queries: `enter` waits while `limit` are running.
actor QuerySlots {
  private let limit: Int
  private var running = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(limit: Int) {
    self.limit = limit
  }

  func enter() async {
    if running < limit {
      running += 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  /// Hands the slot to the longest waiter, or frees it.
  func leave() {
    if waiting.isEmpty {
      running -= 1
    } else {
      waiting.removeFirst().resume()
    }
  }
}
