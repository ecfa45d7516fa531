// The query API's JSON text against what Prometheus (Go) writes: float formatting for sample
// values, scalars and timestamps, Go's string escaping, and the layouts of each result type.
import HTTPTypes
import PromQL
@testable import Server
import Testing
import WardenCore
import WardenTesting

struct GoFloatTextTests {
  /// Sample values: jsonutil.MarshalFloat ('e' below 1e-6 and from 1e21, else 'f', shortest).
  @Test(arguments: [
    (0.0, "0"), (-0.0, "-0"), (1.0, "1"), (-1.0, "-1"), (1.5, "1.5"), (0.1, "0.1"), (100.0, "100"),
    (0.30000000000000004, "0.30000000000000004"), (1234.5678, "1234.5678"), (1e-6, "0.000001"),
    (1e-7, "1e-07"), (2.5e-7, "2.5e-07"), (Double.leastNonzeroMagnitude, "5e-324"), (1e20, "100000000000000000000"),
    (1e21, "1e+21"), (-1e21, "-1e+21"), (1.5e300, "1.5e+300"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    (9007199254740993.0, "9007199254740992"), (9007199254740994.0, "9007199254740994"),
    (123456789012345678.0, "123456789012345680"), (9.999999999999999e20, "999999999999999900000"),
    (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (0.000123, "0.000123"),
    (1700000000.123, "1700000000.123"), (-42.25, "-42.25"),
  ])
  func sampleValues(value: Double, expected: String) {
    #expect(GoFloatText.string { GoFloatText.sampleValue(value, into: &$0) } == expected)
  }

  /// Scalars: strconv.FormatFloat(v, 'f', -1, 64), never an exponent.
  @Test(arguments: [
    (1e21, "1000000000000000000000"), (1e-7, "0.0000001"), (2.5e-7, "0.00000025"), (1.5, "1.5"), (-0.0, "-0"),
    (Double.nan, "NaN"), (Double.infinity, "+Inf"), (1e22, "10000000000000000000000"),
  ])
  func fixedValues(value: Double, expected: String) {
    #expect(GoFloatText.string { GoFloatText.fixed(value, into: &$0) } == expected)
  }

  @Test func smallestSubnormalInFixedLayout() {
    let text = GoFloatText.string { GoFloatText.fixed(.leastNonzeroMagnitude, into: &$0) }
    #expect(text == "0." + String(repeating: "0", count: 323) + "5")
  }

  /// Vector and matrix times: milliseconds as seconds, the fraction always three digits.
  @Test(arguments: [
    (Int64(1_700_000_000_000), "1700000000"), (1_700_000_000_123, "1700000000.123"), (1_700_000_000_120, "1700000000.120"),
    (1_700_000_000_005, "1700000000.005"), (0, "0"), (-1500, "-1.500"), (-5, "-0.005"), (999, "0.999"),
  ])
  func pointTimestamps(milliseconds: Int64, expected: String) {
    #expect(GoFloatText.string { GoFloatText.timestamp(milliseconds: milliseconds, into: &$0) } == expected)
  }

  /// Scalar and string times: float64(ms)/1000 through encoding/json (shortest, no padding).
  @Test(arguments: [
    (Int64(1_700_000_000_000), "1700000000"), (1_700_000_000_120, "1700000000.12"), (1_700_000_000_123, "1700000000.123"),
    (-1500, "-1.5"), (1, "0.001"),
  ])
  func jsonSeconds(milliseconds: Int64, expected: String) {
    #expect(GoFloatText.string { GoFloatText.jsonSeconds(milliseconds: milliseconds, into: &$0) } == expected)
  }

  @Test func jsonNumberTrimsExponentZero() {
    #expect(GoFloatText.string { GoFloatText.jsonNumber(1e-7, into: &$0) } == "1e-7")
    #expect(GoFloatText.string { GoFloatText.jsonNumber(1.5e21, into: &$0) } == "1.5e+21")
    #expect(GoFloatText.string { GoFloatText.jsonNumber(0.25, into: &$0) } == "0.25")
  }

  /// Every shortest form read back is the same double (round trip over random bit patterns).
  @Test func roundTripsRandomDoubles() {
    var generator = SeededGenerator(seed: 0x5EED_F10A7)
    for _ in 0..<20_000 {
      let value = Double(bitPattern: generator.next())
      guard value.isFinite else { continue }
      let text = GoFloatText.string { GoFloatText.sampleValue(value, into: &$0) }
      #expect(Double(text) == value, "\(value.debugDescription) written as \(text)")
      let fixed = GoFloatText.string { GoFloatText.fixed(value, into: &$0) }
      #expect(Double(fixed) == value, "\(value.debugDescription) written as \(fixed)")
      if Double(text) != value || Double(fixed) != value { break }
    }
  }
}

struct PrometheusJSONWriterTests {
  private func quoted(_ text: String) -> String {
    var writer = PrometheusJSONWriter()
    writer.string(text)
    return writer.text
  }

  /// Go's encoding/json escaping (Prometheus marshals label sets with it).
  @Test(arguments: [
    ("plain", #""plain""#), (#"a"b"#, #""a\"b""#), (#"back\slash"#, #""back\\slash""#), ("line\nfeed", #""line\nfeed""#),
    ("tab\there", #""tab\there""#), ("cr\r", #""cr\r""#), ("\u{08}\u{0C}", #""\b\f""#), ("\u{01}\u{1F}", #""\u0001\u001f""#),
    ("<b>&amp;</b>", #""\u003cb\u003e\u0026amp;\u003c/b\u003e""#), ("sep\u{2028}para\u{2029}", #""sep\u2028para\u2029""#),
    ("é€😀", "\"é€😀\""), ("/path", #""/path""#), ("\u{7F}", "\"\u{7F}\""), ("\u{2027}", "\"\u{2027}\""),
  ])
  func escapesAsGo(input: String, expected: String) {
    #expect(quoted(input) == expected)
  }

  @Test func labelSetsAreObjectsInNameOrder() {
    var writer = PrometheusJSONWriter()
    writer.labels(Labels([Label("job", "node"), Label("__name__", "up"), Label("instance", "a<b")]))
    #expect(writer.text == #"{"__name__":"up","instance":"a\u003cb","job":"node"}"#)
  }

  private func data(_ value: QueryValue) -> String {
    var writer = PrometheusJSONWriter()
    QueryAPIResponse.writeQueryData(value, stats: nil, into: &writer)
    return writer.text
  }

  @Test func vectorLayout() {
    let labels = Labels([Label("__name__", "up"), Label("job", "a")])
    let text = data(.vector([VectorSample(labels: labels, timestampMs: 1_700_000_000_123, value: 1.5)]))
    #expect(text == #"{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a"},"value":[1700000000.123,"1.5"]}]}"#)
    #expect(data(.vector([])) == #"{"resultType":"vector","result":[]}"#)
  }

  @Test func matrixLayout() {
    let series = SeriesSamples(labels: Labels([Label("a", "b")]), timestampsMs: [1000, 2500], values: [.nan, -.infinity])
    #expect(data(.matrix([series])) == #"{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"NaN"],[2.500,"-Inf"]]}]}"#)
    #expect(data(.matrix([SeriesSamples(labels: Labels([]))])) == #"{"resultType":"matrix","result":[{"metric":{}}]}"#)
  }

  @Test func scalarAndStringLayout() {
    #expect(data(.scalar(timestampMs: 1_700_000_000_120, value: 1e21)) == #"{"resultType":"scalar","result":[1700000000.12,"1000000000000000000000"]}"#)
    #expect(data(.string(timestampMs: 1000, value: "a<\"")) == #"{"resultType":"string","result":[1,"a\u003c\""]}"#)
  }

  /// `stats=1`: Prometheus's timings and samples objects, times as encoding/json floats.
  @Test func statsLayout() {
    var writer = PrometheusJSONWriter()
    QueryAPIResponse.writeQueryData(.vector([]), stats: QueryStats(evalSeconds: 0.25, queueSeconds: 1e-7, samplesLoaded: 12), into: &writer)
    #expect(
      writer.text
        == #"{"resultType":"vector","result":[],"stats":{"timings":{"evalTotalTime":0.25,"resultSortTime":0,"queryPreparationTime":0,"innerEvalTime":0.25,"execQueueTime":1e-7,"execTotalTime":0.2500001},"samples":{"totalQueryableSamples":12,"peakSamples":12}}}"#
    )
  }

  @Test func successEnvelopeListsAnnotationsOnlyWhenPresent() {
    let plain = QueryAPIResponse.successBody { $0.raw("[]") }
    #expect(plain.text == #"{"status":"success","data":[]}"#)
    let annotated = QueryAPIResponse.successBody(warnings: ["w<"], infos: ["i"]) { $0.raw("[]") }
    #expect(annotated.text == #"{"status":"success","data":[],"warnings":["w\u003c"],"infos":["i"]}"#)
  }

  @Test func annotationsAreCappedAtTenEach() {
    let query = "rate(x[5m])"
    let position = PositionRange(start: 0, end: 11)
    let many = (0..<13).map { Annotation(kind: .warning, message: "w\($0)", position: position) }
      + [Annotation(kind: .info, message: "i", position: position), Annotation(kind: .info, message: "i", position: position)]
    let (warnings, infos) = QueryAPIResponse.annotationTexts(many, query: query)
    #expect(warnings.count == 11)
    #expect(warnings.first == many[0].rendered(in: query))
    #expect(warnings.last == "3 more warning annotations omitted")
    #expect(infos == [many[13].rendered(in: query)])
  }

  @Test func errorStatusesFollowPrometheus() {
    #expect(QueryAPIResponse.status(errorType: "bad_data").code == 400)
    #expect(QueryAPIResponse.status(errorType: "execution").code == 422)
    #expect(QueryAPIResponse.status(errorType: "timeout").code == 503)
    #expect(QueryAPIResponse.status(errorType: "canceled").code == 499)
    #expect(QueryAPIResponse.status(errorType: "internal").code == 500)
    #expect(QueryAPIResponse.error(.tooManySamples, query: "x").status.code == 422)
  }

  @Test func limitTruncatesVectorsAndMatrices() {
    let samples = (0..<5).map { VectorSample(labels: Labels([Label("i", "\($0)")]), timestampMs: 0, value: 1) }
    var vector = QueryValue.vector(samples)
    #expect(QueryRoutes.truncate(&vector, to: 2))
    #expect(vector == .vector(Array(samples.prefix(2))))
    var scalar = QueryValue.scalar(timestampMs: 0, value: 1)
    #expect(!QueryRoutes.truncate(&scalar, to: 1))
    var matrix = QueryValue.matrix([SeriesSamples(labels: Labels([]))])
    #expect(!QueryRoutes.truncate(&matrix, to: 1))
  }
}
