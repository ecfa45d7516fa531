// What to evaluate a parsed query over: an instant or a range of time, and for log queries how
// many entries in which order. Times are nanoseconds since the epoch.
package import WardenCore

package struct LogQLRequest: Sendable, Equatable {
  package enum Time: Sendable, Equatable {
    /// Loki's `/query`: a metric query at one instant; a log query over the lookback before it.
    case instant(Int64)
    /// Loki's `/query_range`: log queries read `[startNs, endNs)`; metric queries are evaluated at
    /// `startNs`, `startNs + stepNs`, ... up to `endNs`.
    case range(startNs: Int64, endNs: Int64, stepNs: Int64)
  }

  package var time: Time
  /// The most entries a log query returns; nil for the engine's default.
  package var limit: Int?
  package var direction: LogDirection
  /// Log queries only: return entries at least this far apart (Loki's `interval`), 0 for all.
  package var intervalNs: Int64
  /// The request's own timeout; the engine's applies when it is shorter.
  package var timeout: Duration?

  package init(time: Time, limit: Int? = nil, direction: LogDirection = .backward, intervalNs: Int64 = 0, timeout: Duration? = nil) {
    self.time = time
    self.limit = limit
    self.direction = direction
    self.intervalNs = intervalNs
    self.timeout = timeout
  }

  package static func instant(_ timeNs: Int64, limit: Int? = nil, direction: LogDirection = .backward) -> LogQLRequest {
    LogQLRequest(time: .instant(timeNs), limit: limit, direction: direction)
  }

  package static func range(startNs: Int64, endNs: Int64, stepNs: Int64, limit: Int? = nil, direction: LogDirection = .backward) -> LogQLRequest {
    LogQLRequest(time: .range(startNs: startNs, endNs: endNs, stepNs: stepNs), limit: limit, direction: direction)
  }
}
