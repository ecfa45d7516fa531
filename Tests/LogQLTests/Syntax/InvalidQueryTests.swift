// Invalid LogQL: each query fails with a parse error naming the problem, at the position of the
// offending piece (given as the first occurrence of a marker in the query, or its end).
import LogQL
import PromQL
import Testing

@Suite struct InvalidQueryTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var query: String
    var fragment: String
    /// Byte offset where the error must start.
    var offset: Int

    /// The error starts at the first occurrence of `marker` (moved on by `plus` bytes), or at the
    /// end when it is nil.
    init(_ query: String, _ fragment: String, at marker: String?, plus: Int = 0) {
      self.query = query
      self.fragment = fragment
      if let marker, let found = Self.firstOffset(of: marker, in: query) {
        offset = found + plus
      } else {
        offset = marker == nil ? query.utf8.count : -1
      }
    }

    var testDescription: String { query }

    static func firstOffset(of marker: String, in text: String) -> Int? {
      let haystack = Array(text.utf8)
      let needle = Array(marker.utf8)
      guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
      return (0...haystack.count - needle.count).first { Array(haystack[$0..<$0 + needle.count]) == needle }
    }
  }

  static let cases: [Case] = [
    // Selectors.
    Case("", "empty query", at: nil),
    Case("   ", "empty query", at: nil),
    Case("{}", "at least one regexp or equality matcher that does not have an empty-compatible value", at: "{"),
    Case(#"{job=~".*"}"#, "app=~\".+\" will", at: "{"),
    Case(#"{job=""}"#, "empty-compatible value", at: "{"),
    Case(#"{job!="x", env=~".*"}"#, "empty-compatible value", at: "{"),
    Case(#"{job="x",}"#, "unexpected }, expecting IDENTIFIER", at: "}"),
    Case(#"{job="x""#, "unexpected end of input, expecting \",\" or \"}\"", at: nil),
    Case(#"{job="x" app="y"}"#, #"unexpected IDENTIFIER "app", expecting "," or "}""#, at: "app"),
    Case(#"{job=x}"#, #"unexpected IDENTIFIER "x", expecting STRING"#, at: "x}"),
    Case(#"{job=="x"}"#, "unexpected ==, expecting =, !=, =~ or !~", at: "=="),
    Case(#"{job=~"("}"#, "invalid regular expression", at: "job"),
    Case(#"{"job"="x"}"#, "unexpected STRING \"job\", expecting IDENTIFIER", at: "\"job\""),
    // Line filters.
    Case(#"{job="x"} |~ "(""#, "invalid regular expression in line filter", at: "\"(\""),
    Case(#"{job="x"} |~ "a(?=b)""#, "invalid regular expression in line filter", at: "\"a("),
    Case(#"{job="x"} |= 5"#, "unexpected NUMBER 5, expecting STRING or ip(\"...\")", at: "5"),
    Case(#"{job="x"} |= "unterminated"#, "unterminated string", at: "\"unterminated"),
    Case(#"{job="x"} |= "bad \q escape""#, "unknown escape sequence 'q'", at: "\\q"),
    Case(#"{job="x"} |= "\x4""#, "invalid escape sequence: expecting 2 hexadecimal digits", at: "\\x"),
    Case(#"{job="x"} |= `raw"#, "unterminated raw string", at: "`"),
    Case(#"{job="x"} |> "<_> foo""#, "pattern line filters (|> and !>) are not supported", at: "|>"),
    Case(#"{job="x"} |= ip("10.0.0.1") or "plain""#, "cannot mix ip(...) and plain strings", at: "\"plain\""),
    Case(#"{job="x"} |~ ip("10.0.0.1")"#, "ip(...) line filters only support |= and !=", at: "ip("),
    Case(#"{job="x"} |= ip(10)"#, "unexpected NUMBER 10, expecting STRING", at: "10"),
    Case(#"{job="x"} ! "a""#, "unexpected character after '!'", at: "!"),
    // Parsers and formatting stages.
    Case(#"{job="x"} | regexp "(\\w+)""#, "at least one named capture must be supplied", at: "\"(\\\\"),
    Case(#"{job="x"} | regexp "(?P<a>""#, "invalid regular expression in regexp stage", at: "\"(?P"),
    Case(#"{job="x"} | regexp"#, "unexpected end of input, expecting STRING", at: nil),
    Case(#"{job="x"} | pattern "<_> foo""#, "at least one named capture (such as <name>) must be supplied", at: "\"<_>"),
    Case(#"{job="x"} | pattern "<a><b>""#, "found consecutive capture <b>", at: "\"<a>"),
    Case(#"{job="x"} | logfmt --bogus"#, "unknown flag --bogus for logfmt", at: "--bogus"),
    Case(#"{job="x"} | json a="b", "c""#, "unexpected STRING \"c\", expecting IDENTIFIER", at: "\"c\""),
    Case(#"{job="x"} | label_format a=b, a=c"#, "multiple label name 'a' not allowed in a single format operation", at: "a=c"),
    Case(#"{job="x"} | label_format a=5"#, "unexpected NUMBER 5, expecting IDENTIFIER (a label to rename) or STRING", at: "5"),
    Case(#"{job="x"} | drop"#, "unexpected end of input, expecting IDENTIFIER", at: nil),
    Case(#"{job="x"} | keep a,"#, "unexpected end of input, expecting IDENTIFIER", at: nil),
    Case(#"{job="x"} | line_format"#, "unexpected end of input, expecting STRING (a template)", at: nil),
    Case(#"{job="x"} | json | unpack("#, "unexpected (", at: "("),
    Case(#"{job="x"} | 5"#, "unexpected NUMBER 5, expecting a parser", at: "5"),
    // Label filters.
    Case(#"{job="x"} | json | level ~ "x""#, "unexpected character '~'", at: "~"),
    Case(#"{job="x"} | status > "500""#, "unexpected STRING \"500\", expecting NUMBER, DURATION or BYTES", at: "\"500\""),
    Case(#"{job="x"} | status == "500""#, "expecting NUMBER, DURATION or BYTES", at: "\"500\""),
    Case(#"{job="x"} | status >"#, "unexpected end of input, expecting NUMBER, DURATION or BYTES", at: nil),
    Case(#"{job="x"} | size > -2KB"#, "unexpected BYTES 2KB", at: "2KB"),
    Case(#"{job="x"} | status >= 5xx"#, "invalid number, duration or byte size \"5xx\"", at: "5xx"),
    Case(#"{job="x"} | (level="a""#, "unexpected end of input, expecting \")\"", at: nil),
    Case(#"{job="x"} | level"#, "unexpected end of input, expecting a label filter operator", at: nil),
    Case(#"{job="x"} | json | ip("1.2.3.4")"#, "unexpected (, expecting a label filter operator", at: "("),
    Case(#"{job="x"} | level=~"[""#, "invalid regular expression", at: "level"),
    Case(#"{job="x"} | a="b" ]"#, "unexpected ']' without a matching '['", at: "]"),
    // Unwrap.
    Case(#"{job="x"} | unwrap latency"#, "unwrap is only allowed at the end of the pipeline of a range aggregation", at: "unwrap"),
    Case(#"count_over_time({job="x"} | unwrap latency [5m])"#, "invalid aggregation count_over_time with unwrap", at: "| unwrap"),
    Case(#"bytes_rate({job="x"} | unwrap latency [5m])"#, "invalid aggregation bytes_rate with unwrap", at: "| unwrap"),
    Case(#"sum_over_time({job="x"}[5m])"#, "invalid aggregation sum_over_time without unwrap", at: "sum_over_time"),
    Case(#"rate_counter({job="x"} | json [5m])"#, "invalid aggregation rate_counter without unwrap", at: "rate_counter"),
    Case(#"rate({job="x"}[5m] | json | unwrap x | json)"#, "only label filters can follow | unwrap", at: "json)"),
    Case(#"rate({job="x"}[5m] | unwrap x |= "y")"#, "only label filters can follow | unwrap", at: "|="),
    Case(#"rate({job="x"}[5m] | unwrap)"#, "unexpected ), expecting IDENTIFIER (the label to unwrap)", at: ")"),
    // Range aggregations.
    Case(#"quantile_over_time({job="x"} | unwrap v [5m])"#, "parameter required for operation quantile_over_time", at: "quantile_over_time"),
    Case(#"count_over_time(0.5, {job="x"}[5m])"#, "parameter 0.5 not supported for operation count_over_time", at: "0.5"),
    Case(#"count_over_time({job="x"}[5m]) by (a)"#, "grouping not allowed for count_over_time aggregation", at: "by"),
    Case(#"sum_over_time({job="x"} | unwrap v [5m]) by (a)"#, "grouping not allowed for sum_over_time aggregation", at: "by"),
    Case(#"count_over_time({job="x"})"#, "unexpected ), expecting a range such as [5m]", at: ")"),
    Case(#"count_over_time({job="x"}[5x])"#, "not a valid duration string: \"5x\"", at: "[5x]"),
    Case(#"count_over_time({job="x"}[1.5m])"#, "not a valid duration string: \"1.5m\"", at: "[1.5m]"),
    Case(#"count_over_time({job="x"}[0s])"#, "range must be greater than 0", at: "[0s]"),
    Case(#"count_over_time({job="x"}[5m]"#, "unexpected end of input, expecting \")\"", at: nil),
    Case(#"count_over_time({job="x"}[5m"#, "missing closing ']' in range", at: "[5m"),
    Case(#"count_over_time({job="x"}[5m] [1m])"#, "unexpected RANGE [1m], expecting \")\"", at: "[1m]"),
    Case(#"count_over_time({job="x"}[5m] offset)"#, "unexpected ), expecting DURATION", at: ")"),
    Case(#"count_over_time({job="x"}[5m] offset 5)"#, "unexpected NUMBER 5, expecting DURATION", at: "5)"),
    Case(#"count_over_time(rate({job="x"}[5m]))"#, "unexpected IDENTIFIER \"rate\", expecting a stream selector", at: "rate"),
    Case(#"{job="x"}[5m]"#, "a range is only allowed inside a range aggregation", at: "[5m]"),
    // Vector aggregations.
    Case(#"sum({job="x"})"#, "sum() needs a metric query, got a log query", at: "{"),
    Case(#"topk(rate({job="x"}[1m]))"#, "parameter required for operation topk", at: "topk"),
    Case(#"topk(0, rate({job="x"}[1m]))"#, "must be greater than 0, got 0", at: "0,"),
    Case(#"topk(1.5, rate({job="x"}[1m]))"#, "1.5 is not a whole number", at: "1.5"),
    Case(#"sum(5, rate({job="x"}[1m]))"#, "unsupported parameter for operation sum", at: "5,"),
    Case(#"sort by (a) (rate({job="x"}[1m]))"#, "sort and sort_desc don't allow grouping by labels", at: "by"),
    Case(#"sum by (a) (rate({job="x"}[1m])) by (b)"#, "the grouping of sum is already given", at: "by (b)"),
    Case(#"sum by (a (rate({job="x"}[1m]))"#, "unexpected (, expecting \",\" or \")\"", at: "(rate"),
    Case(#"sum(rate({job="x"}[1m])) by (a,)"#, "unexpected ), expecting IDENTIFIER", at: ",)", plus: 1),
    // Binary operations and other metric expressions.
    Case(#"{job="x"} or {job="y"}"#, "unexpected log query as the left leg of binary operation (or)", at: "{"),
    Case(#"rate({job="x"}[1m]) / {job="y"}"#, "unexpected log query as the right leg of binary operation (/)", at: "{job=\"y\""),
    Case(#"{job="x"} != 5"#, "unexpected log query as the left leg of binary operation (!=)", at: "{"),
    Case(#"rate({job="x"}[5m]) and 7"#, "unexpected literal for right leg of logical/set binary operation (and): 7", at: "7"),
    Case(#"7 unless rate({job="x"}[5m])"#, "unexpected literal for left leg of logical/set binary operation (unless): 7", at: "7"),
    Case(#"rate({job="x"}[5m]) + bool 1"#, "bool modifier can only be used on comparison operators", at: "bool"),
    Case(#"rate({job="x"}[5m]) and on (a) group_left rate({job="y"}[5m])"#, "no grouping allowed for \"and\" operation", at: "group_left"),
    Case(#"rate({job="x"}[1m]) > 5m"#, "unexpected DURATION 5m", at: "5m"),
    Case(#"-rate({job="x"}[5m])"#, "a sign is only allowed directly before a number", at: "rate"),
    Case(#"foo({job="x"}[5m])"#, "unknown function \"foo\"", at: "foo"),
    Case("rate", "unexpected IDENTIFIER \"rate\"", at: "rate"),
    Case(#"rate({job="x"}[5m]) offset 1h"#, "unexpected IDENTIFIER \"offset\"", at: "offset"),
    Case(#"rate({job="x"}[5m]) +"#, "unexpected end of input", at: nil),
    Case(#"(rate({job="x"}[5m])"#, "unexpected end of input, expecting \")\"", at: nil),
    Case(#"rate({job="x"}[5m]))"#, "unexpected )", at: "))", plus: 1),
    Case(#"vector(abc)"#, "unexpected IDENTIFIER \"abc\", expecting NUMBER", at: "abc"),
    Case(#"label_replace(rate({job="x"}[1m]), "dst", "$1", "src", "(")"#, "invalid regular expression in label_replace()", at: "\"(\""),
    Case(#"label_replace(rate({job="x"}[1m]), "", "$1", "src", "x")"#, "invalid destination label name", at: "label_replace"),
    Case(#"label_replace(rate({job="x"}[1m]), "dst", "$1", "src")"#, "unexpected ), expecting \",\"", at: "\")", plus: 1),
    Case("1 $ 2", "unexpected character '$'", at: "$"),
    Case("1e999", "invalid number \"1e999\": out of range", at: "1e999"),
  ]

  @Test(arguments: cases)
  func failsWithMessageAndPosition(_ testCase: Case) {
    switch LogQLParser.parseResult(testCase.query) {
    case .success(let query):
      Issue.record("parsed, expected an error: \(LogQLPrinter.format(query))")
    case .failure(let error):
      #expect(error.kind == .parse)
      #expect(error.message.contains(testCase.fragment), "\(error.message)")
      #expect(error.position?.start == testCase.offset, "\(error.message) at \(error.position.map { "\($0.start)" } ?? "nil")")
    }
  }

  @Test func tableIsLargeEnough() {
    #expect(Self.cases.count >= 60)
    #expect(Self.cases.allSatisfy { $0.offset >= 0 })
  }

  @Test func renderedAsLokiDoes() throws {
    let query = "{job=\"x\"}\n  | json | level ~ \"x\""
    guard case .failure(let error) = LogQLParser.parseResult(query) else {
      Issue.record("expected an error")
      return
    }
    #expect(error.rendered(in: query) == "parse error at line 2, col 18: unexpected character '~'")
  }

  @Test func overlongQueriesAreRefused() {
    let query = #"{job="x"} |= ""# + String(repeating: "a", count: LogQLParser.maxQueryBytes) + "\""
    guard case .failure(let error) = LogQLParser.parseResult(query) else {
      Issue.record("expected an error")
      return
    }
    #expect(error.message.contains("query is too long"))
    #expect(error.position?.start == 0)
  }

  @Test(arguments: [
    // Nested parentheses and aggregations.
    String(repeating: "(", count: 600) + "1" + String(repeating: ")", count: 600),
    String(repeating: "sum(", count: 600) + #"rate({job="x"}[1m])"# + String(repeating: ")", count: 600),
    // Long chains build tall trees.
    "1" + String(repeating: " + 1", count: 600),
    "2" + String(repeating: " ^ 2", count: 600),
    #"{job="x"} | "# + Array(repeating: #"a="b""#, count: 600).joined(separator: " and "),
    #"{job="x"} | "# + String(repeating: "(", count: 600) + #"a="b""# + String(repeating: ")", count: 600),
    "count_over_time(" + String(repeating: "(", count: 600) + #"{job="x"}"# + String(repeating: ")", count: 600) + "[1m])",
  ])
  func deepQueriesAreRefused(_ query: String) {
    guard case .failure(let error) = LogQLParser.parseResult(query) else {
      Issue.record("expected an error")
      return
    }
    #expect(error.message.contains("nested too deeply"), "\(error.message)")
    #expect(error.position != nil)
  }

  @Test func nestingJustUnderTheLimitParses() {
    let depth = LogQLParser.maxDepth - 2
    let query = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
    guard case .success(let parsed) = LogQLParser.parseResult(query) else {
      Issue.record("expected \(depth) parentheses to parse")
      return
    }
    #expect(LogQLPrinter.format(parsed) == query)
  }
}
