// Line filters: substrings, regexes (with their literal fast paths), `or`, ip(), and the hints a
// pipeline gives the store.
@testable import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct LineFilterTests {
  private func keeps(_ filter: LineFilter, _ line: String) throws -> Bool {
    try LogPipeline([.lineFilter(filter)]).makeRunner().keepsLine(Array(line.utf8)[...])
  }

  @Test func substringFiltersAreCaseSensitiveAndChain() throws {
    let pipeline = try LogPipeline([contains("error"), .lineFilter(LineFilter(op: .notContains, patterns: ["timeout"], position: at))])
    let runner = pipeline.makeRunner()
    #expect(runner.keepsLine(Array("an error occurred".utf8)[...]))
    #expect(!runner.keepsLine(Array("an ERROR occurred".utf8)[...]))
    #expect(!runner.keepsLine(Array("error: timeout".utf8)[...]))
    #expect(pipeline.onlyFiltersLines)
    #expect(pipeline.requiredSubstrings == [Array("error".utf8)])
  }

  @Test func substringSearchFindsNeedlesAnywhere() throws {
    // Needles at the start, the end, overlapping partial matches, longer than the line.
    #expect(try keeps(LineFilter(op: .contains, patterns: ["abc"], position: at), "abcxx"))
    #expect(try keeps(LineFilter(op: .contains, patterns: ["abc"], position: at), "xxabc"))
    #expect(try keeps(LineFilter(op: .contains, patterns: ["aab"], position: at), "aaaab"))
    #expect(try !keeps(LineFilter(op: .contains, patterns: ["abcdef"], position: at), "abc"))
    #expect(try keeps(LineFilter(op: .contains, patterns: [""], position: at), ""))
    #expect(try keeps(LineFilter(op: .contains, patterns: ["ü=1"], position: at), "größe ü=1"))
  }

  @Test func orAlternativesKeepAnyAndDropAny() throws {
    let keep = LineFilter(op: .contains, patterns: ["warn", "error"], position: at)
    #expect(try keeps(keep, "level=warn"))
    #expect(try keeps(keep, "level=error"))
    #expect(try !keeps(keep, "level=info"))
    let drop = LineFilter(op: .notContains, patterns: ["debug", "trace"], position: at)
    #expect(try !keeps(drop, "a trace line"))
    #expect(try keeps(drop, "an info line"))
    // Several patterns give no single required substring.
    #expect(try LogPipeline([.lineFilter(keep)]).requiredSubstrings.isEmpty)
  }

  @Test func regexFiltersMatchAnywhere() throws {
    let filter = LineFilter(op: .matchesRegex, patterns: ["tsdb-ops.*io:2003"], position: at)
    #expect(try keeps(filter, "connect tsdb-ops-01.io:2003 ok"))
    #expect(try !keeps(filter, "connect tsdb-ops-01.io:2004"))
    let word = LineFilter(op: .matchesRegex, patterns: [#"error=\w+"#], position: at)
    #expect(try keeps(word, "x error=disk y"))
    #expect(try !keeps(word, "x error= y"))
    let negated = LineFilter(op: .notMatchesRegex, patterns: [#"\d{3}"#], position: at)
    #expect(try keeps(negated, "status ok"))
    #expect(try !keeps(negated, "status 500"))
  }

  @Test func caseInsensitiveRegexesAndLiteralRegexes() throws {
    let insensitive = LineFilter(op: .matchesRegex, patterns: ["(?i)timeout"], position: at)
    #expect(try keeps(insensitive, "request TimeOut after 5s"))
    #expect(try !keeps(insensitive, "request time out"))
    let alternation = LineFilter(op: .matchesRegex, patterns: ["warn|error"], position: at)
    #expect(try keeps(alternation, "level=error"))
    #expect(try !keeps(alternation, "level=info"))
    let escaped = LineFilter(op: .matchesRegex, patterns: [#"10\.0\.0\.1"#], position: at)
    #expect(try keeps(escaped, "from 10.0.0.1"))
    #expect(try !keeps(escaped, "from 10a0b0c1"))
    // Regexes that need the engine still work with (?i) and classes.
    let general = LineFilter(op: .matchesRegex, patterns: [#"(?i)err(or)?[:=]\s*\d+"#], position: at)
    #expect(try keeps(general, "ERROR: 42"))
    #expect(try keeps(general, "err=7"))
    #expect(try !keeps(general, "error: none"))
  }

  @Test func regexDotMatchesNewlinesInLineFilters() throws {
    #expect(try keeps(LineFilter(op: .matchesRegex, patterns: ["start.+end"], position: at), "start\nend"))
  }

  @Test func regexLiteralsAreFoundForHints() {
    #expect(RegexLiterals("error").shape == .literals([Array("error".utf8)]))
    let insensitive = RegexLiterals("(?i)error")
    #expect(insensitive.shape == .literals([Array("error".utf8)]) && insensitive.caseInsensitive)
    #expect(RegexLiterals(#"error=\w+"#).shape == .general(required: Array("error=".utf8)))
    #expect(RegexLiterals("ab?cde").shape == .general(required: Array("cde".utf8)))
    #expect(RegexLiterals("x+yz").shape == .general(required: Array("x".utf8)) || RegexLiterals("x+yz").shape == .general(required: Array("yz".utf8)))
    #expect(RegexLiterals("(a|b)cd").shape == .general(required: Array("cd".utf8)))
    #expect(RegexLiterals("a|b.c").shape == .general(required: nil))
    #expect(RegexLiterals("abc*").shape == .general(required: Array("ab".utf8)))
    #expect(RegexLiterals("foo{0,2}bar").shape == .general(required: Array("bar".utf8)))
  }

  @Test func requiredSubstringsStopAtLineRewrites() throws {
    let pipeline = try LogPipeline([
      contains("GET"), json(), .lineFilter(LineFilter(op: .matchesRegex, patterns: [#"status=\d+"#], position: at)),
      lineFormat("{{.msg}}"), contains("after"),
    ])
    #expect(pipeline.requiredSubstrings == [Array("GET".utf8), Array("status=".utf8)])
    #expect(!pipeline.onlyFiltersLines)
    let caseless = try LogPipeline([.lineFilter(LineFilter(op: .matchesRegex, patterns: ["(?i)get"], position: at))])
    #expect(caseless.requiredSubstrings.isEmpty)
  }

  @Test func emptyPipeline() throws {
    let pipeline = try LogPipeline([])
    #expect(pipeline.isEmpty && pipeline.onlyFiltersLines)
    let stream = Labels(["job": "app"])
    let result = try #require(pipeline.makeRunner().process(line: Array("x".utf8)[...], timestampNs: 0, stream: stream, metadata: []))
    #expect(result.rewrittenLine == nil)
    #expect(result.labels == stream)
  }

  @Test func ipLineFiltersMatchAddressesNotSubstrings() throws {
    let single = LineFilter(op: .contains, patterns: ["3.180.71.3"], isIPFilter: true, position: at)
    #expect(try keeps(single, #"3.180.71.3 - - [17/May/2015:08:05:32 +0000] "GET /downloads/product_1""#))
    #expect(try !keeps(single, #"93.180.71.3 - - [17/May/2015:08:05:26 +0000] "GET /downloads/product_1""#))
    let cidr = LineFilter(op: .contains, patterns: ["192.168.4.5/16"], isIPFilter: true, position: at)
    #expect(try keeps(cidr, "client=192.168.200.1:5050 ok"))
    #expect(try !keeps(cidr, "client=192.169.0.1 ok"))
    let range = LineFilter(op: .notContains, patterns: ["192.168.4.5-192.168.4.20"], isIPFilter: true, position: at)
    #expect(try !keeps(range, "from 192.168.4.10."))
    #expect(try keeps(range, "from 192.168.4.21"))
    let v6 = LineFilter(op: .contains, patterns: ["2001:db8::/32"], isIPFilter: true, position: at)
    #expect(try keeps(v6, "peer [2001:db8:0:1::5]:443"))
    #expect(try !keeps(v6, "peer 2001:db9::1"))
    #expect(try keeps(LineFilter(op: .contains, patterns: ["::1"], isIPFilter: true, position: at), "listen ::1 port"))
    #expect(try keeps(LineFilter(op: .contains, patterns: ["2001:db8::1-2001:db8::8"], isIPFilter: true, position: at), "a=2001:db8::7"))
  }

  @Test func invalidFiltersAreRejectedWithTheirPosition() {
    let position = PositionRange(start: 7, end: 20)
    let badRegex = Result { try LogPipeline([.lineFilter(LineFilter(op: .matchesRegex, patterns: ["(unclosed"], position: position))]) }
    #expect(throws: LogQLError.self) { try badRegex.get() }
    if case .failure(let error as LogQLError) = badRegex {
      #expect(error.kind == .invalid)
      #expect(error.position == position)
    }
    #expect(throws: LogQLError.self) {
      try LogPipeline([.lineFilter(LineFilter(op: .matchesRegex, patterns: ["10.0.0.1"], isIPFilter: true, position: position))])
    }
    for bad in ["300.1.1.1", "10.0.0.0/33", "10.0.0.9-10.0.0.1", "1.2.3.4-::1", "nonsense", "01.2.3.4"] {
      #expect(throws: LogQLError.self, "\(bad)") {
        try LogPipeline([.lineFilter(LineFilter(op: .contains, patterns: [bad], isIPFilter: true, position: position))])
      }
    }
  }

  @Test func ipAddressParsing() {
    #expect(IPAddress("::ffff:1.2.3.4") == IPAddress(isV6: true, high: 0, low: 0x0000_FFFF_0102_0304))
    #expect(IPAddress("2001:db8::1") == IPAddress(isV6: true, high: 0x2001_0DB8_0000_0000, low: 1))
    #expect(IPAddress("1:2:3:4:5:6:7:8") == IPAddress(isV6: true, high: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0008))
    for bad in ["1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "12345::", "1.2.3", "1.2.3.4.5", "256.0.0.1", ""] {
      #expect(IPAddress(bad) == nil, "\(bad)")
    }
  }
}
