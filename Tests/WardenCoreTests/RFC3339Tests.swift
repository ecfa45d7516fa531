// RFC 3339 timestamps to Unix nanoseconds and milliseconds, exact to the digit.
import Testing
import WardenCore

@Suite struct RFC3339Tests {
  @Test func keepsNanosecondFractionsExactly() {
    #expect(RFC3339.nanoseconds("2026-11-21T05:30:00.123456789Z".utf8) == 1_795_239_000_123_456_789)
    #expect(RFC3339.nanoseconds("2026-11-21T07:30:00.5+02:00".utf8) == 1_795_239_000_500_000_000)
    #expect(RFC3339.milliseconds("2026-11-21T05:30:00.123999Z") == 1_795_239_000_123)
  }

  @Test func beforeTheEpochRoundsTowardsThePast() {
    #expect(RFC3339.nanoseconds("1969-12-31T23:59:59.5Z".utf8) == -500_000_000)
    #expect(RFC3339.milliseconds("1969-12-31T23:59:59.9995Z") == -1)
  }

  @Test(arguments: [
    "", "2026-11-21", "2026-11-21T05:30:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
    "2026-11-21T05:30:00.Z", "2026-11-21T05:30:00.1234567890Z", "2026-11-21T05:30:00+2:00",
    "2026-11-21T05:30:00Zjunk", "9999999-01-01T00:00:00Z",
  ])
  func rejectsWhatIsNotRFC3339(_ text: String) {
    #expect(RFC3339.nanoseconds(text.utf8) == nil)
  }
}
