// Running a template function on evaluated arguments. Argument order follows Loki's functions
// (Sprig's "subject last" order, so `{{ .x | replace "a" "b" }}` pipes `.x` in as the subject);
// the capitalised Go `strings` names keep Go's "subject first" order.
import GoTemplate

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TemplateFunction {
  func call(_ arguments: [TemplateValue], _ context: TemplateContext) throws(TemplateError) -> TemplateValue {
    let a = arguments
    func string(_ index: Int) -> String { a[index].text }
    func int(_ index: Int) -> Int64 { a[index].int64 }
    switch self {
    case .line: return .string(String(decoding: context.line, as: UTF8.self))
    case .timestamp: return .time(GoInstant(unixNanoseconds: context.timestampNs))
    case .now: return .time(TemplateClock.now())

    case .and: return a.first(where: { !$0.isTruthy }) ?? a[a.count - 1]
    case .or: return a.first(where: { $0.isTruthy }) ?? a[a.count - 1]
    case .not: return .bool(!a[0].isTruthy)
    case .len: return .int(Int64(string(0).utf8.count))
    case .print: return .string(TemplateStrings.sprint(a))
    case .println: return .string(a.map(\.text).joined(separator: " ") + "\n")
    case .printf: return .string(GoPrintf.format(string(0), Array(a.dropFirst())))
    case .eq:
      for candidate in a.dropFirst() where try TemplateCompare.order(a[0], candidate) == 0 { return .bool(true) }
      return .bool(false)
    case .ne: return .bool(try TemplateCompare.order(a[0], a[1]) != 0)
    case .lt: return .bool(try TemplateCompare.order(a[0], a[1]) < 0)
    case .le: return .bool(try TemplateCompare.order(a[0], a[1]) <= 0)
    case .gt: return .bool(try TemplateCompare.order(a[0], a[1]) > 0)
    case .ge: return .bool(try TemplateCompare.order(a[0], a[1]) >= 0)

    case .toLowerGo, .lower: return .string(string(0).lowercased())
    case .toUpperGo, .upper: return .string(string(0).uppercased())
    case .title, .titleGo: return .string(TemplateStrings.title(string(0)))
    case .trim, .trimSpaceGo: return .string(TemplateStrings.trim(string(0), where: { $0.properties.isWhitespace }))
    case .trimAll: return .string(TemplateStrings.trim(string(1), cutset: string(0), leading: true, trailing: true))
    case .trimGo: return .string(TemplateStrings.trim(string(0), cutset: string(1), leading: true, trailing: true))
    case .trimLeftGo: return .string(TemplateStrings.trim(string(0), cutset: string(1), leading: true, trailing: false))
    case .trimRightGo: return .string(TemplateStrings.trim(string(0), cutset: string(1), leading: false, trailing: true))
    case .trimPrefix: return .string(TemplateStrings.trimPrefix(string(1), string(0)))
    case .trimSuffix: return .string(TemplateStrings.trimSuffix(string(1), string(0)))
    case .trimPrefixGo: return .string(TemplateStrings.trimPrefix(string(0), string(1)))
    case .trimSuffixGo: return .string(TemplateStrings.trimSuffix(string(0), string(1)))
    case .replace: return .string(TemplateStrings.replace(string(2), string(0), string(1), limit: -1))
    case .replaceGo: return .string(TemplateStrings.replace(string(0), string(1), string(2), limit: int(3)))
    case .substr: return .string(try TemplateStrings.substr(string(2), start: int(0), end: int(1)))
    case .trunc: return .string(TemplateStrings.trunc(string(1), int(0)))
    case .contains: return .bool(TemplateStrings.contains(string(1), string(0)))
    case .hasPrefix: return .bool(string(1).utf8.starts(with: string(0).utf8))
    case .hasSuffix: return .bool(string(1).utf8.reversed().starts(with: string(0).utf8.reversed()))
    case .indent: return .string(try TemplateStrings.indent(string(1), int(0), newline: false))
    case .nindent: return .string(try TemplateStrings.indent(string(1), int(0), newline: true))
    case .repeat: return .string(try TemplateStrings.repeated(string(1), int(0)))
    case .default: return a[1].isTruthy ? a[1] : a[0]
    case .alignLeft: return .string(TemplateStrings.align(string(1), int(0), left: true))
    case .alignRight: return .string(TemplateStrings.align(string(1), int(0), left: false))
    case .regexReplaceAll:
      return .string(TemplateStrings.regexReplace(string(1), try context.regexes.regex(string(0)), string(2), literal: false))
    case .regexReplaceAllLiteral:
      return .string(TemplateStrings.regexReplace(string(1), try context.regexes.regex(string(0)), string(2), literal: true))
    case .count: return .int(Int64(string(1).matches(of: try context.regexes.regex(string(0))).count))
    case .urlencode: return .string(TemplateStrings.urlEncode(string(0)))
    case .urldecode: return .string(try TemplateStrings.urlDecode(string(0)))
    case .b64enc: return .string(Base64.encode(Array(string(0).utf8)))
    case .b64dec: return .string(Base64.decode(string(0)).map { String(decoding: $0, as: UTF8.self) } ?? "illegal base64 data")

    case .add: return .int(a.reduce(0) { $0 &+ $1.int64 })
    case .mul: return .int(a.reduce(1) { $0 &* $1.int64 })
    case .sub: return .int(int(0) &- int(1))
    case .div:
      guard int(1) != 0 else { throw TemplateError("integer divide by zero") }
      return .int(int(0).dividedReportingOverflow(by: int(1)).partialValue)
    case .mod:
      guard int(1) != 0 else { throw TemplateError("integer divide by zero") }
      return .int(int(0).remainderReportingOverflow(dividingBy: int(1)).partialValue)
    case .max: return .int(a.map(\.int64).max()!)
    case .min: return .int(a.map(\.int64).min()!)
    case .addf: return .float(a.reduce(0) { $0 + $1.float64 })
    case .subf: return .float(a.dropFirst().reduce(a[0].float64) { $0 - $1.float64 })
    case .mulf: return .float(a.dropFirst().reduce(a[0].float64) { $0 * $1.float64 })
    case .divf:
      var result = a[0].float64
      for divisor in a.dropFirst() {
        guard divisor.float64 != 0 else { throw TemplateError("division by zero") }
        result /= divisor.float64
      }
      return .float(result)
    case .maxf: return .float(a.map(\.float64).max()!)
    case .minf: return .float(a.map(\.float64).min()!)
    case .ceil: return .float(a[0].float64.rounded(.up))
    case .floor: return .float(a[0].float64.rounded(.down))
    case .round: return .float(TemplateMath.round(a[0].float64, places: a[1].float64, roundOn: a.count > 2 ? a[2].float64 : 0.5))
    case .int: return .int(a[0].int64)
    case .float64: return .float(a[0].float64)
    case .bytes: return .int(Int64(LabelValueConversion.bytes(string(0)).map { Swift.min($0, 9.2e18) } ?? 0))
    case .duration, .durationSeconds: return .float(LabelValueConversion.duration(string(0)) ?? 0)

    case .unixEpoch: return .string(String(try instant(a[0]).seconds))
    case .unixEpochMillis:
      let time = try instant(a[0])
      return .string(String(time.seconds &* 1000 &+ Int64(time.nanoseconds / 1_000_000)))
    case .unixEpochNanos: return .string(String(try instant(a[0]).unixNanoseconds))
    case .unixToTime: return .time(try TemplateMath.unixToTime(string(0)))
    case .toDate: return .time(GoTime.parse(string(1), layout: string(0)) ?? .zero)
    case .toDateInZone:
      guard ["UTC", "Local", ""].contains(string(1)) else { throw TemplateError("unknown time zone \(string(1))") }
      return .time(GoTime.parse(string(2), layout: string(0)) ?? .zero)
    case .date:
      let time: GoInstant
      switch a[1] {
      case .time(let instant): time = instant
      case .int(let seconds): time = GoInstant(seconds: seconds)
      case .float(let seconds): time = GoInstant(seconds: Int64(Swift.max(Swift.min(seconds, 9e18), -9e18)))
      default: time = TemplateClock.now()
      }
      return .string(GoTime.format(time, layout: string(0)))
    }
  }

  private func instant(_ value: TemplateValue) throws(TemplateError) -> GoInstant {
    guard case .time(let instant) = value else {
      throw TemplateError("wrong type for value; expected time.Time; got \(value.goTypeName)")
    }
    return instant
  }
}

