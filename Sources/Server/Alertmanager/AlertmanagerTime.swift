// Times in the Alertmanager API: written as Go's strfmt.DateTime writes them (RFC 3339 in UTC with
// exactly three fraction digits, `2026-11-21T10:29:53.067Z`), read as any RFC 3339 time. Go's zero
// time (`0001-01-01T00:00:00Z`, what Go clients send for "not set") reads as unset.
import WardenCore

enum AlertmanagerTime {
  /// Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
  static func format(milliseconds: Int64) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(24)
    write(milliseconds: milliseconds) { bytes.append($0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Hands the formatted time to `emit` byte by byte (the JSON writers' path: no String per time).
  static func write(milliseconds: Int64, _ emit: (UInt8) -> Void) {
    // Floor division, so times before 1970 land on the right day and millisecond.
    let (seconds, milli) = floorDivide(milliseconds, 1000)
    let (days, secondOfDay) = floorDivide(seconds, 86_400)
    let (year, month, day) = civil(fromDays: days)
    digits(year, count: 4, emit)
    emit(UInt8(ascii: "-"))
    digits(month, count: 2, emit)
    emit(UInt8(ascii: "-"))
    digits(day, count: 2, emit)
    emit(UInt8(ascii: "T"))
    digits(secondOfDay / 3600, count: 2, emit)
    emit(UInt8(ascii: ":"))
    digits(secondOfDay / 60 % 60, count: 2, emit)
    emit(UInt8(ascii: ":"))
    digits(secondOfDay % 60, count: 2, emit)
    emit(UInt8(ascii: "."))
    digits(milli, count: 3, emit)
    emit(UInt8(ascii: "Z"))
  }

  /// The result of reading a time field.
  enum Parsed: Equatable {
    /// Absent, null, or Go's zero time.
    case unset
    case milliseconds(Int64)
  }

  /// Reads an RFC 3339 time; nil when `text` is not one (or lies outside 1678-2262, the range
  /// 64-bit nanoseconds cover, other than Go's zero time).
  static func parse(_ text: String) -> Parsed? {
    if let milliseconds = RFC3339.milliseconds(text) { return .milliseconds(milliseconds) }
    if isGoZeroTime(text) { return .unset }
    return nil
  }

  /// `0001-01-01T00:00:00` with an optional all-zero fraction and a `Z` or zero offset.
  private static func isGoZeroTime(_ text: String) -> Bool {
    guard text.hasPrefix("0001-01-01T00:00:00") else { return false }
    var rest = text.dropFirst("0001-01-01T00:00:00".count)
    if rest.first == "." {
      rest = rest.dropFirst()
      let zeros = rest.prefix { $0 == "0" }
      guard !zeros.isEmpty else { return false }
      rest = rest.dropFirst(zeros.count)
    }
    return rest == "Z" || rest == "+00:00" || rest == "-00:00"
  }

  private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
    let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    return (quotient, value - quotient * divisor)
  }

  /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's method).
  private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// `value` in exactly `count` decimal digits, most significant first.
  private static func digits(_ value: Int64, count: Int, _ emit: (UInt8) -> Void) {
    // Years outside 0...9999 cannot come from a parsed time; clamp rather than write garbage.
    let value = min(max(0, value), 9999)
    var divisor: Int64 = 1
    for _ in 1..<count { divisor *= 10 }
    while divisor > 0 {
      emit(UInt8(ascii: "0") + UInt8(value / divisor % 10))
      divisor /= 10
    }
  }
}
