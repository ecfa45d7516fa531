// Time parameters of the Loki HTTP API, read as Loki reads them: an integer of up to 10 digits is
// Unix seconds, a longer one Unix nanoseconds, a number with a fraction is seconds, anything else
// RFC 3339 (nanoseconds kept). Steps and `since` are Prometheus durations or float seconds.
import Foundation
import WardenCore

enum LokiTime {
  /// The parameter `name` of `text` in Unix nanoseconds.
  /// - Throws: `LokiAPIError` 400 naming the parameter.
  static func nanoseconds(_ text: String, name: String) throws(LokiAPIError) -> Int64 {
    if text.contains("."), let seconds = Double(text), seconds.isFinite, abs(seconds) < 9.2e9 {
      let whole = seconds.rounded(.towardZero)
      return Int64(whole) * 1_000_000_000 + Int64(((seconds - whole) * 1e9).rounded())
    }
    if let integer = Int64(text) {
      if text.utf8.count <= 10 {
        let (nanos, overflow) = integer.multipliedReportingOverflow(by: 1_000_000_000)
        if !overflow { return nanos }
      } else {
        return integer
      }
    }
    if let nanos = RFC3339.nanoseconds(text.utf8) { return nanos }
    throw LokiAPIError.badRequest("invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid timestamp")
  }

  /// A step or interval: a duration (`30s`, `1m30s`) or float seconds, in nanoseconds.
  static func durationNanoseconds(_ text: String, name: String) throws(LokiAPIError) -> Int64 {
    if let seconds = Double(text), seconds.isFinite {
      guard seconds > 0, seconds < 9.2e9 else {
        throw LokiAPIError.badRequest("invalid parameter \"\(name)\": \(text) is not a positive duration")
      }
      return Int64((seconds * 1e9).rounded())
    }
    if let duration = PrometheusDuration.parse(text), duration > .zero {
      let (seconds, attoseconds) = duration.components
      return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
    throw LokiAPIError.badRequest("invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid duration")
  }

  /// Loki's default step for a range: a 250th of it, at least one second, whole seconds.
  static func defaultStepNanoseconds(startNs: Int64, endNs: Int64) -> Int64 {
    let seconds = max(Double(endNs - startNs) / 1e9 / 250, 1).rounded(.down)
    return Int64(seconds) * 1_000_000_000
  }

  static func nowNanoseconds() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1e9).rounded())
  }
}
