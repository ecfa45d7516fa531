// The Loki read API over the log store, in Loki's shapes so Grafana's Loki data source and logcli
// work unchanged: `/loki/api/v1/query` and `query_range` (streams, matrix, vector, stats),
// `labels`, `label/<name>/values`, `series`, `index/stats`, and `POST /loki/api/v1/delete`.
// GET and POST (form) both work, as in Loki.
import Hummingbird
import LogQL
import LogStore
import NIOPosix
import WardenCore

struct LokiQueryRoutes {
  let service: LogQueryService
  /// Labels, label values and series look back this far by default (Loki's 6h).
  static let metadataSinceNs: Int64 = 6 * 3600 * 1_000_000_000
  /// Range queries look back this far by default (Loki's 1h).
  static let querySinceNs: Int64 = 3600 * 1_000_000_000

  func register(on router: Router<some RequestContext>) {
    for path in ["/loki/api/v1/query", "/api/prom/query"] {
      router.get(RouterPath(path)) { request, _ in try await instant(request) }
      router.post(RouterPath(path)) { request, _ in try await instant(request) }
    }
    router.get("/loki/api/v1/query_range") { request, _ in try await range(request) }
    router.post("/loki/api/v1/query_range") { request, _ in try await range(request) }
    for path in ["/loki/api/v1/labels", "/loki/api/v1/label", "/api/prom/label"] {
      router.get(RouterPath(path)) { request, _ in try await labelNames(request) }
      router.post(RouterPath(path)) { request, _ in try await labelNames(request) }
    }
    for path in ["/loki/api/v1/label/:name/values", "/api/prom/label/:name/values"] {
      router.get(RouterPath(path)) { request, context in
        try await labelValues(request, name: context.parameters.get("name") ?? "")
      }
    }
    router.get("/loki/api/v1/series") { request, _ in try await series(request) }
    router.post("/loki/api/v1/series") { request, _ in try await series(request) }
    router.get("/loki/api/v1/index/stats") { request, _ in try await indexStats(request) }
    router.post("/loki/api/v1/index/stats") { request, _ in try await indexStats(request) }
    router.post("/loki/api/v1/delete") { request, _ in try await delete(request) }
    router.put("/loki/api/v1/delete") { request, _ in try await delete(request) }
  }

  private func query(_ parameters: FormParameters) throws(LokiAPIError) -> String {
    guard let query = parameters.first("query"), !query.isEmpty else {
      throw LokiAPIError.badRequest("missing parameter \"query\"")
    }
    return query
  }

  private func instant(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let text = try query(parameters)
    let timeNs = try parameters.first("time").map { text throws(LokiAPIError) in try LokiTime.nanoseconds(text, name: "time") }
      ?? LokiTime.nowNanoseconds()
    let limit = try LokiRequestParameters.limit(
      parameters, default: service.options.defaultLimit, max: service.options.maxEntriesLimitPerQuery)
    let direction = try LokiRequestParameters.direction(parameters)
    let result = try await service.run(text, .instant(timeNs, limit: limit, direction: direction))
    return LokiResponse.query(result)
  }

  private func range(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let text = try query(parameters)
    let range = try LokiRequestParameters.timeRange(parameters, defaultSince: Self.querySinceNs)
    let limit = try LokiRequestParameters.limit(
      parameters, default: service.options.defaultLimit, max: service.options.maxEntriesLimitPerQuery)
    let direction = try LokiRequestParameters.direction(parameters)
    let step = try LokiRequestParameters.step(parameters, range: range)
    var logRequest = LogQLRequest.range(startNs: range.startNs, endNs: range.endNs, stepNs: step, limit: limit, direction: direction)
    logRequest.intervalNs = try LokiRequestParameters.interval(parameters)
    let result = try await service.run(text, logRequest)
    return LokiResponse.query(result)
  }

  /// Matchers of the optional `query` selector (labels, label values, index/stats).
  private func optionalSelector(_ parameters: FormParameters) throws(LokiAPIError) -> [LabelMatcher] {
    guard let text = parameters.first("query"), !text.isEmpty else { return [] }
    return try LogQueryService.streamSelector(text, parameter: "query")
  }

  private func labelNames(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let range = try LokiRequestParameters.timeRange(parameters, defaultSince: Self.metadataSinceNs)
    let matchers = try optionalSelector(parameters)
    let store = try service.store()
    let names = try await read { try store.labelNames(matchers, startNs: range.startNs, endNs: range.endNs) }
    return LokiResponse.strings(names)
  }

  private func labelValues(_ request: Request, name: String) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let range = try LokiRequestParameters.timeRange(parameters, defaultSince: Self.metadataSinceNs)
    let matchers = try optionalSelector(parameters)
    let store = try service.store()
    let values = try await read { try store.labelValues(name, matchers, startNs: range.startNs, endNs: range.endNs) }
    return LokiResponse.strings(values)
  }

  private func series(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let selectors = parameters.all("match[]") + parameters.all("match")
    guard !selectors.isEmpty else { throw LokiAPIError.badRequest("at least one match[] argument is required") }
    let range = try LokiRequestParameters.timeRange(parameters, defaultSince: Self.metadataSinceNs)
    var matcherSets: [[LabelMatcher]] = []
    for selector in selectors { matcherSets.append(try LogQueryService.streamSelector(selector, parameter: "match[]")) }
    let store = try service.store()
    let sets = matcherSets
    let found = try await read {
      var found = Set<Labels>()
      for matchers in sets { found.formUnion(try store.streams(matchers, startNs: range.startNs, endNs: range.endNs)) }
      return found.sorted()
    }
    return LokiResponse.series(found)
  }

  private func indexStats(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let range = try LokiRequestParameters.timeRange(parameters, defaultSince: Self.querySinceNs)
    let matchers = try LogQueryService.streamSelector(try query(parameters), parameter: "query")
    let store = try service.store()
    let stats = try await read { try store.indexStats(matchers, startNs: range.startNs, endNs: range.endNs) }
    return LokiResponse.indexStats(stats)
  }

  /// Deletes the records of matching streams in `[start, end]` (end defaults to now; start is
  /// required, as in Loki). Reads stop returning them at once; segments are rewritten later.
  private func delete(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let matchers = try LogQueryService.streamSelector(try query(parameters), parameter: "query")
    guard let startText = parameters.first("start") else { throw LokiAPIError.badRequest("missing parameter \"start\"") }
    let startNs = try LokiTime.nanoseconds(startText, name: "start")
    let endNs = try parameters.first("end").map { text throws(LokiAPIError) in try LokiTime.nanoseconds(text, name: "end") }
      ?? LokiTime.nowNanoseconds()
    guard endNs >= startNs else { throw LokiAPIError.badRequest("end must not be before start") }
    let store = try service.store()
    do {
      // The end is inclusive in Loki's delete API; the store's ranges are half-open.
      try await NIOThreadPool.singleton.runIfActive { try store.delete(matchers: matchers, startNs: startNs, endNs: endNs &+ 1) }
    } catch let error as LogStoreError {
      throw error.code == .invalidArgument ? LokiAPIError.badRequest(error.message) : LokiAPIError.internal("cannot delete: \(error)")
    }
    return Response(status: .noContent)
  }

  /// Runs a blocking store read off the cooperative pool, mapping its failure to a 500.
  private func read<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    do {
      return try await NIOThreadPool.singleton.runIfActive(body)
    } catch let error as LokiAPIError {
      throw error
    } catch {
      throw LokiAPIError.internal("cannot read the log store: \(error)")
    }
  }
}
