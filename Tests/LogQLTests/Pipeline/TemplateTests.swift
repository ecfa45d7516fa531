// line_format / label_format templates: Go template syntax and Loki's functions, with the
// documentation's examples.
@testable import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct TemplateTests {
  @Test func fieldsPipelinesAndLiterals() throws {
    let labels = ["path": "/api/v1 x", "method": "get", "status": "200"]
    #expect(try render("{{.path}}", labels: labels) == "/api/v1 x")
    #expect(try render("{{ .method | ToUpper }} {{ .status }}", labels: labels) == "GET 200")
    #expect(try render(#"{{ .path | replace " " "_" | trunc 5 | upper }}"#, labels: labels) == "/API/")
    #expect(try render("{{ .missing }}|", labels: labels) == "|")
    #expect(try render(#"{{ "quoted \"x\"\n" }}{{ `raw\n` }}{{ 42 }} {{ 1.5 }} {{ true }}"#) == "quoted \"x\"\nraw\\n42 1.5 true")
    #expect(try render("a  {{- .status -}}  b", labels: labels) == "a200b")
    #expect(try render("{{/* a comment */}}x") == "x")
    #expect(try render("plain text only") == "plain text only")
    #expect(try render("{{ . }}", labels: ["b": "2", "a": "1"]) == "map[a:1 b:2]")
  }

  @Test func lineAndTimestamp() throws {
    #expect(try render("{{ __line__ | lower }}", line: "HELLO World") == "hello world")
    let ns: Int64 = 1_679_577_215_123_000_000  // 2023-03-23T13:13:35.123Z
    #expect(try render("{{ __timestamp__ }}", timestampNs: ns) == "2023-03-23 13:13:35.123 +0000 UTC")
    #expect(try render(#"{{ __timestamp__ | date "2006-01-02T15:04:05.00Z07:00" }}"#, timestampNs: ns) == "2023-03-23T13:13:35.12Z")
    #expect(try render("{{ __timestamp__ | unixEpoch }}", timestampNs: ns) == "1679577215")
    #expect(try render("{{ __timestamp__ | unixEpochMillis }}", timestampNs: ns) == "1679577215123")
    #expect(try render("{{ __timestamp__ | unixEpochNanos }}", timestampNs: ns) == "1679577215123000000")
    #expect(try render(#"{{ date "Mon Jan _2 3:04PM 2006 MST" __timestamp__ }}"#, timestampNs: ns) == "Thu Mar 23 1:13PM 2023 UTC")
  }

  @Test func conditionals() throws {
    #expect(try render(#"{{ if and (contains "he" "hello") (contains "llo" "hello") }}yes{{end}}"#) == "yes")
    #expect(try render(#"{{ if or (contains "xx" "hello") (contains "llo" "hello") }}yes{{ else }}no{{end}}"#) == "yes")
    let template = #"{{ if contains "ErrTimeout" .err }}timeout{{else if contains "he" "hello"}}yes{{else}}no{{end}}"#
    #expect(try render(template, labels: ["err": "got ErrTimeout"]) == "timeout")
    #expect(try render(template, labels: ["err": "other"]) == "yes")
    #expect(try render(#"{{ if eq .status "200" }}ok{{ end }}"#, labels: ["status": "200"]) == "ok")
    #expect(try render(#"{{ if eq .status 200 }}ok{{ end }}"#, labels: ["status": "200"]) == "ok")
    #expect(try render(#"{{ if gt .status 499 }}bad{{ else }}good{{ end }}"#, labels: ["status": "503"]) == "bad")
    #expect(try render(#"{{ if not .x }}empty{{ end }}"#) == "empty")
    #expect(try render(#"{{ if eq .a "1" "2" "3" }}in{{ end }}"#, labels: ["a": "3"]) == "in")
  }

  @Test func stringFunctions() throws {
    #expect(try render(#"{{ "This is a string" | ToUpper | ToLower }}"#) == "this is a string")
    #expect(try render(#"{{ title "hello world" }}"#) == "Hello World")
    #expect(try render(#"{{ trim "   hello    " }}"#) == "hello")
    #expect(try render(#"{{ trimAll "$" "$5.00" }}"#) == "5.00")
    #expect(try render(#"{{ trimPrefix "-" "-hello" }}|{{ trimSuffix "-" "hello-" }}"#) == "hello|hello")
    #expect(try render(#"{{ .cluster | replace "-cluster" "" }}"#, labels: ["cluster": "prod-cluster"]) == "prod")
    #expect(try render(#"{{ replace "hello" "world" "hello world" }}"#) == "world world")
    #expect(try render(#"{{ Replace "aaaa" "a" "b" 2 }}"#) == "bbaa")
    #expect(try render(#"{{ substr 0 5 "hello world" }}|{{ substr 6 11 "hello world" }}|{{ substr -1 2 "abc" }}|{{ substr 1 -1 "abc" }}"#) == "hello|world|ab|bc")
    #expect(try render(#"{{ trunc 5 "hello world" }}|{{ trunc -5 "hello world" }}|{{ trunc 50 "hi" }}"#) == "hello|world|hi")
    #expect(try render(#"{{ repeat 3 "hello" }}"#) == "hellohellohello")
    #expect(try render(#"{{ indent 2 "a\nb" }}|{{ nindent 2 "c" }}"#) == "  a\n  b|\n  c")
    #expect(try render(#"{{ default "-" "" }} {{ default "-" "foo" }} {{ .xff | default "-" }}"#) == "- foo -")
    #expect(try render(#"[{{ alignLeft 5 "hello world" }}][{{ alignLeft 5 "hi" }}][{{ alignRight 5 "hello world" }}][{{ alignRight 5 "hi" }}]"#) == "[hello][hi   ][world][   hi]")
    #expect(try render(#"{{ if hasPrefix "he" "hello" }}p{{ end }}{{ if hasSuffix "lo" "hello" }}s{{ end }}"#) == "ps")
    #expect(try render(#"{{ urlencode "a b&c=d/é" }}|{{ urldecode "a+b%26c%3Dd" }}"#) == "a+b%26c%3Dd%2F%C3%A9|a b&c=d")
    #expect(try render(#"{{ b64enc "hello" }}|{{ b64dec "aGVsbG8=" }}|{{ b64enc "hi" | b64dec }}"#) == "aGVsbG8=|hello|hi")
    #expect(try render(#"{{ len "héllo" }}"#) == "6")
  }

  @Test func regexFunctions() throws {
    #expect(try render(#"{{ count "a|b" "abab" }} {{ count "o" "foo" }}"#) == "4 2")
    #expect(try render(#"{{ regexReplaceAll "(a*)bc" .some_label "${1}a" }}"#, labels: ["some_label": "xaabcy"]) == "xaaay")
    #expect(try render(#"{{ regexReplaceAllLiteral "(ts=)" .timestamp "timestamp=" }}"#, labels: ["timestamp": "ts=1 ts=2"]) == "timestamp=1 timestamp=2")
    #expect(try render(#"{{ regexReplaceAllLiteral "a" "banana" "$1" }}"#) == "b$1n$1n$1")
    #expect(try render(#"{{ __line__ | count "XYZ" }}"#, line: "XYZ and XYZ") == "2")
    // A regex built from a label is compiled per runner; a bad one is a line error.
    #expect(try templateError(#"{{ count .re "x" }}"#, labels: ["re": "("]).contains("invalid regex"))
  }

  @Test func mathFunctions() throws {
    #expect(try render("{{ add 3 2 5 }} {{ sub 5 2 }} {{ mul 5 2 3 }} {{ div 10 2 }} {{ mod 10 3 }}") == "10 3 30 5 1")
    #expect(try render("{{ addf 3.5 2 5 }} {{ subf 5.5 2 1.5 }} {{ mulf 5.5 2 2.5 }} {{ divf 10 2 4 }}") == "10.5 2 27.5 1.25")
    #expect(try render("{{ max 1 2 3 }} {{ min 1 2 3 }} {{ maxf 1 2.5 3 }} {{ minf 1.5 2.5 3 }}") == "3 1 3 1.5")
    #expect(try render("{{ ceil 123.001 }} {{ floor 123.9999 }} {{ round 123.555555 3 }} {{ round 123.88571428571 5 .2 }}") == "124 123 123.556 123.88572")
    #expect(try render(#"{{ "3" | int }} {{ "3.5" | float64 }} {{ int "x" }}"#) == "3 3.5 0")
    // Loki's example: labels are strings, math converts them.
    #expect(try render("{{.ip}} {{.status}} {{div .duration 1000}}", labels: ["ip": "1.1.1.1", "status": "200", "duration": "3000"]) == "1.1.1.1 200 3")
    #expect(try render(#"{{ bytes "2KB" }} {{ duration "1m30s" }} {{ duration_seconds "250ms" }}"#) == "2000 90 0.25")
    #expect(try render("{{ mulf 1000000 2 }}") == "2e+06")
    #expect(try templateError("{{ div 1 0 }}").contains("divide by zero"))
  }

  @Test func printf() throws {
    #expect(try render(#"{{ printf "The IP address was %s" .remote_addr }}"#, labels: ["remote_addr": "129.168.1.1"]) == "The IP address was 129.168.1.1")
    #expect(try render(#"[{{ printf "%-10.4s" .m }}][{{ printf "%5s" "ab" }}]"#, labels: ["m": "GETTING"]) == "[GETT      ][   ab]")
    #expect(try render(#"{{ printf "%d|%05d|%x|%X|%o|%b|%+d" 42 -42 255 255 8 5 3 }}"#) == "42|-0042|ff|FF|10|101|+3")
    #expect(try render(#"{{ printf "%.2f|%f|%e|%g|%8.3f" 3.14159 1.5 1234.5678 0.000012 2.5 }}"#) == "3.14|1.500000|1.234568e+03|1.2e-05|   2.500")
    #expect(try render(#"{{ printf "%q %v %t %%" "a\"b" 7 true }}"#) == #""a\"b" 7 true %"#)
    #expect(try render(#"{{ printf "%d" "abc" }}"#) == "%!d(string=abc)")
    #expect(try render(#"{{ printf "%s %s" "a" }}"#) == "a %!s(MISSING)")
    #expect(try render(#"{{ printf "%s" "a" "b" }}"#) == "a%!(EXTRA string=b)")
    #expect(try render(#"{{ print "a" 1 2 "b" }}"#) == "a1 2b")
  }

  @Test func timeFunctions() throws {
    #expect(try render(#"{{ date "2006-01-02" (unixToTime .from) }}"#, labels: ["from": "1679577215"]) == "2023-03-23")
    #expect(try render(#"{{ unixToTime "19439" | unixEpoch }}"#) == "1679529600")
    #expect(try render(#"{{ unixToTime "1679577215123" | unixEpochMillis }}"#) == "1679577215123")
    #expect(try render(#"{{ toDate "2006-01-02" "2021-11-02" | unixEpoch }}"#) == "1635811200")
    #expect(try render(#"{{ toDateInZone "2006-01-02T15:04:05.999999999Z07:00" "UTC" "2021-11-02T10:00:00.5+02:00" | unixEpochMillis }}"#) == "1635840000500")
    #expect(try render(#"{{ toDate "Jan 2 2006 3:04PM" "Mar 5 2024 11:30PM" | date "2006-01-02 15:04" }}"#) == "2024-03-05 23:30")
    #expect(try render(#"{{ toDate "2006-01-02" "garbage" | date "2006-01-02" }}"#) == "0001-01-01")
    let now = try #require(try render(#"{{ unixEpoch now }}"#))
    #expect((Int64(now) ?? 0) > 1_700_000_000)
    #expect(try templateError(#"{{ unixToTime "123" }}"#).contains("unable to parse time"))
  }

  @Test func templateErrorsAtCompileTime() {
    let position = PositionRange(start: 3, end: 9)
    for bad in [
      "{{ .a ", "{{ nosuch .a }}", "{{ if .a }}x", "{{ end }}", "{{ else }}", "{{ range .a }}{{ end }}", "{{ $x := 1 }}",
      "{{ lower }}", #"{{ replace "a" }}"#, "{{ .a .b }}", "{{ (lower .a }}", #"{{ "unterminated }}"#, "{{ .a | .b }}",
      #"{{ count "(" .a }}"#, "{{ .a.b }}", "{{/* open }}", "{{ 1x }}",
    ] {
      let result = Result { try LogPipeline([.lineFormat(template: bad, position: position)]) }
      #expect(throws: LogQLError.self, "\(bad)") { try result.get() }
      if case .failure(let error as LogQLError) = result {
        #expect(error.kind == .invalid && error.position == position, "\(bad)")
      }
    }
  }

  @Test func runtimeErrorsMarkTheLineAndKeepIt() throws {
    let result = try #require(try run([lineFormat(#"{{ substr 5 1 "abc" }}"#)], "original"))
    #expect(result.rewrittenLine == nil)
    #expect(result.labels["__error__"] == "TemplateFormatErr")
    #expect(!result.labels["__error_details__"].isEmpty)
    #expect(try templateError(#"{{ repeat 100000000 "abc" }}"#).contains("longer than"))
    #expect(try templateError(#"{{ lt "a" 1 }}"#).contains("incompatible types"))
  }
}
