// Times as the Alertmanager API writes and reads them: RFC 3339 in UTC with milliseconds out,
// any RFC 3339 in, Go's zero time read as "not set".
@testable import Server
import Testing
import WardenTesting

struct AlertmanagerTimeTests {
  @Test(arguments: [
    (Int64(1_795_256_993_067), "2026-11-21T10:29:53.067Z"),
    (Int64(-1), "1969-12-31T23:59:59.999Z"),
    (Int64(951_825_600_000), "2000-02-29T12:00:00.000Z"),
    (Int64(-9_214_559_999_999), "1678-01-01T00:00:00.001Z"),
  ])
  func formatsUTCWithMilliseconds(milliseconds: Int64, text: String) {
    #expect(AlertmanagerTime.format(milliseconds: milliseconds) == text)
    #expect(AlertmanagerTime.parse(text) == .milliseconds(milliseconds))
  }

  @Test func readsOffsetsAndFractionsOfAnyLength() {
    #expect(AlertmanagerTime.parse("2026-11-21T12:29:53+02:00") == .milliseconds(1_795_256_993_000))
    #expect(AlertmanagerTime.parse("2026-11-21T10:29:53.0671239Z") == .milliseconds(1_795_256_993_067))
    #expect(AlertmanagerTime.parse("2026-11-21T10:29:53.5-00:30") == .milliseconds(1_795_258_793_500))
  }

  @Test func goZeroTimeIsUnset() {
    #expect(AlertmanagerTime.format(milliseconds: 0) == "0001-01-01T00:00:00.000Z")
    #expect(AlertmanagerTime.parse("0001-01-01T00:00:00Z") == .unset)
    #expect(AlertmanagerTime.parse("0001-01-01T00:00:00.000Z") == .unset)
    #expect(AlertmanagerTime.parse("0001-01-01T00:00:00+00:00") == .unset)
    #expect(AlertmanagerTime.parse("0001-01-01T00:00:01Z") == nil)
  }

  @Test(arguments: ["", "notadate", "2026-11-21", "2026-11-21 10:29:53Z", "2026-13-01T00:00:00Z", "2026-11-21T10:29:53", "1000-01-01T00:00:00Z"])
  func refusesWhatIsNotRFC3339(text: String) {
    #expect(AlertmanagerTime.parse(text) == nil)
  }

  @Test func roundTripsRandomTimes() {
    var random = SeededGenerator(seed: 7)
    for _ in 0..<2000 {
      var milliseconds = Int64.random(in: -9_000_000_000_000...9_000_000_000_000, using: &random)
      if milliseconds == 0 { milliseconds = 1 }
      let text = AlertmanagerTime.format(milliseconds: milliseconds)
      #expect(text.utf8.count == 24, "\(text)")
      #expect(AlertmanagerTime.parse(text) == .milliseconds(milliseconds), "\(milliseconds) -> \(text)")
    }
  }
}
