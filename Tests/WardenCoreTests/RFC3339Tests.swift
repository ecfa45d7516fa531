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

  @Test func formatsMillisecondsAsUTC() {
    #expect(RFC3339.format(milliseconds: 1_795_239_000_123) == "2026-11-21T05:30:00.123Z")
    #expect(RFC3339.format(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
    #expect(RFC3339.format(milliseconds: 0, trimsZeroFraction: true) == "1970-01-01T00:00:00Z")
    #expect(RFC3339.format(milliseconds: 1_795_239_000_120, trimsZeroFraction: true) == "2026-11-21T05:30:00.12Z")
    #expect(RFC3339.format(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
    #expect(RFC3339.format(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
  }

  @Test func formatThenParseRoundTrips() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      // Within the parser's 64-bit nanosecond range (years 1678 to 2261).
      let ms = Int64.random(in: -9_200_000_000_000...9_200_000_000_000, using: &generator)
      #expect(RFC3339.milliseconds(RFC3339.format(milliseconds: ms)) == ms)
    }
  }
}
