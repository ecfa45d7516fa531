// The functions Alertmanager gives notification templates, on top of Go's builtins: toUpper,
// toLower, title, trimSpace, join, match, reReplaceAll, safeHtml, safeUrl, urlUnescape,
// stringSlice, date, tz, since, humanizeDuration, toJson. Behaviour follows Alertmanager's
// notification template reference and Go's strings/regexp/time packages.
import Foundation
package import GoTemplate

package enum NotificationTemplateFunctions {
  /// The functions; `nowNanos` is the clock `since` reads.
  package static func make(nowNanos: @escaping @Sendable () -> Int64 = currentNanos) -> TemplateFunctions {
    TemplateFunctions([
      "toUpper": unary("toUpper") { .string($0.uppercased()) },
      "toLower": unary("toLower") { .string($0.lowercased()) },
      "title": unary("title") { .string(title($0)) },
      "trimSpace": unary("trimSpace") { .string($0.trimmingCharacters(in: .whitespacesAndNewlines)) },
      "safeHtml": unary("safeHtml") { .safeHTML($0) },
      // Warden's HTML escaping does not filter URL schemes, so a URL needs no marking: it stays a
      // string and is escaped like any text, which keeps it inside its attribute.
      "safeUrl": unary("safeUrl") { .string($0) },
      "urlUnescape": unary("urlUnescape") { .string(try urlUnescape($0)) },
      "join": TemplateFunction(arity: 2...2) { arguments in
        let separator = try TemplateValueText.string(arguments[0], "join")
        return .string(try KVTemplateObject.stringList(arguments[1], what: "join").joined(separator: separator))
      },
      "match": TemplateFunction(arity: 2...2) { arguments in
        let pattern = try TemplateValueText.string(arguments[0], "match")
        let text = try TemplateValueText.string(arguments[1], "match")
        return .bool(try text.contains(compile(pattern, "match")))
      },
      "reReplaceAll": TemplateFunction(arity: 3...3) { arguments in
        let pattern = try TemplateValueText.string(arguments[0], "reReplaceAll")
        let replacement = try TemplateValueText.string(arguments[1], "reReplaceAll")
        let text = try TemplateValueText.string(arguments[2], "reReplaceAll")
        return .string(try RegexReplacement.replaceAll(in: text, pattern: compile(pattern, "reReplaceAll"), with: replacement))
      },
      "stringSlice": TemplateFunction(arity: 0...1000) { arguments in
        .list(try arguments.map { .string(try TemplateValueText.string($0, "stringSlice")) })
      },
      "date": TemplateFunction(arity: 2...2) { arguments in
        let layout = try TemplateValueText.string(arguments[0], "date")
        return .string(GoTimeLayout.format(try TemplateValueText.instant(arguments[1], "date"), layout: layout))
      },
      "tz": TemplateFunction(arity: 2...2) { arguments in
        let zone = try TemplateValueText.string(arguments[0], "tz")
        let instant = try TemplateValueText.instant(arguments[1], "tz")
        guard let zoned = ZonedInstant.inZone(zone, unixNanos: instant.unixNanos) else {
          throw TemplateError(message: "tz: unknown time zone \(zone)")
        }
        return ZonedTimeObject.make(zoned)
      },
      "since": TemplateFunction(arity: 1...1) { arguments in
        let instant = try TemplateValueText.instant(arguments[0], "since")
        // Since Go's zero time is longer than a Duration holds; Go saturates, so does this.
        if instant.unixNanos == ZonedInstant.zeroTimeNanos { return .duration(Int64.max) }
        let (difference, overflow) = nowNanos().subtractingReportingOverflow(instant.unixNanos)
        return .duration(overflow ? (instant.unixNanos < 0 ? Int64.max : Int64.min) : difference)
      },
      "humanizeDuration": TemplateFunction(arity: 1...1) { arguments in
        .string(humanizeDuration(try seconds(arguments[0])))
      },
      "toJson": TemplateFunction(arity: 1...1) { arguments in
        .string(TemplateJSON.value(arguments[0]).text)
      },
    ])
  }

  @Sendable package static func currentNanos() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1e9).rounded())
  }

  private static func unary(_ name: String, _ body: @escaping @Sendable (String) throws -> TemplateData) -> TemplateFunction {
    TemplateFunction(arity: 1...1) { arguments in try body(TemplateValueText.string(arguments[0], name)) }
  }

  private static func compile(_ pattern: String, _ function: String) throws -> Regex<AnyRegexOutput> {
    do {
      return try Regex(pattern)
    } catch {
      throw TemplateError(message: "\(function): invalid regular expression \"\(pattern)\": \(error)")
    }
  }

  // MARK: - Strings

  /// Go's strings.Title: the first letter of each word in title case; words are separated by
  /// anything but letters, digits, underscores and (outside ASCII) non-space symbols.
  static func title(_ text: String) -> String {
    var out = ""
    var previousIsSeparator = true
    for scalar in text.unicodeScalars {
      if previousIsSeparator {
        out += scalar.properties.titlecaseMapping
      } else {
        out.unicodeScalars.append(scalar)
      }
      previousIsSeparator = isSeparator(scalar)
    }
    return out
  }

  private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      let value = scalar.value
      let isAlphanumeric = (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
      return !(isAlphanumeric || scalar == "_")
    }
    if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return false }
    return scalar.properties.isWhitespace
  }

  /// Go's url.QueryUnescape: "+" is a space, "%XX" a byte; a malformed escape is an error.
  static func urlUnescape(_ text: String) throws -> String {
    var bytes: [UInt8] = []
    let input = Array(text.utf8)
    var index = 0
    while index < input.count {
      switch input[index] {
      case UInt8(ascii: "+"):
        bytes.append(UInt8(ascii: " "))
        index += 1
      case UInt8(ascii: "%"):
        guard index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) else {
          let end = min(index + 3, input.count)
          throw TemplateError(message: "urlUnescape: invalid URL escape \"\(String(decoding: input[index..<end], as: UTF8.self))\"")
        }
        bytes.append(high << 4 | low)
        index += 3
      default:
        bytes.append(input[index])
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  // MARK: - Durations

  /// A number of seconds from a number, a numeric string, or a duration (what `since` returns).
  private static func seconds(_ value: TemplateData) throws -> Double {
    switch value {
    case .int(let number): return Double(number)
    case .float(let number): return number
    case .duration(let nanos): return Double(nanos) / 1e9
    case .string(let text):
      guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else {
        throw TemplateError(message: "humanizeDuration: cannot read \"\(text)\" as a number")
      }
      return number
    default:
      throw TemplateError(message: "humanizeDuration: expected a number, got \(TemplateValueText.typeName(value))")
    }
  }

  /// Prometheus's humanizeDuration: "1d 2h 3m 4s" from a minute up, "4.5s" for seconds, and SI
  /// prefixes below a second ("250ms").
  static func humanizeDuration(_ seconds: Double) -> String {
    if seconds.isNaN { return "NaN" }
    if seconds.isInfinite { return seconds > 0 ? "+Inf" : "-Inf" }
    if seconds == 0 { return "0s" }
    var value = seconds
    if abs(value) >= 1 {
      let sign = value < 0 ? "-" : ""
      value = abs(value)
      let whole = Int64(value)
      let (days, hours, minutes, rest) = (whole / 86_400, whole / 3600 % 24, whole / 60 % 60, whole % 60)
      if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(rest)s" }
      if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(rest)s" }
      if minutes != 0 { return "\(sign)\(minutes)m \(rest)s" }
      return sign + significant(value) + "s"
    }
    var prefix = ""
    for next in ["m", "u", "n", "p", "f", "a", "z", "y"] {
      if abs(value) >= 1 { break }
      prefix = next
      value *= 1000
    }
    return significant(value) + prefix + "s"
  }

  /// Go's %.4g (which C's matches for finite values).
  static func significant(_ value: Double) -> String { String(format: "%.4g", value) }
}
