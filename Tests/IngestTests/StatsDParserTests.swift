// The StatsD/DogStatsD line parser: every type, sample rates, tags, gauge deltas, DogStatsD
// extensions, refused lines with their messages, and the limits.
import Ingest
import Testing

@Suite struct StatsDParserTests {
  private func parse(_ text: String, limits: StatsDLimits = StatsDLimits()) -> StatsDParseResult {
    StatsDParser.parse(Array(text.utf8), limits: limits)
  }

  /// The bytes a range points at, as text.
  private func text(_ datagram: String, _ range: Range<Int>) -> String {
    String(decoding: Array(datagram.utf8)[range], as: UTF8.self)
  }

  @Test func everyTypeParses() throws {
    let datagram = "hits:3|c\ntemp:21.5|g\nlatency:250|ms\nsize:1.5|h\nreq.dist:7|d\nusers:alice|s"
    let result = parse(datagram)
    #expect(result.errors.isEmpty)
    #expect(result.lines.map(\.type) == [.counter, .gauge, .timer, .histogram, .histogram, .set])
    #expect(result.lines.map(\.lineNumber) == [1, 2, 3, 4, 5, 6])
    #expect(result.lines.map { text(datagram, $0.name) } == ["hits", "temp", "latency", "size", "req.dist", "users"])
    #expect(result.lines[0].value == 3)
    #expect(result.lines[1].value == 21.5)
    #expect(result.lines[2].value == 0.25, "timers are stored in seconds")
    #expect(result.lines[3].value == 1.5, "histograms are stored as sent")
    #expect(text(datagram, result.lines[5].member) == "alice")
  }

  @Test func setMembersMayContainColons() throws {
    let datagram = "ips:10.0.0.1:8080|s"
    let line = try #require(parse(datagram).lines.first)
    #expect(text(datagram, line.member) == "10.0.0.1:8080")
  }

  @Test func sampleRateIsKeptForTheAggregator() throws {
    let result = parse("a:1|c|@0.1\nb:5|ms|@0.5|#env:prod")
    #expect(result.errors.isEmpty)
    #expect(result.lines.map(\.sampleRate) == [0.1, 0.5])
  }

  @Test func gaugeSignsAreDeltas() {
    let result = parse("g:+4|g\ng:-2.5|g\ng:10|g\nc:+3|c")
    #expect(result.lines.map(\.isDelta) == [true, true, false, false])
    #expect(result.lines.map(\.value) == [4, -2.5, 10, 3])
  }

  @Test func tagsAreRecordedAndMalformedOnesCounted() throws {
    let datagram = "req:1|c|#env:prod,novalue,:x,k:,__name__:evil,region:eu-west"
    let result = parse(datagram)
    let line = try #require(result.lines.first)
    #expect(text(datagram, line.tags) == "env:prod,novalue,:x,k:,__name__:evil,region:eu-west")
    #expect(result.droppedTags == 4, "no colon, empty name, empty value and a reserved name are dropped")
    #expect(result.rejectedLines == 0)
  }

  @Test func dogStatsDExtensionsAreAcceptedAndIgnored() {
    let result = parse("a:1|c|#t:v|c:83bf2a|T1656581400\nb:2|g|e:it-false,cn-web|@1")
    #expect(result.errors.isEmpty)
    #expect(result.lines.count == 2)
  }

  @Test func packedValuesGiveOneLineEach() {
    let result = parse("lat:100:200:300|ms|@0.5")
    #expect(result.lines.map(\.value) == [0.1, 0.2, 0.3])
    #expect(result.lines.allSatisfy { $0.sampleRate == 0.5 && $0.lineNumber == 1 })
  }

  @Test func serviceChecksAndEventsAreUnsupportedNotErrors() {
    let result = parse("_sc|db.up|0|#env:prod\n_e{5,4}:title|text\nok:1|c")
    #expect(result.unsupportedLines == 2)
    #expect(result.rejectedLines == 0)
    #expect(result.lines.count == 1)
  }

  @Test func blankLinesAndCRLFAreFine() {
    let result = parse("a:1|c\r\n\n\nb:2|c\n")
    #expect(result.errors.isEmpty)
    #expect(result.lines.map(\.lineNumber) == [1, 4])
  }

