// Series selectors: every matcher kind, the three string literal forms with Go's escapes, the
// metric name both ways, errors with their column, and random input never trapping.
import PromQL
import Testing
import WardenCore
import WardenTesting

private func parse(_ text: String) -> Result<[LabelMatcher], SelectorError> {
  do throws(SelectorError) {
    return .success(try SelectorParser.parse(text))
  } catch {
    return .failure(error)
  }
}

private func rendered(_ text: String) -> [String] {
  (try? parse(text).get())?.map(\.description) ?? ["error: \(parse(text))"]
}

private func failure(_ text: String) -> String? {
  if case .failure(let error) = parse(text) { return error.description }
  return nil
}

struct SelectorParserTests {
  @Test func readsMatchersOfEveryKind() {
    #expect(rendered("up") == ["__name__=\"up\""])
    #expect(rendered(#"node_cpu_seconds_total{cpu="0", mode!="idle",job=~"no.*" , instance!~'a|b',}"#) == [
      "__name__=\"node_cpu_seconds_total\"", "cpu=\"0\"", "mode!=\"idle\"", "job=~\"no.*\"", "instance!~\"a|b\"",
    ])
    #expect(rendered(#"{__name__="up"}"#) == ["__name__=\"up\""])
    #expect(rendered(#"job:rate5m:sum { job = "x" }"#) == ["__name__=\"job:rate5m:sum\"", "job=\"x\""])
  }

  @Test func goStringLiterals() throws {
    let matchers = try parse(#"{a="q\"\\\n\t\x41\u00e9\101", b='it\'s', c=`raw\n`}"#).get()
    #expect(matchers.map(\.value) == ["q\"\\\n\tAé" + "A", "it's", "raw\\n"])
  }

  @Test func errorsNameTheColumn() {
    #expect(failure("") == "1:1: parse error: unexpected end of input")
    #expect(failure(#"up{job="x""#) == "1:11: parse error: unexpected end of input inside braces")
    #expect(failure(#"up{job="x}"#) == "1:8: parse error: unterminated quoted string")
    #expect(failure(#"up{job~"x"}"#) == "1:7: parse error: unexpected \"~\", expected one of =, !=, =~, !~")
    #expect(failure(#"up{1job="x"}"#) == "1:4: parse error: unexpected \"1\" in label matching, expected label name")
    #expect(failure(#"up{job="x"} extra"#) == "1:13: parse error: unexpected \"e\" after the selector")
    #expect(failure(#"{job=~".*"}"#) == "1:1: parse error: vector selector must contain at least one non-empty matcher")
    #expect(failure(#"{job=~"("}"#)?.contains("invalid regular expression") == true)
    #expect(failure(#"{job="\q"}"#)?.contains("unknown escape sequence") == true)
  }

  @Test func randomInputNeverTraps() {
    var generator = SeededGenerator(seed: 0x5e1e_c701)
    let alphabet = Array("up{}=~!\"'`\\,job: .*xu0a_1\n".utf8)
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...24, using: &generator)
      let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
      switch parse(String(decoding: bytes, as: UTF8.self)) {
      case .success(let matchers): #expect(!matchers.isEmpty)
      case .failure(let error): #expect(error.column >= 1 && !error.message.isEmpty)
      }
    }
  }
}
