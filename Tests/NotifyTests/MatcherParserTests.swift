// Alertmanager's matcher syntax: the UTF-8 forms, the classic fallback, errors naming the problem
// and position, and a fuzz test (random and mutated inputs never crash; printed matchers parse
// back to themselves).
import Notify
import Testing
import WardenCore
import WardenTesting

@Suite struct MatcherParserTests {
  private func parsed(_ text: String) throws -> [String] {
    try MatcherParser.parse(text).map(\.description)
  }

  @Test func parsesTheDocumentedForms() throws {
    #expect(try parsed(#"{alertname="Watchdog", severity=~"warning|critical"}"#) == [#"alertname="Watchdog""#, #"severity=~"warning|critical""#])
    #expect(try parsed(#"{alertname="Watchdog", severity=~"warning|critical",}"#).count == 2)
    #expect(try parsed(#"alertname="Watchdog", severity=~"warning|critical""#).count == 2)
    #expect(try parsed("alertname = Watchdog") == [#"alertname="Watchdog""#])
    #expect(try parsed("foo!=bar") == [#"foo!="bar""#])
    #expect(try parsed(#"foo!~"a.*""#) == [#"foo!~"a.*""#])
    #expect(try parsed("{\n   alertname = \"Watchdog\",\n   severity =~ \"warning|critical\",\n}").count == 2)
    #expect(try parsed(#"foo = "bar,baz""#) == [#"foo="bar,baz""#])
    #expect(try parsed("Προμηθεύς=[a-zA-Z]+") == [#"Προμηθεύς="[a-zA-Z]+""#])
    #expect(try parsed("") == [])
    #expect(try parsed("{}") == [])
  }

  @Test func decodesEscapesInQuotedStrings() throws {
    let matchers = try MatcherParser.parse(#"quote=~"She said: \"Hi, all!( How're you…)?\"""#)
    #expect(matchers.first?.value == #"She said: "Hi, all!( How're you…)?""#)
    #expect(try MatcherParser.parseOne(#"re="\\d+""#).value == #"\d+"#)
    #expect(try MatcherParser.parseOne(#"emoji="\xf0\x9f\x99\x82""#).value == "🙂")
    #expect(try MatcherParser.parseOne(#"line="a\nb""#).value == "a\nb")
    #expect(try MatcherParser.parseOne(#""label name"="x""#).name == "label name")
  }

  @Test func fallsBackToTheClassicSyntax() throws {
    // An empty value, a value with spaces and a lone backslash are classic-only.
    #expect(try MatcherParser.parseOne("foo=").value == "")
    #expect(try MatcherParser.parseOne("summary=disk is full").value == "disk is full")
    #expect(try MatcherParser.parseOne(#"path="C:\dir""#).value == #"C:\dir"#)
    #expect(try parsed("{foo=bar baz, qux=1}") == [#"foo="bar baz""#, #"qux="1""#])
  }

  @Test func matchesAsAlertmanagerDoes() throws {
    let labels = Labels(["alertname": "Watchdog", "severity": "critical"])
    #expect(try MatcherParser.parse(#"{alertname="Watchdog", severity=~"warning|critical"}"#).allMatch(labels))
    #expect(try !MatcherParser.parse(#"{alertname="Watchdog", severity=~"none"}"#).allMatch(labels))
    // Regexes are anchored.
    #expect(try !MatcherParser.parse(#"severity=~"crit""#).allMatch(labels))
    // A missing label is the empty value.
    #expect(try MatcherParser.parse(#"team="""#).allMatch(labels))
    #expect(try MatcherParser.parse(#"team!="db""#).allMatch(labels))
  }

  @Test func errorsNameTheProblemAndPosition() {
    func error(_ text: String) -> MatcherParseError? {
      do {
        _ = try MatcherParser.parse(text)
        return nil
      } catch {
        return error
      }
    }
    #expect(error(#"{alertname="Watchdog""#)?.message.contains("missing closing") == true)
    #expect(error(#"alertname="Watchdog"}"#)?.message.contains("without an opening") == true)
    #expect(error(#"{{alertname="Watchdog"}}"#) != nil)
    #expect(error(#"foo=~"(unclosed""#)?.message.contains("regular expression") == true)
    #expect(error(#"foo="unterminated"#) != nil)
    #expect(error("foo bar") != nil)
    let missingOperator = error(#"{foo "bar"}"#)
    #expect(missingOperator?.message.contains("operator") == true)
    #expect(missingOperator?.position == 6)
    #expect(error(#"a="1",,b="2""#) != nil)
    let badRegex = String(describing: error(#"x=~"[""#) as Any)
    #expect(badRegex.contains(#"invalid matcher "x=~"[""#) && badRegex.contains("regular expression"), "\(badRegex)")
  }

  @Test func parseOneWantsExactlyOne() {
    #expect(throws: MatcherParseError.self) { try MatcherParser.parseOne("a=b, c=d") }
    #expect(throws: MatcherParseError.self) { try MatcherParser.parseOne("") }
  }

  @Test func fuzzRandomAndMutatedInputNeverCrash() {
    var generator = SeededGenerator(seed: 0x5eed_7)
    let alphabet = Array(#"{}!=~,"\' `ab_Z09.*|+()[]-:éπ🙂"#.unicodeScalars) + ["\n", "\t"]
    let seeds = [
      #"{alertname="Watchdog", severity=~"warning|critical",}"#, "foo!=bar", #"a="\xf0\x9f\x99\x82""#, "x=~.+,y!~z",
    ]
    for round in 0..<4_000 {
      var text: String
      if round % 2 == 0 {
        let length = Int.random(in: 0...40, using: &generator)
        text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
      } else {
        var scalars = Array(seeds.randomElement(using: &generator)!.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
          let position = Int.random(in: 0...scalars.count, using: &generator)
          switch Int.random(in: 0..<3, using: &generator) {
          case 0 where position < scalars.count: scalars.remove(at: position)
          case 1: scalars.insert(alphabet.randomElement(using: &generator)!, at: position)
          default: if position < scalars.count { scalars[position] = alphabet.randomElement(using: &generator)! }
          }
        }
        text = String(String.UnicodeScalarView(scalars))
      }
      // Whatever it parses to must print and parse back to the same matchers.
      if let matchers = try? MatcherParser.parse(text) {
        let printed = "{" + matchers.map(MatcherParser.format).joined(separator: ",") + "}"
        let again = try? MatcherParser.parse(printed)
        #expect(again == matchers, "\(text) printed as \(printed)")
      }
    }
  }

  @Test func printedMatchersRoundTrip() throws {
    var generator = SeededGenerator(seed: 42)
    let valueAlphabet = Array(#"ab "\,{}=~!é🙂 x"#)
    for _ in 0..<500 {
      let value = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in valueAlphabet.randomElement(using: &generator)! })
      let kind: LabelMatcher.Kind = [.equal, .notEqual][Int.random(in: 0...1, using: &generator)]
      let name = Bool.random(using: &generator) ? "label_\(Int.random(in: 0...9, using: &generator))" : "label \(value)"
      let matcher = try LabelMatcher(kind, name, value)
      #expect(try MatcherParser.parseOne(MatcherParser.format(matcher)) == matcher, "\(MatcherParser.format(matcher))")
    }
  }
}
