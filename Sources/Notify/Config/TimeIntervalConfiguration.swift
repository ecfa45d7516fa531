// Alertmanager's `time_intervals:` (and the deprecated `mute_time_intervals:`): named sets of
// recurring periods (times of day, weekdays, days of month, months, years, in a time zone) that
// routes use to mute or activate notifications.
package import Foundation

/// A named time interval: the instant is in it when any of its specs contains it.
package struct TimeIntervalConfiguration: Decodable, Sendable, Equatable {
  package var name: String
  package var timeIntervals: [TimeIntervalSpec]

  package init(name: String, timeIntervals: [TimeIntervalSpec]) {
    self.name = name
    self.timeIntervals = timeIntervals
  }

  enum CodingKeys: String, CodingKey {
    case name
    case timeIntervals = "time_intervals"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    timeIntervals = try container.decodeIfPresent([TimeIntervalSpec].self, forKey: .timeIntervals) ?? []
  }

  /// Whether `date` falls in any of the specs.
  package func contains(_ date: Date) -> Bool {
    timeIntervals.contains { $0.contains(date) }
  }
}

/// One spec: every non-empty field must contain the instant (any of the field's ranges).
package struct TimeIntervalSpec: Decodable, Sendable, Equatable {
  /// Minutes of the day, start inclusive, end exclusive (`24:00` is 1440).
  package var times: [Range<Int>] = []
  /// 0 = Sunday ... 6 = Saturday, inclusive ranges.
  package var weekdays: [ClosedRange<Int>] = []
  /// Days of the month; negative counts from the month's end (-1 is the last day).
  package var daysOfMonth: [ClosedRange<Int>] = []
  /// 1 = January ... 12 = December.
  package var months: [ClosedRange<Int>] = []
  package var years: [ClosedRange<Int>] = []
  package var location = TimeZone(identifier: "UTC")!

  package init() {}

  enum CodingKeys: String, CodingKey {
    case times, weekdays, months, years, location
    case daysOfMonth = "days_of_month"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    times = try (container.decodeIfPresent([TimeOfDayRange].self, forKey: .times) ?? []).map(\.minutes)
    weekdays = try (container.decodeIfPresent([NamedRange<WeekdayNames>].self, forKey: .weekdays) ?? []).map(\.range)
    daysOfMonth = try (container.decodeIfPresent([DayOfMonthRange].self, forKey: .daysOfMonth) ?? []).map(\.range)
    months = try (container.decodeIfPresent([NamedRange<MonthNames>].self, forKey: .months) ?? []).map(\.range)
    years = try (container.decodeIfPresent([YearRange].self, forKey: .years) ?? []).map(\.range)
    location = try container.decodeIfPresent(IntervalLocation.self, forKey: .location)?.zone ?? TimeZone(identifier: "UTC")!
  }

  /// Whether `date`, seen in `location`, is in this spec.
  package func contains(_ date: Date) -> Bool {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = location
    let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
    guard let year = parts.year, let month = parts.month, let day = parts.day, let weekday = parts.weekday,
      let hour = parts.hour, let minute = parts.minute
    else { return false }
    if !times.isEmpty && !times.contains(where: { $0.contains(hour * 60 + minute) }) { return false }
    // Calendar counts weekdays from 1 = Sunday.
    if !weekdays.isEmpty && !weekdays.contains(where: { $0.contains(weekday - 1) }) { return false }
    if !daysOfMonth.isEmpty {
      let daysInMonth = calendar.range(of: .day, in: .month, for: date)?.count ?? 31
      if !daysOfMonth.contains(where: { Self.dayRange($0, daysInMonth: daysInMonth)?.contains(day) ?? false }) { return false }
    }
    if !months.isEmpty && !months.contains(where: { $0.contains(month) }) { return false }
    if !years.isEmpty && !years.contains(where: { $0.contains(year) }) { return false }
    return true
  }

  /// A configured day range resolved in a month of `daysInMonth` days: negative days count
  /// from the end, and a range reaching past the month is clamped to it. Nil when it starts
  /// after the month ends (`30:31` in February).
  static func dayRange(_ range: ClosedRange<Int>, daysInMonth: Int) -> ClosedRange<Int>? {
    let begin = range.lowerBound < 0 ? daysInMonth + range.lowerBound + 1 : range.lowerBound
    let end = range.upperBound < 0 ? daysInMonth + range.upperBound + 1 : range.upperBound
    guard begin <= daysInMonth else { return nil }
    let clampedBegin = max(1, begin)
    let clampedEnd = min(daysInMonth, end)
    guard clampedBegin <= clampedEnd else { return nil }
    return clampedBegin...clampedEnd
  }
}
