// The methods Go's time.Time and time.Duration offer templates (`.StartsAt.Format "15:04"`,
// `.Sub`, `.Unix`, `.Seconds`...), so Alertmanager and Prometheus templates that call them run
// unchanged. Times are UTC; `.time(Int64.min)` stands for Go's zero time (IsZero, year 1).

extension TemplateData {
  /// Go's zero time.Time (0001-01-01 00:00:00 UTC), which Unix nanoseconds cannot hold.
  package static let zeroTime = TemplateData.time(Int64.min)

  /// The instant of a `.time` value (Int64.min meaning Go's zero time).
  package static func instant(ofTime nanoseconds: Int64) -> GoInstant {
    nanoseconds == Int64.min ? .zero : GoInstant(unixNanoseconds: nanoseconds)
  }

  /// The built-in method `name` of a time or duration value, nil when there is none.
  func valueMethod(_ name: String) -> TemplateMethod? {
    switch self {
    case .time(let nanoseconds): Self.timeMethod(name, nanoseconds)
    case .duration(let nanoseconds): Self.durationMethod(name, nanoseconds)
    default: nil
    }
  }

  private static func durationArgument(_ value: TemplateData) throws(TemplateError) -> Int64 {
    switch value {
    case .duration(let nanoseconds), .int(let nanoseconds): return nanoseconds
    default: throw TemplateError(message: "wrong type for value; expected time.Duration; got \(value.goTypeName)")
    }
  }

  private static func timeArgument(_ value: TemplateData) throws(TemplateError) -> Int64 {
    guard case .time(let nanoseconds) = value else {
      throw TemplateError(message: "wrong type for value; expected time.Time; got \(value.goTypeName)")
    }
    return nanoseconds
  }

  private static func method(_ body: @escaping @Sendable () -> TemplateData) -> TemplateMethod {
    TemplateMethod(arity: 0...0) { _ in body() }
  }

  private static func timeMethod(_ name: String, _ nanoseconds: Int64) -> TemplateMethod? {
    let instant = instant(ofTime: nanoseconds)
    let civil = GoTime.civil(instant)
    switch name {
    case "Format":
      return TemplateMethod(arity: 1...1) { arguments in
        guard let layout = arguments[0].stringValue else {
          throw TemplateError(message: "wrong type for value; expected string; got \(arguments[0].goTypeName)")
        }
        return .string(GoTime.format(instant, layout: layout))
      }
    case "String": return method { .string(GoTime.defaultFormat(instant)) }
    case "UTC", "Local": return method { .time(nanoseconds) }
    case "IsZero": return method { .bool(nanoseconds == Int64.min) }
    case "Unix": return method { .int(instant.seconds) }
    case "UnixMilli": return method { .int(floorDivide(instant.unixNanoseconds, 1_000_000)) }
    case "UnixMicro": return method { .int(floorDivide(instant.unixNanoseconds, 1_000)) }
    case "UnixNano": return method { .int(instant.unixNanoseconds) }
    case "Year": return method { .int(Int64(civil.year)) }
    case "Month": return method { .string(GoTime.monthNames[civil.month - 1]) }
    case "Day": return method { .int(Int64(civil.day)) }
    case "Hour": return method { .int(Int64(civil.hour)) }
    case "Minute": return method { .int(Int64(civil.minute)) }
    case "Second": return method { .int(Int64(civil.second)) }
    case "Nanosecond": return method { .int(Int64(civil.nanosecond)) }
    case "YearDay": return method { .int(Int64(civil.yearDay)) }
    case "Weekday": return method { .string(GoTime.dayNames[civil.weekday]) }
    case "Add":
      return TemplateMethod(arity: 1...1) { arguments in
        .time(nanoseconds &+ (try durationArgument(arguments[0])))
      }
    case "Sub":
      return TemplateMethod(arity: 1...1) { arguments in
        let other = try timeArgument(arguments[0])
        let (difference, overflow) = instant.unixNanoseconds.subtractingReportingOverflow(TemplateData.instant(ofTime: other).unixNanoseconds)
        return .duration(overflow ? (other == Int64.min ? Int64.max : Int64.min) : difference)
      }
    case "Before", "After", "Equal":
      return TemplateMethod(arity: 1...1) { arguments in
        let other = TemplateData.instant(ofTime: try timeArgument(arguments[0]))
        switch name {
        case "Before": return .bool(instant < other)
        case "After": return .bool(other < instant)
        default: return .bool(instant == other)
        }
      }
    case "Truncate", "Round":
      return TemplateMethod(arity: 1...1) { arguments in
        let step = try durationArgument(arguments[0])
        guard step > 0, nanoseconds != Int64.min else { return .time(nanoseconds) }
        return .time(roundedMultiple(nanoseconds, step, rounding: name == "Round"))
      }
    default:
      return nil
    }
  }

  private static func durationMethod(_ name: String, _ nanoseconds: Int64) -> TemplateMethod? {
    switch name {
    case "String": return method { .string(GoDuration.string(nanoseconds)) }
    case "Hours": return method { .float(Double(nanoseconds) / 3_600_000_000_000) }
    case "Minutes": return method { .float(Double(nanoseconds) / 60_000_000_000) }
    case "Seconds": return method { .float(Double(nanoseconds) / 1_000_000_000) }
    case "Milliseconds": return method { .int(nanoseconds / 1_000_000) }
    case "Microseconds": return method { .int(nanoseconds / 1_000) }
    case "Nanoseconds": return method { .int(nanoseconds) }
    case "Abs": return method { .duration(nanoseconds == Int64.min ? Int64.max : Swift.abs(nanoseconds)) }
    case "Truncate", "Round":
      return TemplateMethod(arity: 1...1) { arguments in
        let step = try durationArgument(arguments[0])
        guard step > 0 else { return .duration(nanoseconds) }
        if name == "Truncate" { return .duration(nanoseconds - nanoseconds % step) }
        return .duration(roundedMultiple(nanoseconds, step, rounding: true))
      }
    default:
      return nil
    }
  }

  private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return value % divisor < 0 ? quotient - 1 : quotient
  }

  /// A multiple of `step` at or below `value` (or the nearest one, halves away from zero).
  private static func roundedMultiple(_ value: Int64, _ step: Int64, rounding: Bool) -> Int64 {
    var remainder = value % step
    if remainder < 0 { remainder += step }
    let down = value &- remainder
    guard rounding else { return down }
    return remainder &+ remainder < step ? down : down &+ step
  }
}
