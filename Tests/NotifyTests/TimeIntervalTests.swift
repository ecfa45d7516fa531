// Time intervals as Alertmanager documents them: times of day end-exclusive, weekday and month
// ranges, negative and clamped days of month, years, time zones; and routes muted inside their
// mute intervals or outside their active ones.
import Foundation
import Notify
import Testing
import WardenCore

@Suite struct TimeIntervalTests {
  /// Unix ms of a UTC date and time.
  private func ms(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0, zone: String = "UTC") -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    return Int64(date.timeIntervalSince1970 * 1000)
  }

  private func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

  private func intervals(_ yaml: String) throws -> [TimeIntervalConfiguration] {
    let text = "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n" + yaml
    return try loadConfiguration(text).timeIntervals
  }

  @Test func timesOfDayIncludeTheStartAndExcludeTheEnd() throws {
    let interval = try #require(try intervals("  - name: evening\n    time_intervals:\n      - times:\n          - start_time: '17:00'\n            end_time: '24:00'\n").first)
    #expect(!interval.contains(date(ms(2024, 3, 5, 16, 59))))
    #expect(interval.contains(date(ms(2024, 3, 5, 17, 0))))
    #expect(interval.contains(date(ms(2024, 3, 5, 23, 59))))
    #expect(!interval.contains(date(ms(2024, 3, 6, 0, 0))))
  }

  @Test func weekdaysMonthsAndYears() throws {
    let interval = try #require(
      try intervals(
        "  - name: w\n    time_intervals:\n      - weekdays: ['monday:wednesday', 'Saturday']\n        months: ['1:3', 'may:august', 'December']\n        years: ['2020:2022', '2030']\n"
      ).first)
    // 2021-03-01 is a Monday; 2021-03-04 a Thursday; 2021-03-06 a Saturday.
    #expect(interval.contains(date(ms(2021, 3, 1))))
    #expect(!interval.contains(date(ms(2021, 3, 4))))
    #expect(interval.contains(date(ms(2021, 3, 6))))
    // April is not listed; 2023 is not listed.
    #expect(!interval.contains(date(ms(2021, 4, 5))))
    #expect(!interval.contains(date(ms(2023, 3, 6))))
    #expect(interval.contains(date(ms(2030, 12, 2))))
  }

  @Test func negativeDaysCountFromTheMonthsEndAndRangesAreClamped() throws {
    let lastThree = try #require(try intervals("  - name: l\n    time_intervals:\n      - days_of_month: ['-3:-1']\n").first)
    #expect(lastThree.contains(date(ms(2024, 2, 27))))  // leap year: 27, 28, 29
    #expect(lastThree.contains(date(ms(2024, 2, 29))))
    #expect(!lastThree.contains(date(ms(2024, 2, 26))))
    #expect(lastThree.contains(date(ms(2023, 2, 26))))  // 26, 27, 28
    #expect(lastThree.contains(date(ms(2024, 1, 31))))
    #expect(!lastThree.contains(date(ms(2024, 1, 28))))
    let wholeMonth = try #require(try intervals("  - name: m\n    time_intervals:\n      - days_of_month: ['1:31']\n").first)
    #expect(wholeMonth.contains(date(ms(2023, 2, 28))))
    let lateDays = try #require(try intervals("  - name: d\n    time_intervals:\n      - days_of_month: ['30:31']\n").first)
    #expect(!lateDays.contains(date(ms(2023, 2, 28))), "a range starting after the month ends matches nothing")
    #expect(lateDays.contains(date(ms(2023, 3, 31))))
  }

  @Test func locationsShiftTheWallClock() throws {
    let berlinMornings = try #require(
      try intervals(
        "  - name: b\n    time_intervals:\n      - times:\n          - start_time: '09:00'\n            end_time: '10:00'\n        location: Europe/Berlin\n"
      ).first)
    #expect(berlinMornings.contains(date(ms(2024, 1, 15, 9, 30, zone: "Europe/Berlin"))))
    #expect(berlinMornings.contains(date(ms(2024, 1, 15, 8, 30))))  // 09:30 in Berlin (UTC+1)
    #expect(!berlinMornings.contains(date(ms(2024, 1, 15, 9, 30))))
    #expect(berlinMornings.contains(date(ms(2024, 7, 15, 7, 30))))  // summer time, UTC+2
  }

  @Test func anyOfSeveralSpecsMatches() throws {
    let weekend = try #require(
      try intervals("  - name: x\n    time_intervals:\n      - weekdays: [saturday]\n      - weekdays: [sunday]\n").first)
    #expect(weekend.contains(date(ms(2024, 3, 9))))
    #expect(weekend.contains(date(ms(2024, 3, 10))))
    #expect(!weekend.contains(date(ms(2024, 3, 11))))
  }

  @Test func routesAreMutedInsideMuteIntervalsAndOutsideActiveOnes() throws {
    let configuration = try loadConfiguration(
      """
      route:
        receiver: a
        routes:
          - receiver: a
            matchers: [kind=muted]
            mute_time_intervals: [business]
          - receiver: a
            matchers: [kind=active]
            active_time_intervals: [business]
      receivers:
        - name: a
      time_intervals:
        - name: business
          time_intervals:
            - weekdays: ['monday:friday']
              times:
                - start_time: '09:00'
                  end_time: '17:00'
      """)
    let tree = RouteTree(configuration.route)
    let intervals = TimeIntervals(configuration.allTimeIntervals)
    let muted = tree.nodes[1]
    let active = tree.nodes[2]
    let mondayNoon = ms(2024, 3, 11, 12)
    let mondayNight = ms(2024, 3, 11, 22)
    #expect(intervals.mutingNames(for: muted, atMs: mondayNoon) == ["business"])
    #expect(intervals.mutingNames(for: muted, atMs: mondayNight).isEmpty)
    #expect(intervals.mutingNames(for: active, atMs: mondayNoon).isEmpty)
    #expect(intervals.mutingNames(for: active, atMs: mondayNight) == ["business"])
    #expect(intervals.mutingNames(for: tree.root, atMs: mondayNoon).isEmpty)
  }
}
