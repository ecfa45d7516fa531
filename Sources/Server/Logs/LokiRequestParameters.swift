// The query parameters of the Loki read API, read as Loki reads them: `start`/`end`/`since` (end
// defaults to now, start to end minus `since`), `limit`, `direction`, `step` (default: a 250th of
// the range, at least 1s) and `interval`, each refused with a 400 naming it.
import LogQL
import WardenCore

struct LokiTimeRange {
  var startNs: Int64
  var endNs: Int64
}

enum LokiRequestParameters {
  /// The most points per series a range query may ask for, as Loki and Prometheus.
  static let maxPoints: Int64 = 11_000

  static func timeRange(_ parameters: FormParameters, defaultSince: Int64) throws(LokiAPIError) -> LokiTimeRange {
    let endNs = try parameters.first("end").map { text throws(LokiAPIError) in try LokiTime.nanoseconds(text, name: "end") }
      ?? LokiTime.nowNanoseconds()
    let since = try parameters.first("since").map { text throws(LokiAPIError) in
      try LokiTime.durationNanoseconds(text, name: "since")
    } ?? defaultSince
    let startNs = try parameters.first("start").map { text throws(LokiAPIError) in try LokiTime.nanoseconds(text, name: "start") }
      ?? endNs - since
    guard endNs >= startNs else {
      throw LokiAPIError.badRequest("end timestamp must not be before or equal to start time")
    }
    return LokiTimeRange(startNs: startNs, endNs: endNs)
  }

  static func limit(_ parameters: FormParameters, default value: Int, max: Int) throws(LokiAPIError) -> Int {
    guard let text = parameters.first("limit") else { return value }
    guard let limit = Int(text), limit > 0 else {
      throw LokiAPIError.badRequest("invalid parameter \"limit\": \"\(text)\" is not a positive integer")
    }
    guard limit <= max else {
      throw LokiAPIError.badRequest("max entries limit per query exceeded, limit > max_entries_limit_per_query (\(limit) > \(max))")
    }
    return limit
  }

  static func direction(_ parameters: FormParameters) throws(LokiAPIError) -> LogDirection {
    guard let text = parameters.first("direction") else { return .backward }
    switch text.lowercased() {
    case "backward": return .backward
    case "forward": return .forward
    default: throw LokiAPIError.badRequest("invalid parameter \"direction\": \"\(text)\" is neither forward nor backward")
    }
  }

  static func step(_ parameters: FormParameters, range: LokiTimeRange) throws(LokiAPIError) -> Int64 {
    let step = try parameters.first("step").map { text throws(LokiAPIError) in try LokiTime.durationNanoseconds(text, name: "step") }
      ?? LokiTime.defaultStepNanoseconds(startNs: range.startNs, endNs: range.endNs)
    guard (range.endNs - range.startNs) / step <= maxPoints else {
      throw LokiAPIError.badRequest(
        "exceeded maximum resolution of 11,000 points per timeseries. Try increasing the value of the step parameter")
    }
    return step
  }

  static func interval(_ parameters: FormParameters) throws(LokiAPIError) -> Int64 {
    try parameters.first("interval").map { text throws(LokiAPIError) in try LokiTime.durationNanoseconds(text, name: "interval") } ?? 0
  }
}
