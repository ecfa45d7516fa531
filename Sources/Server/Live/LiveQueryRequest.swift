// The parameters of `GET /api/v1/live/query_range`, read and checked before the stream starts, so
// every mistake is a 400 with Prometheus's error JSON (naming the parameter, and for a query that
// does not parse, which one and where) instead of an error event on an open stream.
import LogQL
import PromQL

/// One query of a live stream: PromQL, or a LogQL metric query (written with a `logql:` prefix).
enum LiveQuery: Sendable {
  case promql(text: String, expr: Expr)
  case logql(text: String, query: LogQLQuery)

  /// The query as the user wrote it, without the `logql:` prefix (error positions refer to it).
  var text: String {
    switch self {
    case .promql(let text, _), .logql(let text, _): text
    }
  }
}

/// What a valid live request asks for; durations in milliseconds.
struct LiveQueryRequest: Sendable {
  static let maxQueries = 50
  /// As `/api/v1/query_range`: a range of more steps than this is refused.
  static let maxStepsPerSeries: Int64 = 11_000
  static let minIntervalMs: Int64 = 1000
  /// A live view refreshed less often than this is not live; a client wanting that polls.
  static let maxIntervalMs: Int64 = 3_600_000
  static let defaultRangeMs: Int64 = 3_600_000
  static let defaultIntervalMs: Int64 = 5000
  /// Without a `step`, the range is cut into about this many steps (at least 1 s each).
  static let defaultPoints: Int64 = 240
  static let logqlPrefix = "logql:"

  var queries: [LiveQuery]
  var rangeMs: Int64
  var stepMs: Int64
  var intervalMs: Int64

  /// The window evaluated at `nowMs`: it ends at the last step boundary at or before now and
  /// starts `range` earlier (also on a boundary), so consecutive ticks share their grid and a
  /// chart only gains points at its right edge.
  func window(nowMs: Int64) -> (startMs: Int64, endMs: Int64) {
    let endMs = Self.alignDown(nowMs, to: stepMs)
    return (Self.alignDown(endMs - rangeMs, to: stepMs), endMs)
  }

  static func alignDown(_ value: Int64, to step: Int64) -> Int64 {
    let remainder = value % step
    return remainder >= 0 ? value - remainder : value - remainder - step
  }

  /// Reads and checks `query` (repeated), `range`, `step` and `interval`.
  /// - Throws: `APIError` 400 `bad_data` naming the parameter and the problem.
  static func parse(_ parameters: FormParameters) throws(APIError) -> LiveQueryRequest {
    let texts = parameters.all("query")
    guard !texts.isEmpty else { throw QueryAPIParameters.invalid("query", "at least one query is required") }
    guard texts.count <= maxQueries else {
      throw QueryAPIParameters.invalid("query", "\(texts.count) queries given, at most \(maxQueries) are allowed in one stream")
    }
    let rangeMs = try duration(parameters, "range", fallback: defaultRangeMs)
    guard rangeMs > 0 else { throw QueryAPIParameters.invalid("range", "the range must be positive") }
    let stepMs = try duration(parameters, "step", fallback: max(1000, rangeMs / defaultPoints))
    guard stepMs > 0 else {
      throw QueryAPIParameters.invalid(
        "step", "zero or negative query resolution step widths are not accepted. Try a positive integer")
    }
    if rangeMs / stepMs > maxStepsPerSeries {
      throw APIError.badData(
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
    }
    let intervalMs = try duration(parameters, "interval", fallback: defaultIntervalMs)
    guard intervalMs >= minIntervalMs else { throw QueryAPIParameters.invalid("interval", "the interval must be at least 1s") }
    guard intervalMs <= maxIntervalMs else { throw QueryAPIParameters.invalid("interval", "the interval must be at most 1h") }
    var queries: [LiveQuery] = []
    queries.reserveCapacity(texts.count)
    for (index, text) in texts.enumerated() {
      queries.append(try query(text, index: index))
    }
    return LiveQueryRequest(queries: queries, rangeMs: rangeMs, stepMs: stepMs, intervalMs: intervalMs)
  }

  /// A duration parameter in milliseconds (`5m`, `1h30m` or float seconds), `fallback` when absent.
  private static func duration(_ parameters: FormParameters, _ name: String, fallback: Int64) throws(APIError) -> Int64 {
    guard let text = parameters.first(name), !text.isEmpty else { return fallback }
    switch QueryAPIParameters.parseDuration(text) {
    case .success(let ns): return ns / 1_000_000
    case .failure(let error): throw QueryAPIParameters.invalid(name, error.description)
    }
  }

  /// Parses query `index`; errors name it as `query[index]` (the `index` of its result events).
  private static func query(_ text: String, index: Int) throws(APIError) -> LiveQuery {
    let name = "query[\(index)]"
    if text.hasPrefix(logqlPrefix) {
      let logText = String(text.dropFirst(logqlPrefix.count))
      guard !logText.allSatisfy(\.isWhitespace) else { throw QueryAPIParameters.invalid(name, "the LogQL query is empty") }
      let parsed: LogQLQuery
      do {
        parsed = try LogQLParser.parse(logText)
      } catch {
        throw QueryAPIParameters.invalid(name, error.rendered(in: logText))
      }
      guard case .metric = parsed else {
        throw QueryAPIParameters.invalid(
          name, "a live query takes a LogQL metric query (such as sum(rate({job=\"x\"}[1m]))), not a log query")
      }
      return .logql(text: logText, query: parsed)
    }
    guard !text.allSatisfy(\.isWhitespace) else { throw QueryAPIParameters.invalid(name, "the query is empty") }
    do throws(ParseError) {
      return .promql(text: text, expr: try PromQLParser.parse(text))
    } catch {
      throw QueryAPIParameters.invalid(name, error.rendered(in: text))
    }
  }
}
