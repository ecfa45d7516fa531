// Go's time layouts, Duration.String and strconv float formatting, which templates and LogQL's
// template functions share.
import Testing
@testable import GoTemplate

@Suite("Go formatting helpers")
struct GoFormatTests {
  @Test("time layouts format and parse in UTC")
  func timeLayouts() {
    let instant = GoInstant(seconds: 1_709_681_400, nanoseconds: 120_000_000)  // 2024-03-05T23:30:00.12Z, a Tuesday
    #expect(GoTime.format(instant, layout: "Monday, 02-Jan-06 15:04:05.000 MST") == "Tuesday, 05-Mar-24 23:30:00.120 UTC")
    #expect(GoTime.format(instant, layout: "3:04:05.999pm -0700 __2 002") == "11:30:00.12pm +0000  65 065")
    #expect(GoTime.format(GoInstant.zero, layout: "2006-01-02 15:04:05") == "0001-01-01 00:00:00")
    #expect(GoTime.format(GoInstant(seconds: -1), layout: "2006-01-02 15:04:05 Mon") == "1969-12-31 23:59:59 Wed")
    #expect(GoTime.parse("2024-03-05T23:30:00.12Z", layout: "2006-01-02T15:04:05Z07:00") == instant)
    #expect(GoTime.parse("2024-13-05", layout: "2006-01-02") == nil)
    #expect(GoTime.parse("2024-03-05 extra", layout: "2006-01-02") == nil)
    #expect(GoTime.defaultFormat(GoInstant(unixNanoseconds: 1_500)) == "1970-01-01 00:00:00.0000015 +0000 UTC")
    #expect(GoInstant(seconds: 0, nanoseconds: -1) < GoInstant(seconds: 0))
  }

  @Test("durations print as Go's Duration.String", arguments: [
    (Int64(0), "0s"), (1, "1ns"), (1_100, "1.1µs"), (2_200_000, "2.2ms"), (1_000_000_000, "1s"), (61_000_000_000, "1m1s"),
    (3_723_500_000_000, "1h2m3.5s"), (-1_500_000_000, "-1.5s"), (Int64.min, "-2562047h47m16.854775808s"),
  ])
  func durations(nanoseconds: Int64, text: String) {
    #expect(GoDuration.string(nanoseconds) == text)
  }

  @Test("floats format as strconv.FormatFloat")
  func floats() {
    #expect(GoFloat.shortest(.leastNonzeroMagnitude) == "5e-324")
    #expect(GoFloat.shortest(1.7976931348623157e308) == "1.7976931348623157e+308")
    #expect(GoFloat.shortest(123456789) == "1.23456789e+08")
    #expect(GoFloat.shortest(0.000123) == "0.000123")
    #expect(GoFloat.format(1234.5678, verb: UInt8(ascii: "e"), precision: nil) == "1.2345678e+03")
    #expect(GoFloat.format(0.5, verb: UInt8(ascii: "f"), precision: nil) == "0.5")
    #expect(GoFloat.format(1e21, verb: UInt8(ascii: "f"), precision: 0) == "1000000000000000000000")
    #expect(GoFloat.format(123456, verb: UInt8(ascii: "g"), precision: 3) == "1.23e+05")
    #expect(GoFloat.format(-0.0, verb: UInt8(ascii: "g"), precision: nil) == "-0")
  }

  @Test("quoting as strconv.Quote")
  func quoting() {
    #expect(GoQuote.string("a\"b\\c\u{7}\u{0}\u{A0}é😀") == #""a\"b\\c\a\x00\u00a0é😀""#)
    #expect(GoQuote.string("é😀", asciiOnly: true) == #""\u00e9\U0001f600""#)
    #expect(GoQuote.rune("'") == #"'\''"#)
  }
}
