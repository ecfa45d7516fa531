// Timestamps as log senders write them, turned into nanoseconds since the epoch: RFC 3339 (through
// WardenCore's RFC3339), decimal integers of nanoseconds, decimal seconds with a fraction, and the
// calendar fields of RFC 3164's year-less times. Calendar arithmetic is done on integers
// (proleptic Gregorian, UTC): no Foundation formatter.
import WardenCore

/// Timestamp parsing shared by the log decoders. Stateless and thread-safe.
package enum LogTimestamps {
  /// An RFC 3339 time (`2024-05-01T10:00:00.123456789+02:00`) as nanoseconds since the epoch,
  /// or nil; WardenCore's parser, shared with the Loki and Prometheus time parameters.
  package static func rfc3339(_ text: UnsafeRawBufferPointer) -> Int64? {
    RFC3339.nanoseconds(text)
  }

  package static func rfc3339(_ text: String) -> Int64? {
    RFC3339.nanoseconds(text.utf8)
  }

  /// Nanoseconds since the epoch of a UTC (or offset) wall-clock time; nil when a field is out of
  /// range (month 13, February 30, hour 24...) or the result does not fit Int64.
  /// A leap second (`:60`) is accepted and lands on the next minute's first second.
  package static func nanoseconds(
    year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Int64 = 0, offsetSeconds: Int = 0
  ) -> Int64? {
    guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
      hour < 24, minute < 60, second <= 60, fraction >= 0, fraction < 1_000_000_000
    else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    let (scaled, overflow) = Int64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
    guard !overflow else { return nil }
    let (total, overflow2) = scaled.addingReportingOverflow(fraction)
    return overflow2 ? nil : total
  }

  /// A decimal integer (optional leading `-`), or nil when it is not one or overflows Int64.
  package static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
    guard !text.isEmpty else { return nil }
    var index = 0
    let negative = text[0] == UInt8(ascii: "-")
    if negative { index = 1 }
    guard index < text.count else { return nil }
    var value: Int64 = 0
    while index < text.count {
      let digit = text[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
      let (next, overflow2) = times10.addingReportingOverflow(negative ? -Int64(digit) : Int64(digit))
      guard !overflow, !overflow2 else { return nil }
      value = next
      index += 1
    }
    return value
  }

  /// Decimal seconds with an optional fraction (`1700000000.123456`), as nanoseconds; nil when
  /// it is not such a number or does not fit. Exact to the nanosecond (no Double rounding).
  package static func decimalSeconds(_ text: UnsafeRawBufferPointer) -> Int64? {
    guard let dot = text.firstIndex(of: UInt8(ascii: ".")) else {
      return integer(text).flatMap { seconds in
        let (value, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? nil : value
      }
    }
    guard let seconds = integer(UnsafeRawBufferPointer(rebasing: text[..<dot])) else { return nil }
    var cursor = DigitCursor(UnsafeRawBufferPointer(rebasing: text[(dot + 1)...]))
    guard let fraction = cursor.fractionNanoseconds(), cursor.isAtEnd else { return nil }
    let negative = text.first == UInt8(ascii: "-")
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    let (total, overflow2) = scaled.addingReportingOverflow(negative ? -fraction : fraction)
    return overflow || overflow2 ? nil : total
  }

  /// The UTC calendar year of a time in nanoseconds since the epoch.
  package static func year(ofNanoseconds ns: Int64) -> Int {
    var seconds = ns / 1_000_000_000
    if ns % 1_000_000_000 < 0 { seconds -= 1 }
    var days = seconds / 86_400
    if seconds % 86_400 < 0 { days -= 1 }
    return civilYear(fromDays: Int(days))
  }

  static func isLeapYear(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date. Years are counted from March so the
  /// leap day falls at the end of a year, and 400-year eras repeat exactly.
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let marchYear = month <= 2 ? year - 1 : year
    let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
    let yearOfEra = marchYear - era * 400
    let monthFromMarch = (month + 9) % 12
    let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The calendar year of a day count from 1970-01-01 (the inverse of `daysFromCivil`'s year).
  static func civilYear(fromDays days: Int) -> Int {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthFromMarch = (5 * dayOfYear + 2) / 153
    let marchYear = yearOfEra + era * 400
    return monthFromMarch >= 10 ? marchYear + 1 : marchYear
  }
}

/// Reads fixed-width digit groups and separators from a timestamp.
struct DigitCursor {
  let text: UnsafeRawBufferPointer
  var index = 0

  init(_ text: UnsafeRawBufferPointer) {
    self.text = text
  }

  var isAtEnd: Bool { index == text.count }

  /// Exactly `count` decimal digits as a number.
  mutating func digits(_ count: Int) -> Int? {
    guard index + count <= text.count else { return nil }
    var value = 0
    for position in index..<index + count {
      let digit = text[position] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      value = value * 10 + Int(digit)
    }
    index += count
    return value
  }

  mutating func skip(_ byte: UInt8) -> Bool {
    guard index < text.count, text[index] == byte else { return false }
    index += 1
    return true
  }

  /// One or more fraction digits as nanoseconds (digits past the ninth are read and dropped).
  mutating func fractionNanoseconds() -> Int64? {
    var value: Int64 = 0
    var digits = 0
    while index < text.count {
      let digit = text[index] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      if digits < 9 { value = value * 10 + Int64(digit) }
      digits += 1
      index += 1
    }
    guard digits > 0 else { return nil }
    for _ in digits..<max(digits, 9) { value *= 10 }
    return value
  }
}