  @Test(arguments: [
    ("noseparator", "line 2: expected \":\" after the metric name"),
    (":1|c", "line 2: empty metric name"),
    ("a:1", "line 2: expected \"|\" and a metric type after the value"),
    ("a:1|", "line 2: missing metric type after \"|\""),
    ("a:1|x", "line 2: unknown metric type \"x\""),
    ("a:abc|c", "line 2: invalid value \"abc\": expected a finite decimal number"),
    ("a:NaN|g", "line 2: invalid value \"NaN\": expected a finite decimal number"),
    ("a:1e999|g", "line 2: invalid value \"1e999\": expected a finite decimal number"),
    ("a:|c", "line 2: empty value"),
    ("a:1::2|ms", "line 2: empty value"),
    ("a:-1|c", "line 2: counter value \"-1\" is negative; counters only go up"),
    ("a:1|c|@0", "line 2: invalid sample rate \"0\": expected a number in (0, 1]"),
    ("a:1|c|@2", "line 2: invalid sample rate \"2\": expected a number in (0, 1]"),
    ("a:1|c|@x", "line 2: invalid sample rate \"x\": expected a number in (0, 1]"),
    ("a:1|c|", "line 2: empty section after \"|\""),
    ("a:1|c|zz", "line 2: unknown section \"zz\": expected @rate, #tags, c:, e: or T"),
    ("a:1|c|#a:b|#c:d", "line 2: more than one tag section"),
    ("a:1|c|T12x", "line 2: invalid timestamp \"12x\": expected Unix seconds"),
    ("a:|s", "line 2: empty set member"),
  ])
  func malformedLinesAreRefusedWithLineAndProblem(line: String, message: String) {
    let result = parse("good:1|c\n\(line)\nalso.good:2|g")
    #expect(result.errors.map(\.description) == [message])
    #expect(result.rejectedLines == 1)
    #expect(result.lines.count == 2, "the datagram's other lines are kept")
  }

  @Test func packedValuesAreAllOrNothing() {
    let result = parse("lat:1:2:oops|ms")
    #expect(result.lines.isEmpty)
    #expect(result.errors.map(\.description) == ["line 1: invalid value \"oops\": expected a finite decimal number"])
  }

  @Test func invalidUTF8IsRefused() {
    var bytes = Array("ok:1|c\nbad".utf8)
    bytes += [0xC3, 0x28]
    bytes += Array(":1|c".utf8)
    let result = StatsDParser.parse(bytes)
    #expect(result.errors.map(\.description) == ["line 2: not valid UTF-8"])
    #expect(result.lines.count == 1)
  }

  @Test func longValuesAreQuotedShortened() {
    let value = String(repeating: "x", count: 100)
    let result = parse("a:\(value)|c")
    #expect(result.errors.first?.message == "invalid value \"\(String(repeating: "x", count: 32))...\": expected a finite decimal number")
  }

  @Test func datagramSizeLimit() {
    var limits = StatsDLimits()
    limits.maxDatagramBytes = 16
    let result = parse("a:1|c\nb:2|c\nc:3|c", limits: limits)
    #expect(result.isDatagramRejected)
    #expect(result.lines.isEmpty)
    #expect(result.errors.map(\.description) == ["datagram: datagram of 17 bytes is larger than the limit of 16"])
  }

  @Test func lineCountLimit() {
    var limits = StatsDLimits()
    limits.maxLinesPerDatagram = 2
    let result = parse("a:1|c\nb:1|c\nc:1|c\nd:1|c", limits: limits)
    #expect(result.lines.count == 2)
    #expect(result.rejectedLines == 2)
    #expect(result.errors.map(\.description) == ["line 3: more than 2 lines in one datagram; the rest are ignored"])
  }

  @Test func tagCountAndLengthLimits() {
    var limits = StatsDLimits()
    limits.maxTagsPerLine = 2
    limits.maxTagBytes = 8
    let result = parse("a:1|c|#a:1,b:2,c:3\nb:1|c|#long:valuevalue\nc:1|c|#a:1,b:2", limits: limits)
    #expect(
      result.errors.map(\.description) == [
        "line 1: more than 2 tags", "line 2: tag of 15 bytes is longer than the limit of 8",
      ])
    #expect(result.lines.count == 1)
  }

  @Test func nameLengthLimit() {
    var limits = StatsDLimits()
    limits.maxNameBytes = 4
    let result = parse("abcd:1|c\nabcde:1|c", limits: limits)
    #expect(result.errors.map(\.description) == ["line 2: metric name of 5 bytes is longer than the limit of 4"])
  }

  @Test func reportedErrorsAreCappedButAllCounted() {
    var limits = StatsDLimits()
    limits.maxReportedErrors = 3
    let result = parse(Array(repeating: "bad", count: 10).joined(separator: "\n"), limits: limits)
    #expect(result.errors.count == 3)
    #expect(result.rejectedLines == 10)
  }

  @Test func namesMapAsStatsDExporterDoes() {
    #expect(StatsDNames.prometheusName("http.requests") == "http_requests")
    #expect(StatsDNames.prometheusName("5xx.count") == "_5xx_count")
    #expect(StatsDNames.prometheusName("a-b--c---d") == "a_b_c_d")
    #expect(StatsDNames.prometheusName("café/ü") == "caf___")
    #expect(StatsDNames.prometheusName("already_fine_9") == "already_fine_9")
  }
}
