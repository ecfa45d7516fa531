// LogQL for `warden serve`: one engine over the log store (so its gate limits concurrency for the
// whole server), queries parsed and run with their errors mapped to the statuses Loki answers.
import HTTPTypes
import LogQL
import LogStore
import WardenCore

final class LogQueryService: Sendable {
  let stores: Stores
  let options: LogQLOptions
  let engine: LogQLEngine

  init(stores: Stores, options: LogQLOptions = LogQLOptions()) {
    self.stores = stores
    self.options = options
    engine = LogQLEngine(source: StoreLogSource(stores: stores), options: options)
  }

  /// The store, or 503 while it is still opening.
  func store() throws(LokiAPIError) -> LogStore {
    guard let store = stores.logs else { throw LokiAPIError.unavailable("the log store is still opening") }
    return store
  }

  /// Parses `text`.
  /// - Throws: 400 with Loki's `parse error at line L, col C: ...`.
  static func parse(_ text: String) throws(LokiAPIError) -> LogQLQuery {
    do {
      return try LogQLParser.parse(text)
    } catch {
      throw LokiAPIError.badRequest(error.rendered(in: text))
    }
  }

  /// The matchers of a stream selector with no pipeline (`match[]`, the `query` of labels, series,
  /// index/stats and delete).
  static func streamSelector(_ text: String, parameter: String) throws(LokiAPIError) -> [LabelMatcher] {
    guard case .logs(let selector) = try parse(text) else {
      throw LokiAPIError.badRequest("invalid parameter \"\(parameter)\": \(text) is a metric query, not a stream selector")
    }
    guard selector.pipeline.isEmpty else {
      throw LokiAPIError.badRequest("invalid parameter \"\(parameter)\": only a stream selector such as {job=\"x\"} is allowed here")
    }
    return selector.matchers
  }

  /// Parses and evaluates `text`.
  func run(_ text: String, _ request: LogQLRequest) async throws(LokiAPIError) -> LogQLResult {
    let query = try Self.parse(text)
    do {
      return try await engine.query(query, request)
    } catch {
      throw Self.httpError(error, query: text)
    }
  }

  static func httpError(_ error: LogQLError, query: String) -> LokiAPIError {
    switch error.kind {
    case .parse, .invalid, .limit: LokiAPIError.badRequest(error.rendered(in: query))
    case .timeout: LokiAPIError(status: .gatewayTimeout, message: "query timed out: \(error.message)")
    case .canceled: LokiAPIError(status: .init(code: 499, reasonPhrase: "Client Closed Request"), message: "query canceled")
    case .storage: LokiAPIError.internal(error.message)
    }
  }
}

/// The log store seen through `LogSource` once it is open; before that, reads fail.
struct StoreLogSource: LogSource {
  let stores: Stores

  private func store() throws -> LogStore {
    guard let store = stores.logs else { throw LokiAPIError.unavailable("the log store is still opening") }
    return store
  }

  func select(_ selection: LogSelection) throws -> [any LogStreamCursor] { try store().select(selection) }

  func streams(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [Labels] {
    try store().streams(matchers, startNs: startNs, endNs: endNs)
  }

  func labelNames(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String] {
    try store().labelNames(matchers, startNs: startNs, endNs: endNs)
  }

  func labelValues(_ name: String, _ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String] {
    try store().labelValues(name, matchers, startNs: startNs, endNs: endNs)
  }

  func indexStats(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> LogIndexStats {
    try store().indexStats(matchers, startNs: startNs, endNs: endNs)
  }
}
