// Prometheus's humanize family: numbers with SI or binary prefixes, durations as `1d 2h 3m 4s`,
// ratios as percentages, Unix seconds as Go prints a UTC time; all with Go's `%.4g`.
import Foundation
import PromQL

enum HumanizeFormat {
  private static let largePrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"]
  private static let smallPrefixes = ["m", "u", "n", "p", "f", "a", "z", "y"]
  private static let binaryPrefixes = ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"]

  /// Go's `%.4g`: C's `%.4g` (both round the exact binary value) with Go's spelling of the
  /// special values.
  static func g4(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    return String(format: "%.4g", value)
  }

  /// `humanize`: 1234567 is `1.235M`, 0.12 is `120m`.
  static func metric(_ value: Double) -> String {
    if value == 0 || !value.isFinite { return g4(value) }
    var scaled = value
    var prefix = ""
    if abs(scaled) >= 1 {
      for candidate in largePrefixes {
        if abs(scaled) < 1000 { break }
        prefix = candidate
        scaled /= 1000
      }
    } else {
      for candidate in smallPrefixes {
        if abs(scaled) >= 1 { break }
        prefix = candidate
        scaled *= 1000
      }
    }
    return g4(scaled) + prefix
  }

  /// `humanize1024`: 1048576 is `1Mi`; at most 1 in magnitude is printed as is.
  static func binary(_ value: Double) -> String {
    if abs(value) <= 1 || !value.isFinite { return g4(value) }
    var scaled = value
    var prefix = ""
    for candidate in binaryPrefixes {
      if abs(scaled) < 1024 { break }
      prefix = candidate
      scaled /= 1024
    }
    return g4(scaled) + prefix
  }

  /// `humanizeDuration` of seconds: `1d 1h 0m 0s`, `14m 59s`, `1.234s`, `100ms`.
  static func duration(_ value: Double) -> String {
    if !value.isFinite { return g4(value) }
    if value == 0 { return g4(value) + "s" }
    if abs(value) >= 1 {
      let sign = value < 0 ? "-" : ""
      let magnitude = abs(value)
      // Beyond Int64 the whole-seconds split is meaningless; Go's conversion saturates too.
      let whole = magnitude < 9.2e18 ? Int64(magnitude) : Int64.max
      let seconds = whole % 60
      let minutes = (whole / 60) % 60
      let hours = (whole / 3600) % 24
      let days = whole / 86400
      if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
      if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
      if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
      return "\(sign)\(g4(magnitude))s"
    }
    var scaled = value
    var prefix = ""
    for candidate in smallPrefixes {
      if abs(scaled) >= 1 { break }
      prefix = candidate
      scaled *= 1000
    }
    return g4(scaled) + prefix + "s"
  }

  /// `humanizePercentage`: 0.1234567 is `12.35%`.
  static func percentage(_ value: Double) -> String {
    g4(value * 100) + "%"
  }

  /// Unix seconds as Prometheus turns them into a time: nanoseconds, then whole milliseconds.
  static func unixMilliseconds(fromSeconds value: Double) throws(TemplateFunctionError) -> Int64 {
    if !value.isFinite { throw TemplateFunctionError("value is NaN or Inf") }
    let nanoseconds = value * 1e9
    guard nanoseconds < 9.223372036854775e18, nanoseconds > -9.223372036854775e18 else {
      throw TemplateFunctionError("\(GoFormat.general(value)) cannot be represented as a nanoseconds timestamp since it overflows int64")
    }
    return Int64(nanoseconds) / 1_000_000
  }

  /// `humanizeTimestamp`: Unix seconds as `2015-06-23 13:19:44.128 +0000 UTC`.
  static func timestamp(_ value: Double) throws(TemplateFunctionError) -> String {
    if !value.isFinite { return g4(value) }
    return GoTimeText.utcString(nanoseconds: try unixMilliseconds(fromSeconds: value) * 1_000_000)
  }
}
