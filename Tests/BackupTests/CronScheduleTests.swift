// Cron schedules: the next run for the usual forms, Vixie cron's either-day rule, names and
// shorthands, impossible dates, and errors that name the field.
import Backup
import Foundation
import Testing

@Suite struct CronScheduleTests {
  static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
  static func next(_ expression: String, after: String) throws -> String? {
    try CronSchedule(expression).next(after: date(after)).map { ISO8601DateFormatter().string(from: $0) }
  }

  @Test(arguments: [
    ("0 3 * * *", "2026-11-21T14:00:00Z", "2026-11-22T03:00:00Z"),
    ("0 3 * * *", "2026-11-21T02:59:30Z", "2026-11-21T03:00:00Z"),
    ("*/15 * * * *", "2026-11-21T14:07:00Z", "2026-11-21T14:15:00Z"),
    ("30 2 * * sun", "2026-11-21T14:00:00Z", "2026-11-22T02:30:00Z"),
    ("0 0 1 * *", "2026-11-21T14:00:00Z", "2026-12-01T00:00:00Z"),
    ("0 0 29 2 *", "2026-11-21T14:00:00Z", "2028-02-29T00:00:00Z"),
    ("0 12 * jan,jul mon-fri", "2026-11-21T14:00:00Z", "2027-01-01T12:00:00Z"),
    ("0 0 13 * 5", "2026-11-21T14:00:00Z", "2026-11-27T00:00:00Z"),
    ("@daily", "2026-11-21T14:00:00Z", "2026-11-22T00:00:00Z"),
    ("@hourly", "2026-11-21T14:00:00Z", "2026-11-21T15:00:00Z"),
    ("0 0 * * 7", "2026-11-21T14:00:00Z", "2026-11-22T00:00:00Z"),
    ("5-10/5 8 * * *", "2026-11-21T08:06:00Z", "2026-11-21T08:10:00Z"),
  ])
  func nextRun(expression: String, after: String, expected: String) throws {
    #expect(try Self.next(expression, after: after) == expected)
  }

  @Test func impossibleDatesNeverRun() throws {
    #expect(try Self.next("0 0 30 2 *", after: "2026-11-21T14:00:00Z") == nil)
  }

  @Test(arguments: [
    ("0 3 * *", "4 fields"), ("61 * * * *", "minute field"), ("* 24 * * *", "hour field"), ("* * 0 * *", "day of month"),
    ("* * * 13 *", "month field"), ("* * * * funday", "day of week"), ("*/0 * * * *", "step"), ("5-1 * * * *", "backwards"),
    ("1,,2 * * * *", "empty list item"),
  ])
  func errorsNameTheField(expression: String, fragment: String) {
    let error = #expect(throws: BackupError.self) { try CronSchedule(expression) }
    #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
  }

  @Test func longestIntervalSizesTheStalenessAlert() throws {
    #expect(try CronSchedule("0 3 * * *").longestInterval(from: Self.date("2026-11-21T00:00:00Z")) == 86400)
    #expect(try CronSchedule("0 3 * * 1,4").longestInterval(from: Self.date("2026-11-21T00:00:00Z")) == 4 * 86400)
  }
}
