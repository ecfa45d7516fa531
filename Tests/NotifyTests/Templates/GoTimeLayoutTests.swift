// Go's time layouts as the `date` function and webhook payloads write them.
import Foundation
import Testing
import WardenTesting

@testable import Notify

@Suite struct GoTimeLayoutTests {
  /// 2006-01-02 15:04:05.123456789 UTC (a Monday), Go's reference time at UTC.
  static let reference = ZonedInstant(unixNanos: 1_136_214_245_123_456_789)

  @Test(arguments: [
    ("2006-01-02 15:04:05", "2006-01-02 15:04:05"),
    ("Mon Jan _2 15:04:05 MST 2006", "Mon Jan  2 15:04:05 UTC 2006"),
    ("Monday, January 2, 2006 3:04PM", "Monday, January 2, 2006 3:04PM"),
    ("02/01/06 03:04:05pm", "02/01/06 03:04:05pm"),
    ("2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z"),
    ("2006-01-02T15:04:05-0700", "2006-01-02T15:04:05+0000"),
    ("15:04:05.000", "15:04:05.123"),
    ("15:04:05.999999999", "15:04:05.123456789"),
    ("15:04:05,000000", "15:04:05,123456"),
    ("day 002 of __2", "day 002 of   2"),
    ("_2006", "_2006"),
  ])
  func formatsGoLayouts(_ layout: String, _ expected: String) {
    #expect(GoTimeLayout.format(Self.reference, layout: layout) == expected)
  }

  @Test func rfc3339DropsZeroFractions() {
    #expect(GoTimeLayout.rfc3339(unixMs: 1_700_000_000_000) == "2023-11-14T22:13:20Z")
    #expect(GoTimeLayout.rfc3339(unixMs: 1_700_000_000_120) == "2023-11-14T22:13:20.12Z")
    #expect(GoTimeLayout.rfc3339(unixMs: -1) == "1969-12-31T23:59:59.999Z")
  }

  @Test func zonesShiftTheClockAndNameTheZone() throws {
    let summer = try #require(ZonedInstant.inZone("Europe/Paris", unixNanos: 1_688_212_800_000_000_000))  // 2023-07-01 12:00 UTC
    #expect(GoTimeLayout.format(summer, layout: "15:04 -07:00") == "14:00 +02:00")
    #expect(GoTimeLayout.format(summer, layout: "Z07:00") == "+02:00")
    let india = try #require(ZonedInstant.inZone("Asia/Kolkata", unixNanos: 0))
    #expect(GoTimeLayout.format(india, layout: "2006-01-02 15:04 -0700") == "1970-01-01 05:30 +0530")
    #expect(ZonedInstant.inZone("Mars/Olympus_Mons", unixNanos: 0) == nil)
  }

  @Test func zoneNamesComeFromTheSystemZoneFiles() throws {
    let summer: Int64 = 1_688_212_800_000_000_000  // 2023-07-01 12:00 UTC
    let winter: Int64 = 1_700_000_000_000_000_000  // 2023-11-14 22:13:20 UTC
    func name(_ zone: String, _ nanos: Int64) throws -> String {
      GoTimeLayout.format(try #require(ZonedInstant.inZone(zone, unixNanos: nanos)), layout: "MST")
    }
    #expect(try name("Europe/Paris", summer) == "CEST")
    #expect(try name("Europe/Paris", winter) == "CET")
    #expect(try name("America/New_York", summer) == "EDT")
    #expect(try name("America/New_York", winter) == "EST")
    #expect(try name("Asia/Kolkata", winter) == "IST")
    #expect(try name("UTC", winter) == "UTC")
  }

  @Test func zoneFileParsingSurvivesMutations() throws {
    let original = try #require(FileManager.default.contents(atPath: "/usr/share/zoneinfo/Europe/Paris"), "tzdata is missing")
    #expect(ZoneAbbreviations.parse(Array(original)) != nil)
    var generator = SeededGenerator(seed: 17)
    for _ in 0..<500 {
      var bytes = Array(original)
      for _ in 0..<Int.random(in: 1...8, using: &generator) {
        let index = Int.random(in: 0..<bytes.count, using: &generator)
        bytes[index] = UInt8.random(in: 0...255, using: &generator)
      }
      if Bool.random(using: &generator) { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator))) }
      if let zone = ZoneAbbreviations.parse(bytes) {
        #expect(zone.transitions.count == zone.typeIndices.count)
        #expect(zone.typeIndices.allSatisfy { $0 < zone.types.count })
        _ = zone.abbreviation(at: Int64.random(in: -4_000_000_000...4_000_000_000, using: &generator), offsetSeconds: 3600)
      }
    }
  }

  @Test func calendarMatchesFoundationForRandomInstants() {
    var generator = SeededGenerator(seed: 11)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    for _ in 0..<2000 {
      let seconds = Int64.random(in: -5_000_000_000...9_000_000_000, using: &generator)
      let date = Date(timeIntervalSince1970: TimeInterval(seconds))
      let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
      let text = GoTimeLayout.format(ZonedInstant(unixNanos: seconds * 1_000_000_000), layout: "2006 1 2 15 4 5 Monday")
      let weekday = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][parts.weekday! - 1]
      let expected = "\(String(format: "%04d", parts.year!)) \(parts.month!) \(parts.day!) \(String(format: "%02d", parts.hour!)) \(parts.minute!) \(parts.second!) \(weekday)"
      #expect(text == expected, "at \(seconds)")
    }
  }

  @Test func randomLayoutsNeverCrash() {
    var generator = SeededGenerator(seed: 3)
    let pieces = ["2006", "01", "1", "Jan", "January", "_2", "__2", "002", "15", "3", "04", ".000", ".999", ",9", "Z07:00", "-07", "MST", "PM", "x", ".", "0", "_"]
    for _ in 0..<1000 {
      let layout = (0..<Int.random(in: 0..<8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      _ = GoTimeLayout.format(Self.reference, layout: layout)
    }
  }
}
