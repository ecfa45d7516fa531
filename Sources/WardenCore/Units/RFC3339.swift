// RFC 3339 timestamps (`2026-11-21T05:30:00Z`, `...:00.123456789+02:00`) to Unix nanoseconds or
// milliseconds, read digit by digit as Go's time.Parse(RFC3339Nano) does, so fractions are kept
// exactly rather than through a Double. Used by the Prometheus and Loki time parameters, syslog
// and NDJSON log timestamps.

package enum RFC3339 {
  /// Unix milliseconds (fractions below a millisecond truncated), or nil when `text` is not RFC 3339.
  package static func milliseconds(_ text: String) -> Int64? {
    guard let nanos = nanoseconds(text.utf8) else { return nil }
    // Floor division, so a pre-1970 time with a fraction truncates towards the past as Go does.
    return nanos >= 0 ? nanos / 1_000_000 : -((-nanos + 999_999) / 1_000_000)
  }

  /// Unix nanoseconds, or nil when `text` is not RFC 3339 (or overflows 64-bit nanoseconds).
  package static func nanoseconds(_ text: some Collection<UInt8>) -> Int64? {
    let bytes = Array(text)
    var index = 0
    func number(_ count: Int) -> Int64? {
      guard index + count <= bytes.count else { return nil }
      var value: Int64 = 0
      for byte in bytes[index..<index + count] {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int64(byte - UInt8(ascii: "0"))
      }
      index += count
      return value
    }
    func expect(_ character: Character) -> Bool {
      guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
      index += 1
      return true
    }
    guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2), expect("T"),
      let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2)
    else { return nil }
    guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month), hour < 24, minute < 60, second < 60
    else { return nil }
    var fractionNs: Int64 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      var digits = 0
      while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
        fractionNs = fractionNs * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
        digits += 1
        index += 1
      }
      guard digits > 0, digits <= 9 else { return nil }
      for _ in digits..<9 { fractionNs *= 10 }
    }
    var offsetSeconds: Int64 = 0
    if expect("Z") {
    } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
      let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
      index += 1
      guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60
      else { return nil }
      offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
    } else {
      return nil
    }
    guard index == bytes.count else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    guard !overflow else { return nil }
    let (nanos, overflowSum) = scaled.addingReportingOverflow(fractionNs)
    return overflowSum ? nil : nanos
  }

  private static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil-days method).
  private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// `2026-11-21T05:30:00.123Z`: UTC with milliseconds, as the Prometheus and Alertmanager APIs
  /// print times (Go's RFC3339Nano trims zero fractions; `trimsZeroFraction` does the same).
  package static func format(milliseconds ms: Int64, trimsZeroFraction: Bool = false) -> String {
    let seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000)
    let millis = ms - seconds * 1000
    let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
    let secondOfDay = seconds - days * 86_400
    let (year, month, day) = civil(fromDays: days)
    func pad(_ value: Int64, _ width: Int) -> String {
      let digits = String(value)
      return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
    var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
    if millis != 0 || !trimsZeroFraction {
      var fraction = pad(millis, 3)
      if trimsZeroFraction { while fraction.hasSuffix("0") { fraction.removeLast() } }
      text += "." + fraction
    }
    return text + "Z"
  }

  /// The proleptic Gregorian date of a day count since 1970-01-01 (inverse of `daysFromCivil`).
  private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
