// Cron expressions for backup, check and drill schedules: five fields (minute, hour, day of month,
// month, day of week) with `*`, lists, ranges, steps and names (jan..dec, sun..sat, 7 = sunday),
// and the shorthands @hourly, @daily (@midnight), @weekly, @monthly, @yearly (@annually). As in
// Vixie cron, when both day fields are restricted a day matches if either does. Times are UTC.
// Our own small parser; no listed package does cron.
package import Foundation

package struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
  package let text: String
  let minutes: Set<Int>
  let hours: Set<Int>
  let daysOfMonth: Set<Int>
  let months: Set<Int>
  let daysOfWeek: Set<Int>
  let dayOfMonthRestricted: Bool
  let dayOfWeekRestricted: Bool

  package var description: String { text }

  package init(_ text: String) throws {
    self.text = text
    let shorthands = [
      "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
      "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]
    let expanded = shorthands[text.trimmingCharacters(in: .whitespaces).lowercased()] ?? text
    let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard fields.count == 5 else {
      throw BackupError(.usage, "cron expression \"\(text)\" has \(fields.count) fields; it needs 5 (minute hour day-of-month month day-of-week) or @daily and the like")
    }
    let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [], text: text)
    hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [], text: text)
    daysOfMonth = try Self.field(fields[2], name: "day of month", range: 1...31, names: [], text: text)
    months = try Self.field(fields[3], name: "month", range: 1...12, names: monthNames, nameBase: 1, text: text)
    var weekdays = try Self.field(fields[4], name: "day of week", range: 0...7, names: dayNames, text: text)
    if weekdays.remove(7) != nil { weekdays.insert(0) }
    daysOfWeek = weekdays
    dayOfMonthRestricted = fields[2] != "*" && !fields[2].hasPrefix("*/")
    dayOfWeekRestricted = fields[4] != "*" && !fields[4].hasPrefix("*/")
  }

  private static func field(
    _ field: String, name: String, range: ClosedRange<Int>, names: [String], nameBase: Int = 0, text: String
  ) throws -> Set<Int> {
    func bad(_ why: String) -> BackupError {
      BackupError(.usage, "cron expression \"\(text)\": \(name) field \"\(field)\" \(why)")
    }
    func value(_ token: Substring) throws -> Int {
      if let number = Int(token) {
        guard range.contains(number) else { throw bad("has \(number), outside \(range.lowerBound)-\(range.upperBound)") }
        return number
      }
      if let index = names.firstIndex(of: token.lowercased()) { return index + nameBase }
      throw bad("has \"\(token)\", which is not a number\(names.isEmpty ? "" : " or a name")")
    }
    var values: Set<Int> = []
    for part in field.split(separator: ",", omittingEmptySubsequences: false) {
      guard !part.isEmpty else { throw bad("has an empty list item") }
      let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
      guard pieces.count <= 2 else { throw bad("has more than one step") }
      var step = 1
      if pieces.count == 2 {
        guard let parsed = Int(pieces[1]), parsed > 0 else { throw bad("has step \"\(pieces[1])\"; it must be a positive number") }
        step = parsed
      }
      let base = pieces[0]
      var low: Int
      var high: Int
      if base == "*" {
        (low, high) = (range.lowerBound, range.upperBound)
      } else if let dash = base.firstIndex(of: "-") {
        low = try value(base[..<dash])
        high = try value(base[base.index(after: dash)...])
        guard low <= high else { throw bad("has a range that runs backwards") }
      } else {
        low = try value(base)
        high = pieces.count == 2 ? range.upperBound : low
      }
      for number in stride(from: low, through: high, by: step) { values.insert(number) }
    }
    return values
  }

  /// The first matching minute strictly after `date`, or nil if none within five years (such as
  /// February 30th).
  package func next(after date: Date) -> Date? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var start = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date.addingTimeInterval(60))
    start.second = 0
    guard var candidate = calendar.date(from: start) else { return nil }
    let limit = date.addingTimeInterval(5 * 366 * 86400)
    while candidate < limit {
      let parts = calendar.dateComponents([.month, .day, .hour, .minute, .weekday], from: candidate)
      guard let month = parts.month, let day = parts.day, let hour = parts.hour, let minute = parts.minute, let weekday = parts.weekday
      else { return nil }
      if !months.contains(month) {
        // Jump to the first minute of the next month.
        guard let next = calendar.date(byAdding: .month, value: 1, to: calendar.date(from: calendar.dateComponents([.year, .month], from: candidate))!)
        else { return nil }
        candidate = next
        continue
      }
      if !dayMatches(day: day, weekday: weekday - 1) {
        candidate = calendar.date(byAdding: .day, value: 1, to: calendar.date(from: calendar.dateComponents([.year, .month, .day], from: candidate))!)!
        continue
      }
      if !hours.contains(hour) {
        candidate = calendar.date(byAdding: .hour, value: 1, to: calendar.date(from: calendar.dateComponents([.year, .month, .day, .hour], from: candidate))!)!
        continue
      }
      if !minutes.contains(minute) {
        candidate = candidate.addingTimeInterval(60)
        continue
      }
      return candidate
    }
    return nil
  }

  private func dayMatches(day: Int, weekday: Int) -> Bool {
    switch (dayOfMonthRestricted, dayOfWeekRestricted) {
    case (true, true): daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
    case (true, false): daysOfMonth.contains(day)
    case (false, true): daysOfWeek.contains(weekday)
    case (false, false): true
    }
  }

  /// The longest gap between two runs over the next year: what a "backup too old" alert allows.
  package func longestInterval(from date: Date) -> TimeInterval? {
    guard var previous = next(after: date) else { return nil }
    var longest: TimeInterval = 0
    for _ in 0..<400 {
      guard let following = next(after: previous) else { break }
      longest = max(longest, following.timeIntervalSince(previous))
      previous = following
      if following.timeIntervalSince(date) > 366 * 86400 { break }
    }
    return longest > 0 ? longest : nil
  }
}
