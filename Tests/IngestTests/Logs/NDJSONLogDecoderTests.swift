// NDJSON log ingest: every timestamp form, the field aliases, extra fields as metadata, blank
// lines, gzip; errors name the line; mutated bodies never trap.
import Codecs
import Ingest
import Testing
import WardenCore
import WardenTesting

private func decodeNDJSON(_ text: String, gzip: Bool = false, limits: LogIngestLimits = LogIngestLimits()) -> Result<LogBatch, LogIngestError> {
  decodeNDJSON(bytes: Array(text.utf8), gzip: gzip, limits: limits)
}

private func decodeNDJSON(bytes body: [UInt8], gzip: Bool = false, limits: LogIngestLimits = LogIngestLimits()) -> Result<LogBatch, LogIngestError> {
  do throws(LogIngestError) {
    return .success(
      try NDJSONLogDecoder.decode(body: gzip ? Gzip.compress(body) : body, contentEncoding: gzip ? "gzip" : nil, receivedAtNs: 77, limits: limits))
  } catch {
    return .failure(error)
  }
}

@Suite struct NDJSONLogDecoderTests {
  static let body = """
    {"ts":"2024-05-01T10:00:00.5Z","line":"started","labels":{"job":"backup"}}
    {"time":1714557600000000001,"msg":"tab\\there","labels":{"job":"backup"},"metadata":{"run":"7","attempt":2}}

    {"timestamp":1714557600.25,"message":"seconds","labels":{"job":"backup","host":"db1"},"level":"warn","extra":{"a":[1,2]}}\r
    {"line":"no time","labels":{"job":"backup"},"msg":"an extra msg"}
    {"ts":"1714557600000000002","line":"ns string","labels":{"job":"backup"}}
    """

  @Test func decodesEveryForm() throws {
    let batch = try decodeNDJSON(Self.body).get()
    #expect(batch.count == 5)
    #expect(batch.streams == [Labels(["job": "backup"]), Labels(["job": "backup", "host": "db1"])])
    #expect(batch.streamOrdinals == [0, 0, 1, 0, 0])
    #expect(batch.records.timestampsNs == [1_714_557_600_500_000_000, 1_714_557_600_000_000_001, 1_714_557_600_250_000_000, 77, 1_714_557_600_000_000_002])
    #expect(batch.records.line(1) == "tab\there")
    #expect(Array(batch.records.metadata(1)) == [LogField("run", "7"), LogField("attempt", "2")])
    #expect(Array(batch.records.metadata(2)) == [LogField("level", "warn"), LogField("extra", #"{"a":[1,2]}"#)])
    #expect(batch.records.line(3) == "no time")
    #expect(Array(batch.records.metadata(3)) == [LogField("msg", "an extra msg")])
    #expect(try decodeNDJSON(Self.body, gzip: true).get() == batch)
  }

  @Test(arguments: [
    ("{\"line\":\"a\",\"labels\":{\"job\":\"x\"}}\n{\"line\":\"b\"}", "line 2: no \"labels\" object"),
    ("{\"labels\":{\"job\":\"x\"}}", #"line 1: no "line" (or "msg", "message") field"#),
    ("\n\n{\"line\":\"a\",\"labels\":{\"job\":\"x\"},\"ts\":\"yesterday\"}",
     #"line 3: "ts" "yesterday" is neither an RFC 3339 time nor an integer of nanoseconds"#),
    ("{\"line\":\"a\",\"labels\":{\"job\":\"x\"},\"ts\":true}", #"line 1: "ts" must be an RFC 3339 string"#),
    ("{\"line\":\"a\",\"labels\":{\"job\":\"x\"}", "line 1: invalid JSON: unexpected end of input, expected '}' at column 33"),
    ("{\"line\":1,\"labels\":{\"job\":\"x\"}}", #"line 1: "line" is not a string"#),
    ("{\"line\":\"a\",\"labels\":{}}", "line 1: labels: a stream needs at least one label"),
    ("{\"line\":\"a\",\"labels\":{\"job\":1}}", #"line 1: the value of label "job" is not a string"#),
    ("{\"line\":\"a\",\"labels\":{\"job\":\"x\"},\"ts\":\"2024-02-30T00:00:00Z\"}", "line 1: \"ts\" \"2024-02-30T00:00:00Z\" is neither"),
  ])
  func errorsNameTheLine(body: String, message: String) {
    let result = decodeNDJSON(body)
    #expect(result.failureCode == .malformed)
    #expect(result.failureMessage?.hasPrefix(message) == true, "\(result.failureMessage ?? "decoded")")
  }

  @Test func limits() {
    var limits = LogIngestLimits()
    limits.maxEntries = 2
    #expect(decodeNDJSON(Self.body, limits: limits).failureCode == .tooLarge)
    limits = LogIngestLimits()
    limits.maxStreams = 1
    #expect(decodeNDJSON(Self.body, limits: limits).failureMessage == "the request has more than 1 streams")
  }

  @Test func timestamps() {
    #expect(LogTimestamps.rfc3339("1970-01-01T00:00:00Z") == 0)
    #expect(LogTimestamps.rfc3339("2003-10-11T22:14:15.003Z") == 1_065_910_455_003_000_000)
    #expect(LogTimestamps.rfc3339("2003-08-24T05:14:15.000003-07:00") == 1_061_727_255_000_003_000)
    #expect(LogTimestamps.rfc3339("2024-02-29T23:59:59.123456789+00:00") == 1_709_251_199_123_456_789)
    #expect(LogTimestamps.rfc3339("1969-12-31T23:59:59Z") == -1_000_000_000)
    for bad in ["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00.Z",
                "2024-1-01T00:00:00Z", "2024-01-01T00:00:00+0100", "3000-01-01T00:00:00Z"] {
      #expect(LogTimestamps.rfc3339(bad) == nil, "\(bad)")
    }
    #expect(LogTimestamps.year(ofNanoseconds: 1_709_251_199_123_456_789) == 2024)
    #expect(LogTimestamps.year(ofNanoseconds: 1_704_067_199_999_999_999) == 2023)
    #expect(LogTimestamps.year(ofNanoseconds: -1) == 1969)
  }

  @Test func mutatedBodiesNeverTrap() {
    var generator = SeededGenerator(seed: 0x0D0C)
    let seed = Array(Self.body.utf8)
    for _ in 0..<4000 {
      let body = mutateBytes(seed, using: &generator)
      let result = decodeNDJSON(bytes: body)
      if case .failure(let error) = result {
        #expect(error.message.hasPrefix("line ") || error.code == .tooLarge, "\(error.message)")
      }
    }
  }
}
