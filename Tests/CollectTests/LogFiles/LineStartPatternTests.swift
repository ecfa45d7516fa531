// multiline.start patterns: the byte-prefix fast path must answer exactly as Swift's Regex does
// (checked on seeded random lines), and which patterns take it.

@testable import Collect
import Testing
import WardenTesting

struct LineStartPatternTests {
  private func matches(_ pattern: LineStartPattern, _ line: String) -> Bool {
    Array(line.utf8).withUnsafeBufferPointer { pattern.matches($0) }
  }

  @Test func commonStartPatternsCompileToBytePrefixes() {
    for source in [#"^\d{4}-\d{2}-\d{2}"#, #"^\["#, "^INFO", #"^[A-Z]"#, #"^\S"#, #"^[^\s]"#, #"^\d\d:\d\d"#, #"^[0-9a-f]{8} "#] {
      #expect(ByteClassPrefix(source) != nil, "\(source)")
    }
    for source in ["INFO", "^a+", "^(a|b)", "^a{1,3}", "^.", "^a$", #"^\bx"#, "^[[:alpha:]]", "^[a&&b]", "^é"] {
      #expect(ByteClassPrefix(source) == nil, "\(source)")
    }
  }

  @Test func examples() throws {
    let date = try LineStartPattern(#"^\d{4}-\d\d-\d\d "#)
    #expect(matches(date, "2024-05-01 12:00 ERROR x"))
    #expect(!matches(date, "\tat com.example.X(X.java:1)"))
    #expect(!matches(date, "2024-05-01"))
    // Non-ASCII digits are digits to the regex, so the fast path defers to it.
    #expect(matches(date, "٢٠٢٤-05-01 x"))
    let bracket = try LineStartPattern(#"^\["#)
    #expect(matches(bracket, "[INFO] x"))
    #expect(!matches(bracket, " [INFO] x"))
    let search = try LineStartPattern("ERROR|WARN")
    #expect(matches(search, "12:00 WARN disk"))
    #expect(!matches(search, "12:00 INFO disk"))
  }

  /// On random lines, the pattern (fast path included) agrees with the regex alone.
  @Test func bytePrefixAgreesWithTheRegex() throws {
    var generator = SeededGenerator(seed: 66)
    let sources = [
      #"^\d{4}-\d\d"#, #"^\["#, "^IN", #"^[A-Z]"#, #"^\S"#, #"^[^\s]x"#, #"^\w\W"#, #"^[a-c\d]-"#, #"^\s\D"#, #"^[\-x]"#,
    ]
    let pieces = ["2", "0", "4", "-", "[", "I", "N", "x", "a", "c", "Z", " ", "\t", "é", "٢", "_", "e\u{301}", "\u{85}"]
    for source in sources {
      let pattern = try LineStartPattern(source)
      let regex = try Regex(source)
      for _ in 0..<400 {
        let line = (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        let expected = (try? regex.firstMatch(in: line)) != nil
        #expect(matches(pattern, line) == expected, "\(source) on \(line.debugDescription)")
      }
    }
  }
}
