// The parameters of Prometheus's query API read as Prometheus reads them, with its error
// wording, so clients that show or match these messages see the same text: times (Unix seconds
// with up to millisecond precision, or RFC 3339), durations (`5m` or float seconds), limits and
// `match[]` selectors.
import Foundation
import PromQL
import WardenCore

enum QueryAPIParameters {
  /// Prometheus's "no lower bound" and "no upper bound" (client_golang sends these strings).
  static let minTimeText = "-292273086-05-16T16:47:06Z"
  static let maxTimeText = "292277025-08-18T07:12:54.999999999Z"
  static let minTimeMs = Int64.min / 2
  static let maxTimeMs = Int64.max / 2

  /// `invalid parameter "<name>": <reason>`, 400 bad_data.
  static func invalid(_ name: String, _ reason: String) -> APIError {
    .badData("invalid parameter \(goQuote(name)): \(reason)")
  }

  /// A required time (`start`, `end` of query_range): any failure names the parameter only.
  static func requiredTime(_ parameters: FormParameters, _ name: String) throws(APIError) -> Int64 {
    let text = parameters.first(name) ?? ""
    guard let ms = parseTime(text) else { throw invalid(name, "cannot parse \(goQuote(text)) to a valid timestamp") }
    return ms
  }

  /// An optional time (`time`, series' `start`/`end`), `fallback` when absent or empty.
  static func optionalTime(_ parameters: FormParameters, _ name: String, fallback: Int64) throws(APIError) -> Int64 {
    guard let text = parameters.first(name), !text.isEmpty else { return fallback }
    guard let ms = parseTime(text) else {
      throw invalid(name, "invalid time value for '\(name)': cannot parse \(goQuote(text)) to a valid timestamp")
    }
    return ms
  }

  /// Unix seconds (float, rounded to the millisecond as Prometheus does) or RFC 3339, in ms.
  static func parseTime(_ text: String) -> Int64? {
    if let seconds = goParseFloat(text) {
      guard seconds.isFinite, seconds.magnitude < 9.2e15 else { return nil }
      let whole = seconds.rounded(.towardZero)
      let fraction = ((seconds - whole) * 1000).rounded(.toNearestOrAwayFromZero) / 1000
      // Go builds a time from whole seconds and (truncated) nanoseconds, then reads milliseconds
      // back by flooring: reproduce that so .0005-style inputs land on the same millisecond.
      var secondsPart = Int64(whole)
      var nanoseconds = Int64(fraction * 1e9)
      if nanoseconds < 0 {
        secondsPart -= 1
        nanoseconds += 1_000_000_000
      }
      return secondsPart * 1000 + nanoseconds / 1_000_000
    }
    if text == minTimeText { return minTimeMs }
    if text == maxTimeText { return maxTimeMs }
    return RFC3339.milliseconds(text)
  }

  /// A duration in nanoseconds: float seconds or a Prometheus duration (`1m30s`).
  /// - Returns: the reason as Prometheus words it on failure.
  static func parseDuration(_ text: String) -> Result<Int64, DurationError> {
    if let seconds = goParseFloat(text) {
      let nanoseconds = seconds * 1e9
      guard !nanoseconds.isNaN else { return .failure(DurationError(text: text, overflow: false)) }
      if nanoseconds >= 9.223372036854775807e18 || nanoseconds < -9.223372036854775808e18 {
        return .failure(DurationError(text: text, overflow: true))
      }
      return .success(Int64(nanoseconds))
    }
    if let ms = PrometheusDuration.parseMilliseconds(text) {
      let (ns, overflow) = ms.multipliedReportingOverflow(by: 1_000_000)
      if !overflow { return .success(ns) }
    }
    return .failure(DurationError(text: text, overflow: false))
  }

  struct DurationError: Error, CustomStringConvertible {
    let text: String
    let overflow: Bool
    var description: String {
      overflow
        ? "cannot parse \(goQuote(text)) to a valid duration. It overflows int64"
        : "cannot parse \(goQuote(text)) to a valid duration"
    }
  }

  /// `limit`: absent or empty is 0 (no limit); Go's Atoi wording for junk.
  static func limit(_ parameters: FormParameters, _ name: String = "limit") throws(APIError) -> Int {
    guard let text = parameters.first(name), !text.isEmpty else { return 0 }
    guard let value = Int(text) else {
      // Atoi's two failures: digits that do not fit, or not a number at all.
      let unsigned = text.first == "+" || text.first == "-" ? text.dropFirst() : Substring(text)
      let isDigits = !unsigned.isEmpty && unsigned.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      throw invalid(name, "strconv.Atoi: parsing \(goQuote(text)): \(isDigits ? "value out of range" : "invalid syntax")")
    }
    guard value >= 0 else { throw invalid(name, "limit must be non-negative") }
    return value
  }

  /// Every `match[]` as matchers; each set must have a matcher that does not match "".
  static func matcherSets(_ texts: [String]) throws(APIError) -> [[LabelMatcher]] {
    var sets: [[LabelMatcher]] = []
    for text in texts {
      do {
        sets.append(try SelectorParser.parse(text))
      } catch where error.message == "vector selector must contain at least one non-empty matcher" {
        throw invalid("match[]", "match[] must contain at least one non-empty matcher")
      } catch {
        throw invalid("match[]", error.description)
      }
    }
    return sets
  }

  /// Go's strconv.ParseFloat acceptance, near enough: decimal and exponent forms, "Inf", "NaN";
  /// unlike Swift's initializer it takes no leading or trailing spaces.
  static func goParseFloat(_ text: String) -> Double? {
    guard let first = text.utf8.first, first != UInt8(ascii: " "), text.utf8.last != UInt8(ascii: " ") else { return nil }
    return Double(text)
  }

  /// A label name from the URL path of `/api/v1/label/<name>/values`: percent-decoded, and
  /// Prometheus 3's `U__` value-encoding escape undone (`U__a_2e_b` is `a.b`, `__` is `_`). A
  /// malformed escape leaves the name as written, as Prometheus does.
  static func labelName(fromPath segment: String) -> String {
    let decoded = segment.removingPercentEncoding ?? segment
    guard decoded.hasPrefix("U__") else { return decoded }
    let escaped = Array(decoded.utf8.dropFirst(3))
    var scalars = String.UnicodeScalarView()
    var index = 0
    while index < escaped.count {
      let byte = escaped[index]
      if byte != UInt8(ascii: "_") {
        scalars.append(Unicode.Scalar(byte))
        index += 1
        continue
      }
      index += 1
      guard index < escaped.count else { return decoded }
      if escaped[index] == UInt8(ascii: "_") {
        scalars.append("_")
        index += 1
        continue
      }
      // Hex digits up to the closing underscore; Go gives up at the sixth character.
      var code: UInt32 = 0
      var digits = 0
      while true {
        guard index < escaped.count, digits < 6 else { return decoded }
        let hexByte = escaped[index]
        index += 1
        if hexByte == UInt8(ascii: "_") { break }
        guard let digit = Self.hexValue(hexByte) else { return decoded }
        code = code * 16 + digit
        digits += 1
      }
      guard let scalar = Unicode.Scalar(code) else { return decoded }
      scalars.append(scalar)
    }
    return String(scalars)
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }
}
