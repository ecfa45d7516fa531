// The parser stages with the examples of Loki's documentation: json (all fields and extraction
// paths), logfmt (with --strict and --keep-empty), regexp, pattern and unpack, plus their error
// labels and the `_extracted` rule.
@testable import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct ParserStageTests {
  static let document = """
    {
        "protocol": "HTTP/2.0",
        "servers": ["129.0.1.1","10.2.1.3"],
        "request": {
            "time": "6.032",
            "method": "GET",
            "host": "foo.grafana.net",
            "size": "55",
            "headers": {
              "Accept": "*/*",
              "User-Agent": "curl/7.68.0"
            }
        },
        "response": {
            "status": 401,
            "size": "228",
            "latency_seconds": "6.031"
        }
    }
    """

  @Test func jsonFlattensNestedObjectsAndSkipsArrays() throws {
    let result = try run([json()], Self.document)
    #expect(
      extracted(result) == [
        "protocol": "HTTP/2.0", "request_time": "6.032", "request_method": "GET", "request_host": "foo.grafana.net",
        "request_size": "55", "request_headers_Accept": "*/*", "request_headers_User_Agent": "curl/7.68.0",
        "response_status": "401", "response_size": "228", "response_latency_seconds": "6.031",
      ])
    #expect(result?.rewrittenLine == nil)
  }

  @Test func jsonSanitizesKeysAndKeepsScalars() throws {
    let result = try run([json()], #"{ "a.b": {"c": "d"}, "e": "f", "1st": true, "x-y z": -1.5e3, "n": null, "esc": "tab\there \u00e9\ud83d\ude00", "ünï": "u" }"#)
    #expect(
      extracted(result) == [
        "a_b_c": "d", "e": "f", "_1st": "true", "x_y_z": "-1.5e3", "esc": "tab\there é😀", "_n_": "u",
      ])
  }

  @Test func jsonExtractionPaths() throws {
    let result = try run(
      [
        json([
          FieldExtraction(label: "first_server", path: "servers[0]"),
          FieldExtraction(label: "ua", path: #"request.headers["User-Agent"]"#),
          FieldExtraction(label: "server_list", path: "servers"),
          FieldExtraction(label: "headers", path: "request.headers"),
          FieldExtraction(label: "status", path: "response.status"),
          FieldExtraction(label: "missing", path: "request.nope[3]"),
        ])
      ], Self.document)
    let labels = extracted(result)
    #expect(labels["first_server"] == "129.0.1.1")
    #expect(labels["ua"] == "curl/7.68.0")
    #expect(labels["server_list"] == #"["129.0.1.1","10.2.1.3"]"#)
    #expect(labels["headers"]?.hasPrefix("{") == true && labels["headers"]?.contains(#""User-Agent": "curl/7.68.0""#) == true)
    #expect(labels["status"] == "401")
    #expect(labels["missing"] == nil)
    #expect(labels.count == 5)
  }

  @Test func jsonOnAnInvalidLineSetsTheParserError() throws {
    for line in ["INFO GET / loki.net 200", #"{"a": "b""#, "[1,2]", #"{"a": 1} trailing"#, #"{"a": tru}"#, ""] {
      let result = try #require(try run([json()], line))
      #expect(result.labels["__error__"] == "JSONParserErr", "\(line)")
      #expect(!result.labels["__error_details__"].isEmpty)
      #expect(result.labels.count == 3, "only job and the two error labels")
    }
    // The extraction form validates the whole line too.
    let result = try run([json([FieldExtraction(label: "a", path: "a")])], #"{"a": "1", "b": }"#)
    #expect(result?.labels["__error__"] == "JSONParserErr")
    #expect(result?.labels["a"] == "")
  }

  @Test func jsonNestingIsBounded() throws {
    let deep = String(repeating: #"{"a":"#, count: 100) + "1" + String(repeating: "}", count: 100)
    let result = try run([json()], deep)
    #expect(result?.labels["__error__"] == "JSONParserErr")
    #expect(result?.labels["__error_details__"].contains("nesting") == true)
  }

  @Test func extractedLabelsThatCollideWithStreamLabelsGetASuffix() throws {
    let result = try run([json()], #"{"job": "inner", "level": "info", "level": "debug"}"#)
    #expect(result?.labels["job"] == "app")
    #expect(result?.labels["job_extracted"] == "inner")
    // The first of two equal keys wins.
    #expect(result?.labels["level"] == "info")
    // Metadata counts as original too, and is visible as labels.
    let withMetadata = try run([json()], #"{"trace_id": "x"}"#, metadata: [LogField("trace_id", "abc")])
    #expect(withMetadata?.labels["trace_id"] == "abc")
    #expect(withMetadata?.labels["trace_id_extracted"] == "x")
  }

  @Test func invalidJSONPathsAreRejected() {
    for path in ["", "a.", ".a", "a[", "a[x]", #"a["b"#, "a..b", "a]"] {
      #expect(throws: LogQLError.self, "\(path)") { try LogPipeline([json([FieldExtraction(label: "x", path: path)])]) }
    }
  }

  @Test func logfmtExtractsEveryPair() throws {
    let line = #"at=info method=GET path=/ host=grafana.net fwd="124.133.124.161" service=8ms status=200"#
    #expect(
      extracted(try run([logfmt()], line)) == [
        "at": "info", "method": "GET", "path": "/", "host": "grafana.net", "fwd": "124.133.124.161", "service": "8ms",
        "status": "200",
      ])
    #expect(extracted(try run([logfmt([FieldExtraction(label: "host", path: "host"), FieldExtraction(label: "fwd_ip", path: "fwd")])], line))
      == ["host": "grafana.net", "fwd_ip": "124.133.124.161"])
  }

  @Test func logfmtQuotedValuesAndOddKeys() throws {
    let line = #"msg="hello \"world\"\n" trace.id=abc1 empty="" 9lives=yes"#
    #expect(extracted(try run([logfmt()], line)) == ["msg": "hello \"world\"\n", "trace_id": "abc1", "_9lives": "yes"])
  }

  @Test func logfmtSkipsMalformedPairsUnlessStrict() throws {
    let line = #"a=1 =value foo=bar=buzz fo"o=bar b=2"#
    let lenient = try #require(try run([logfmt()], line))
    #expect(extracted(lenient) == ["a": "1", "b": "2"])
    let strict = try #require(try run([logfmt(strict: true)], line))
    #expect(strict.labels["__error__"] == "LogfmtParserErr")
    #expect(strict.labels["__error_details__"].contains("unexpected '='"))
    #expect(strict.labels["a"] == "", "a strict failure extracts nothing")
    #expect(try run([logfmt(strict: true)], #"a="unterminated"#)?.labels["__error__"] == "LogfmtParserErr")
  }

  @Test func logfmtStandaloneKeys() throws {
    // Empty values disappear from the final label set (Warden's Labels drops them), but a
    // requested standalone key overrides, and --keep-empty lets filters see it.
    let keepEmpty = try run([logfmt(keepEmpty: true), .labelFilter(.matcher(matcher(.equal, "flag", ""), position: at))], "flag a=1")
    #expect(extracted(keepEmpty) == ["a": "1"])
    let plain = try run([logfmt()], "flag a=1")
    #expect(extracted(plain) == ["a": "1"])
  }

  @Test func regexpNamedGroupsBecomeLabels() throws {
    let stage = PipelineStage.parser(.regexp(pattern: #"(?P<method>\w+) (?P<path>[\w|/]+) \((?P<status>\d+?)\) (?P<duration>.*)"#, position: at))
    let result = try run([stage], "POST /api/prom/api/v1/query_range (200) 1.5s")
    #expect(extracted(result) == ["method": "POST", "path": "/api/prom/api/v1/query_range", "status": "200", "duration": "1.5s"])
    // No match: the line is kept as it was.
    #expect(extracted(try run([stage], "nothing here")) == [:])
  }

  @Test func regexpNeedsNamedGroups() {
    #expect(throws: LogQLError.self) { try LogPipeline([.parser(.regexp(pattern: #"(\w+)"#, position: at))]) }
    #expect(throws: LogQLError.self) { try LogPipeline([.parser(.regexp(pattern: #"(?P<ok>\w+"#, position: at))]) }
    #expect(RegexpStage.groupNames(#"(?P<a>x)(?<b>y)(?<=z)[(?P<no>)]\(?P<no2>"#) == ["a", "b"])
  }

  @Test func patternParsesTheNginxExample() throws {
    let line = #"0.191.12.2 - - [10/Jun/2021:09:14:29 +0000] "GET /api/plugins/versioncheck HTTP/1.1" 200 2 "-" "Go-http-client/2.0" "13.76.247.102, 34.120.177.193" "TLSv1.2" "US" """#
    let stage = PipelineStage.parser(.pattern(pattern: #"<ip> - - <_> "<method> <uri> <_>" <status> <size> <_> "<agent>" <_>"#, position: at))
    #expect(
      extracted(try run([stage], line)) == [
        "ip": "0.191.12.2", "method": "GET", "uri": "/api/plugins/versioncheck", "status": "200", "size": "2", "agent": "Go-http-client/2.0",
      ])
  }

  @Test func patternIsAnchoredAndStopsAtAMissingLiteral() throws {
    let line = #"level=debug ts=2021-06-10T09:24:13.472094048Z caller=logging.go:66 traceID=0568b66ad2d9294c msg="POST /loki/api/v1/push (204) 16.652862ms""#
    let unanchored = PipelineStage.parser(.pattern(pattern: #"<_> msg="<method> <path> (<status>) <latency>""#, position: at))
    #expect(extracted(try run([unanchored], line)) == ["method": "POST", "path": "/loki/api/v1/push", "status": "204", "latency": "16.652862ms"])
    let anchored = PipelineStage.parser(.pattern(pattern: #"msg="<method> <path>"#, position: at))
    #expect(extracted(try run([anchored], line)) == [:])
    let partial = PipelineStage.parser(.pattern(pattern: "<a> <b> [<c>]", position: at))
    #expect(extracted(try run([partial], "one two three")) == ["a": "one"])
  }

  @Test func invalidPatternsAreRejected() {
    for pattern in ["no captures", "<_> only", "<a><b>", "<a> <a>"] {
      #expect(throws: LogQLError.self, "\(pattern)") { try LogPipeline([.parser(.pattern(pattern: pattern, position: at))]) }
    }
    // `<` that is not a capture is a literal.
    #expect(throws: Never.self) { try LogPipeline([.parser(.pattern(pattern: "<-- <x> <1a>", position: at))]) }
  }

  @Test func unpackExtractsStringsAndReplacesTheLine() throws {
    let line = #"{"container": "myapp", "pod": "pod-3223f", "count": 3, "_entry": "original log message"}"#
    let result = try #require(try run([.parser(.unpack(position: at))], line))
    #expect(extracted(result) == ["container": "myapp", "pod": "pod-3223f"])
    #expect(text(result, original: line) == "original log message")
    // A parser after unpack reads the unpacked line.
    let chained = try run([.parser(.unpack(position: at)), logfmt()], #"{"_entry": "a=1 b=2", "app": "x"}"#)
    #expect(extracted(chained) == ["a": "1", "b": "2", "app": "x"])
    let invalid = try run([.parser(.unpack(position: at))], "not json")
    #expect(invalid?.labels["__error__"] == "JSONParserErr")
  }

  @Test func labelNamesAreSanitized() {
    #expect(LabelNameSanitizer.sanitize("User-Agent") == "User_Agent")
    #expect(LabelNameSanitizer.sanitize("  a.b:c  ") == "a_b_c")
    #expect(LabelNameSanitizer.sanitize("0day") == "_0day")
    #expect(LabelNameSanitizer.sanitize("héllo") == "h_llo")
    #expect(LabelNameSanitizer.sanitize("日本") == "__")
    #expect(LabelNameSanitizer.sanitize("ok_Name9") == "ok_Name9")
    #expect(LabelNameSanitizer.sanitize("   ") == "")
  }
}
