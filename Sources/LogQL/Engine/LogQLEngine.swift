// The LogQL engine's entry point: log and metric queries over any `LogSource`, with Loki's limits
// (entries per query, series, query length, resolution) and a concurrency gate (PromQL's), so a
// burst of dashboard queries waits in line instead of all reading logs at once.
import PromQL
package import WardenCore

package final class LogQLEngine: Sendable {
  package let source: any LogSource
  package let options: LogQLOptions
  private let gate: QueryGate

  package init(source: any LogSource, options: LogQLOptions = LogQLOptions()) {
    self.source = source
    self.options = options
    gate = QueryGate(limit: options.maxConcurrentQueries)
  }

  /// Queries evaluating now and queries waiting for a slot.
  package var load: (running: Int, waiting: Int) { (gate.running, gate.waiting) }

  /// Evaluates a parsed query (`LogQLParser.parse`) as Loki's `/query` (`.instant`) or
  /// `/query_range` (`.range`) would.
  package func query(_ query: LogQLQuery, _ request: LogQLRequest) async throws(LogQLError) -> LogQLResult {
    let arrival = ContinuousClock.now
    try validate(query, request)
    let timeout = request.timeout.map { min($0, options.timeout) } ?? options.timeout
    var budget = QueryBudget(deadline: arrival.advanced(by: timeout))
    switch await gate.enter(until: budget.deadline) {
    case .admitted: break
    case .cancelled: throw LogQLError(.canceled, "query was canceled")
    case .timedOut: throw LogQLError(.timeout, "query timed out waiting for a free slot")
    }
    defer { gate.leave() }
    var statistics = LogQLStatistics()
    statistics.queueTimeSeconds = Self.seconds(ContinuousClock.now - arrival)
    try budget.check()

    var value: LogQLValue
    var warnings: [String] = []
    switch query {
    case .logs(let selector):
      let (startNs, endNs) = logRange(request.time)
      let streams = try LogQueryEvaluator(source: source).evaluate(
        selector, startNs: startNs, endNs: endNs, limit: request.limit ?? options.defaultLimit, direction: request.direction,
        intervalNs: request.intervalNs, budget: &budget, statistics: &statistics)
      value = .streams(streams)
    case .metric(let metric):
      let grid: MetricGrid
      let isInstant: Bool
      switch request.time {
      case .instant(let timeNs):
        grid = .instant(timeNs)
        isInstant = true
      case .range(let startNs, let endNs, let stepNs):
        grid = MetricGrid(startNs: startNs, endNs: endNs, stepNs: stepNs)
        isInstant = false
      }
      (value, warnings) = try await MetricQueryEvaluator(source: source, options: options).evaluate(
        metric, grid: grid, isInstant: isInstant, budget: &budget, statistics: &statistics)
    }
    statistics.execTimeSeconds = Self.seconds(ContinuousClock.now - arrival)
    return LogQLResult(value: value, statistics: statistics, warnings: warnings)
  }

  /// Log queries read `[start, end)`; an instant one the lookback before its time, inclusive.
  private func logRange(_ time: LogQLRequest.Time) -> (Int64, Int64) {
    switch time {
    case .instant(let timeNs): (timeNs - options.instantLookbackNs, timeNs + 1)
    case .range(let startNs, let endNs, _): (startNs, endNs)
    }
  }

  private func validate(_ query: LogQLQuery, _ request: LogQLRequest) throws(LogQLError) {
    if case .logs = query {
      let limit = request.limit ?? options.defaultLimit
      if limit <= 0 { throw LogQLError(.invalid, "limit must be a positive value") }
      if limit > options.maxEntriesLimitPerQuery {
        throw LogQLError(.limit, "max entries limit per query exceeded, limit > max_entries_limit_per_query (\(limit) > \(options.maxEntriesLimitPerQuery))")
      }
      if request.intervalNs < 0 { throw LogQLError(.invalid, "interval must not be negative") }
    }
    guard case .range(let startNs, let endNs, let stepNs) = request.time else { return }
    if endNs < startNs { throw LogQLError(.invalid, "end timestamp must not be before or equal to start time") }
    let length = endNs - startNs
    if length > options.maxQueryLengthNs {
      throw LogQLError(
        .limit,
        "the query time range exceeds the limit (query length: \(PrometheusDuration.format(.nanoseconds(length))), limit: \(PrometheusDuration.format(.nanoseconds(options.maxQueryLengthNs))))")
    }
    if case .metric = query {
      if stepNs <= 0 { throw LogQLError(.invalid, "zero or negative query resolution step widths are not accepted. Try a positive integer") }
      let steps = length / max(stepNs / MetricGrid.nanosPerMilli, 1) / MetricGrid.nanosPerMilli
      if steps > Int64(options.maxPointsPerSeries) {
        throw LogQLError(.invalid, "exceeded maximum resolution of \(Self.thousands(options.maxPointsPerSeries)) points per timeseries. Try decreasing the query resolution (?step=XX)")
      }
    }
  }

  /// 11000 as "11,000", as the message Loki copies from Prometheus writes it.
  private static func thousands(_ value: Int) -> String {
    var digits = String(value)
    var index = digits.count - 3
    while index > 0 {
      digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
      index -= 3
    }
    return digits
  }

  private static func seconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) + Double(attoseconds) / 1e18
  }
}
