// Instants printed the way Go prints a UTC time.Time's String() form
// (`2015-06-23 13:19:44.128 +0000 UTC`, what humanizeTimestamp returns). RFC 3339 text for the
// JSON API is WardenCore's `RFC3339.format`.

package enum GoTimeText {
  /// Go's `time.Time.String()` of a UTC instant.
  package static func utcString(nanoseconds: Int64) -> String {
    let (date, time, fraction) = parts(nanoseconds)
    return "\(date) \(time)\(fraction) +0000 UTC"
  }

  private static func parts(_ nanoseconds: Int64) -> (date: String, time: String, fraction: String) {
    var seconds = nanoseconds / 1_000_000_000
    var subsecond = nanoseconds % 1_000_000_000
    if subsecond < 0 {
      subsecond += 1_000_000_000
      seconds -= 1
    }
    var days = seconds / 86400
    var secondOfDay = seconds % 86400
    if secondOfDay < 0 {
      secondOfDay += 86400
      days -= 1
    }
    let (year, month, day) = civil(fromDays: days)
    let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    let time = "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
    var fraction = ""
    if subsecond != 0 {
      var digits = pad(subsecond, 9)
      while digits.hasSuffix("0") { digits.removeLast() }
      fraction = "." + digits
    }
    return (date, time, fraction)
  }

  /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
  private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(abs(value))
    let padded = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    return value < 0 ? "-" + padded : padded
  }
}
