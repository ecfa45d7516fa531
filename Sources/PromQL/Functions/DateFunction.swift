// The calendar functions (year(), hour(), …) of a Unix time in seconds, in UTC, from civil-date
// arithmetic on the proleptic Gregorian calendar rather than a Foundation calendar: no allocation
// and no time-zone database.

package enum DateFunction: String, Sendable, CaseIterable {
  case dayOfMonth = "day_of_month"
  case dayOfWeek = "day_of_week"
  case dayOfYear = "day_of_year"
  case daysInMonth = "days_in_month"
  case hour, minute, month, year

  /// Prometheus truncates the value to whole seconds first (-0.5 is 1970-01-01). NaN, ±Inf and
  /// values beyond Int64 seconds give NaN (Prometheus returns a meaningless date for those).
  package func apply(unixSeconds: Double) -> Double {
    guard let seconds = Int64(exactly: unixSeconds.rounded(.towardZero)),
      let date = CivilDate(unixSeconds: seconds)
    else { return .nan }
    switch self {
    case .dayOfMonth: return Double(date.day)
    case .dayOfWeek: return Double(date.weekday)
    case .dayOfYear: return Double(date.dayOfYear)
    case .daysInMonth: return Double(CivilDate.daysIn(month: date.month, year: date.year))
    case .hour: return Double(date.secondOfDay / 3600)
    case .minute: return Double(date.secondOfDay % 3600 / 60)
    case .month: return Double(date.month)
    case .year: return Double(date.year)
    }
  }
}

/// A UTC date and time of day from Unix seconds.
struct CivilDate: Equatable {
  var year: Int64
  /// 1…12
  var month: Int64
  /// 1…31
  var day: Int64
  /// 1…366
  var dayOfYear: Int64
  /// 0 = Sunday … 6 = Saturday
  var weekday: Int64
  var secondOfDay: Int64

  /// nil when the day count would overflow (|seconds| beyond ~2.9e17 years' worth is not reached by
  /// Int64 seconds, so this only guards the arithmetic).
  init?(unixSeconds: Int64) {
    let (daysSinceEpoch, secondOfDay) = Self.floorDivide(unixSeconds, 86_400)
    self.secondOfDay = secondOfDay
    // 1970-01-01 was a Thursday.
    weekday = Self.floorDivide(daysSinceEpoch &+ 4, 7).remainder

    // Count from 0000-03-01 so the leap day ends each year, in 400-year eras of 146 097 days.
    let shifted = daysSinceEpoch.addingReportingOverflow(719_468)
    if shifted.overflow { return nil }
    let (era, dayOfEra) = Self.floorDivide(shifted.partialValue, 146_097)
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfMarchYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let marchMonth = (5 * dayOfMarchYear + 2) / 153
    day = dayOfMarchYear - (153 * marchMonth + 2) / 5 + 1
    month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

    var ordinal = day
    var earlierMonth: Int64 = 1
    while earlierMonth < month {
      ordinal += Self.daysIn(month: earlierMonth, year: year)
      earlierMonth += 1
    }
    dayOfYear = ordinal
  }

  static func isLeap(_ year: Int64) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Division rounding towards -∞, with a remainder in 0..<divisor.
  static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    var quotient = value / divisor
    var remainder = value % divisor
    if remainder < 0 {
      quotient -= 1
      remainder += divisor
    }
    return (quotient, remainder)
  }
}
