// Tests of the byte-level helpers every parser is built on.

@testable import Collect
import Testing

struct ByteCursorTests {
  @Test(arguments: [
    ("0", UInt64(0)), ("42", 42), ("18446744073709551615", UInt64.max),
  ])
  func parsesUnsignedIntegers(text: String, expected: UInt64) {
    #expect(withBytes(text, parseUInt64) == expected)
  }

  @Test(arguments: ["", "-1", "1.5", "18446744073709551616", "99999999999999999999999", "12a", " 1"])
  func rejectsWhatIsNotAnUnsignedInteger(text: String) {
    #expect(withBytes(text, parseUInt64) == nil)
  }

  @Test(arguments: [("2.56", 2.56), ("0.35", 0.35), ("12", 12.0), ("-3.5", -3.5), ("0.000", 0.0)])
  func parsesDecimals(text: String, expected: Double) {
    #expect(withBytes(text, parseDecimal) == expected)
  }

  @Test(arguments: ["", ".", "1.2.3", "1e5", "abc", "1234567890123456789012"])
  func rejectsWhatIsNotADecimal(text: String) {
    #expect(withBytes(text, parseDecimal) == nil)
  }

  @Test func splitsLinesAndFields() {
    let result: [[String]] = withBytes("a b\tc\n\n  d  \ne") { bytes in
      var cursor = ByteCursor(bytes)
      var lines: [[String]] = []
      while var line = cursor.nextLine() {
        var fields: [String] = []
        while let field = line.nextField() { fields.append(field.string()) }
        lines.append(fields)
      }
      return lines
    }
    #expect(result == [["a", "b", "c"], [], ["d"], ["e"]])
  }

  @Test func sliceClampsToTheBuffer() {
    withBytes("abc") { bytes in
      #expect(bytes.slice(-5, 2).string() == "ab")
      #expect(bytes.slice(2, 99).string() == "c")
      #expect(bytes.slice(3, 1).isEmpty)
    }
  }
}