/// Go template comparisons (eq, lt...): numbers by value, strings by bytes, booleans only for
/// (in)equality. Unlike Go, a number and a numeric string compare as numbers (label values are
/// always strings, so `eq .status 200` means what it says).
enum TemplateCompare {
  static func order(_ left: TemplateValue, _ right: TemplateValue) throws(TemplateError) -> Int {
    switch (left, right) {
    case (.string(let a), .string(let b)):
      return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : (a.utf8.elementsEqual(b.utf8) ? 0 : 1)
    case (.bool(let a), .bool(let b)):
      return a == b ? 0 : (a ? 1 : -1)
    case (.time(let a), .time(let b)):
      return a == b ? 0 : ((a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds) ? -1 : 1)
    case (.int(let a), .int(let b)):
      return a == b ? 0 : (a < b ? -1 : 1)
    default:
      guard let a = number(left), let b = number(right) else {
        throw TemplateError("incompatible types for comparison: \(left.goTypeName) and \(right.goTypeName)")
      }
      return a == b ? 0 : (a < b ? -1 : 1)
    }
  }

  private static func number(_ value: TemplateValue) -> Double? {
    switch value {
    case .int(let number): Double(number)
    case .float(let number): number
    case .string(let text): LabelValueConversion.number(text)
    default: nil
    }
  }
}

enum TemplateClock {
  static func now() -> GoInstant {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return GoInstant(seconds: Int64(spec.tv_sec), nanoseconds: Int(spec.tv_nsec))
  }
}

enum TemplateMath {
  /// Sprig's round: `places` decimals, rounding up from `roundOn` (0.5 by default).
  static func round(_ value: Double, places: Double, roundOn: Double) -> Double {
    var power = 1.0
    for _ in 0..<Int(Swift.max(-300, Swift.min(300, abs(places)))) { power *= 10 }
    if places < 0 { power = 1 / power }
    let digit = power * value
    let fraction = digit - digit.rounded(.towardZero)
    let rounded = fraction >= roundOn ? digit.rounded(.up) : digit.rounded(.down)
    return rounded / power
  }

  /// Loki's unixToTime: the digit count says the unit (5 days, 10 seconds, 13 ms, 16 µs, 19 ns).
  static func unixToTime(_ text: String) throws(TemplateError) -> GoInstant {
    guard let value = Int64(text) else { throw TemplateError("unable to parse time '\(text)'") }
    switch text.utf8.count {
    case 5: return GoInstant(seconds: value * 86_400)
    case 10: return GoInstant(seconds: value)
    case 13: return GoInstant(seconds: value / 1000, nanoseconds: Int(value % 1000) * 1_000_000)
    case 16: return GoInstant(seconds: value / 1_000_000, nanoseconds: Int(value % 1_000_000) * 1000)
    case 19: return GoInstant(unixNanoseconds: value)
    default: throw TemplateError("unable to parse time '\(text)' length \(text.utf8.count)")
    }
  }
}
