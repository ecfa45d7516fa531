// Prometheus's metadata endpoints over the metric store: `/api/v1/series`, `/api/v1/labels`,
// `/api/v1/label/<name>/values` (GET and POST forms; names may use Prometheus 3's `U__` escape),
// `/api/v1/metadata`, `/api/v1/query_exemplars` and `/api/v1/format_query`, answering
// Prometheus's shapes and errors.
import Hummingbird
import MetricStore
import PromQL
import WardenCore

struct SeriesRoutes {
  let service: QueryService

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/series") { request, _ in try await series(request) }
    router.post("/api/v1/series") { request, _ in try await series(request) }
    router.get("/api/v1/labels") { request, _ in try await labelNames(request) }
    router.post("/api/v1/labels") { request, _ in try await labelNames(request) }
    router.get("/api/v1/label/:name/values") { request, context in
      try await labelValues(request, name: context.parameters.get("name") ?? "")
    }
    router.get("/api/v1/metadata") { request, _ in try await metadata(request) }
    router.get("/api/v1/query_exemplars") { request, _ in try await exemplars(request) }
    router.post("/api/v1/query_exemplars") { request, _ in try await exemplars(request) }
    router.get("/api/v1/format_query") { request, _ in try await formatQuery(request) }
    router.post("/api/v1/format_query") { request, _ in try await formatQuery(request) }
  }

  /// The query pretty-printed as Prometheus's format_query prints it.
  private func formatQuery(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let query = parameters.first("query") ?? ""
    let expr: Expr
    do throws(ParseError) { expr = try PromQLParser.parse(query) } catch {
      throw QueryAPIParameters.invalid("query", error.rendered(in: query))
    }
    let formatted = expr.prettyFormatted()
    return QueryAPIResponse.success { writer in writer.string(formatted) }
  }

  /// The time range and selectors shared by series, labels and label values.
  private struct Selection {
    var limit: Int
    var startMs: Int64
    var endMs: Int64
    var matcherSets: [[LabelMatcher]]
  }

  private func selection(_ parameters: FormParameters) throws(APIError) -> Selection {
    let limit = try QueryAPIParameters.limit(parameters)
    let startMs = try QueryAPIParameters.optionalTime(parameters, "start", fallback: QueryAPIParameters.minTimeMs)
    let endMs = try QueryAPIParameters.optionalTime(parameters, "end", fallback: QueryAPIParameters.maxTimeMs)
    let sets = try QueryAPIParameters.matcherSets(parameters.all("match[]"))
    return Selection(limit: limit, startMs: startMs, endMs: endMs, matcherSets: sets)
  }

  private func series(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    guard !parameters.all("match[]").isEmpty else { throw APIError.badData("no match[] parameter provided") }
    let selection = try selection(parameters)
    let store = try service.store()
    var found = Set<Labels>()
    for matchers in selection.matcherSets {
      found.formUnion(try read { try store.series(matchers, startMs: selection.startMs, endMs: selection.endMs) })
    }
    var sorted = found.sorted()
    let truncated = Self.truncate(&sorted, to: selection.limit)
    return QueryAPIResponse.success(warnings: truncated ? ["results truncated due to limit"] : []) { writer in
      writer.byte(UInt8(ascii: "["))
      for (index, labels) in sorted.enumerated() {
        if index > 0 { writer.byte(UInt8(ascii: ",")) }
        writer.labels(labels)
      }
      writer.byte(UInt8(ascii: "]"))
    }
  }

  private func labelNames(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let selection = try selection(parameters)
    let store = try service.store()
    var names = Set<String>()
    for matchers in selection.matcherSets.isEmpty ? [[]] : selection.matcherSets {
      names.formUnion(try read { try store.labelNames(matchers, startMs: selection.startMs, endMs: selection.endMs) })
    }
    return strings(names)
  }

  private func labelValues(_ request: Request, name rawName: String) async throws -> Response {
    let name = QueryAPIParameters.labelName(fromPath: rawName)
    guard !name.isEmpty else { throw APIError.badData("invalid label name: \(goQuote(name))") }
    let parameters = try await FormParameters.read(request)
    let selection = try selection(parameters)
    let store = try service.store()
    var values = Set<String>()
    for matchers in selection.matcherSets.isEmpty ? [[]] : selection.matcherSets {
      values.formUnion(try read { try store.labelValues(name, matchers, startMs: selection.startMs, endMs: selection.endMs) })
    }
    return strings(values, limit: selection.limit)
  }

  private func strings(_ set: Set<String>, limit: Int = 0) -> Response {
    // Byte order, as Go sorts strings.
    var sorted = set.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    let truncated = Self.truncate(&sorted, to: limit)
    return QueryAPIResponse.success(warnings: truncated ? ["results truncated due to limit"] : []) { writer in
      writer.stringArray(sorted)
    }
  }

  /// Metric metadata (type, help, unit by metric name). Warden keeps none yet, so the answer is
  /// the empty object Prometheus gives when it knows no metric; the parameters are still checked.
  private func metadata(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    if let text = parameters.first("limit"), !text.isEmpty, Int(text) == nil {
      throw APIError.badData("limit must be a number")
    }
    if let text = parameters.first("limit_per_metric"), !text.isEmpty, Int(text) == nil {
      throw APIError.badData("limit_per_metric must be a number")
    }
    return QueryAPIResponse.success { writer in writer.raw("{}") }
  }

  /// Exemplars: Warden stores none, so a valid query gets the empty list (or no content when
  /// the query selects no series at all, as Prometheus answers).
  private func exemplars(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let startMs = try QueryAPIParameters.optionalTime(parameters, "start", fallback: QueryAPIParameters.minTimeMs)
    let endMs = try QueryAPIParameters.optionalTime(parameters, "end", fallback: QueryAPIParameters.maxTimeMs)
    guard endMs >= startMs else { throw APIError.badData("end timestamp must not be before start timestamp") }
    let query = parameters.first("query") ?? ""
    let expr: Expr
    do throws(ParseError) { expr = try PromQLParser.parse(query) } catch { throw APIError.badData(error.rendered(in: query)) }
    guard Self.hasSelector(expr) else { return Response(status: .noContent) }
    return QueryAPIResponse.success { writer in writer.raw("[]") }
  }

  static func hasSelector(_ expr: Expr) -> Bool {
    switch expr {
    case .number, .string: false
    case .vectorSelector, .matrixSelector: true
    case .subquery(let node): hasSelector(node.expr)
    case .call(let node): node.args.contains(where: hasSelector)
    case .aggregate(let node): hasSelector(node.expr) || node.param.map(hasSelector) == true
    case .binary(let node): hasSelector(node.lhs) || hasSelector(node.rhs)
    case .unary(let node): hasSelector(node.expr)
    case .paren(let node): hasSelector(node.expr)
    }
  }

  private func read<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as StoreError {
      throw APIError(error, doing: "read series")
    } catch {
      throw APIError.internal("cannot read series: \(error)")
    }
  }

  static func truncate<T>(_ values: inout [T], to limit: Int) -> Bool {
    guard limit > 0, values.count > limit else { return false }
    values.removeLast(values.count - limit)
    return true
  }
}
