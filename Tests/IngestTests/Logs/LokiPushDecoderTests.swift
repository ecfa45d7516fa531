// Loki push decoding: JSON and snappy protobuf bodies (with and without gzip) give the streams,
// timestamps, lines and structured metadata they carry; every malformed body fails as a whole
// with a message naming the place; random and mutated bodies never trap.
import Codecs
import Ingest
import Testing
import WardenCore
import WardenTesting

func decodeLoki(
  _ body: [UInt8], contentType: String? = "application/json", encoding: String? = nil, limits: LogIngestLimits = LogIngestLimits()
) -> Result<LogBatch, LogIngestError> {
  do throws(LogIngestError) {
    return .success(try LokiPushDecoder.decode(body: body, contentType: contentType, contentEncoding: encoding, limits: limits))
  } catch {
    return .failure(error)
  }
}

extension Result where Failure == LogIngestError {
  var failureMessage: String? {
    if case .failure(let error) = self { return error.message }
    return nil
  }

  var failureCode: LogIngestError.Code? {
    if case .failure(let error) = self { return error.code }
    return nil
  }
}

/// A Loki PushRequest: streams of (labels text, entries of (seconds, nanos, line, metadata)).
func lokiProtobuf(_ streams: [(String, [(Int64, Int64, String, [(String, String)])])]) -> [UInt8] {
  ProtoTestWriter.build { request in
    for (labels, entries) in streams {
      request.message(1) { stream in
        stream.string(1, labels)
        for (seconds, nanos, line, metadata) in entries {
          stream.message(2) { entry in
            entry.message(1) { timestamp in
              timestamp.int64(1, seconds)
              timestamp.int64(2, nanos)
            }
            entry.string(2, line)
            for (name, value) in metadata {
              entry.message(3) { pair in
                pair.string(1, name)
                pair.string(2, value)
              }
            }
          }
        }
        stream.varint(3, 12345)  // hash: ignored
      }
    }
    request.string(2, "loki")
  }
}

@Suite struct LokiPushDecoderTests {
  static let json = """
    {"streams":[
      {"stream":{"job":"api","env":"prod"},"values":[
        ["1700000000000000001","GET /users 200"],
        ["1700000000000000002","line with \\"quotes\\" and \\u00e9\\n",{"trace_id":"abc","user":"42"}]]},
      {"values":[["1700000000000000003","second stream"]],"stream":{"job":"worker"}},
      {"stream":{"env":"prod","job":"api"},"values":[["1700000000000000004","same stream again"]]}
    ]}
    """

  @Test func decodesJSON() throws {
    let batch = try decodeLoki(Array(Self.json.utf8)).get()
    #expect(batch.streams == [Labels(["job": "api", "env": "prod"]), Labels(["job": "worker"])])
    #expect(batch.count == 4)
    #expect(batch.streamOrdinals == [0, 0, 1, 0])
    #expect(batch.records.timestampsNs == [1_700_000_000_000_000_001, 1_700_000_000_000_000_002, 1_700_000_000_000_000_003, 1_700_000_000_000_000_004])
    #expect(batch.records.line(0) == "GET /users 200")
    #expect(batch.records.line(1) == "line with \"quotes\" and é\n")
    #expect(Array(batch.records.metadata(1)) == [LogField("trace_id", "abc"), LogField("user", "42")])
    #expect(batch.records.metadata(0).isEmpty)
    #expect(batch.records.line(2) == "second stream")
  }

  @Test func absentContentTypeMeansJSONAndGzipIsUndone() throws {
    let body = Gzip.compress(Array(Self.json.utf8))
    let batch = try decodeLoki(body, contentType: nil, encoding: "gzip").get()
    #expect(batch.count == 4)
    let plain = try decodeLoki(Array(Self.json.utf8)).get()
    #expect(batch == plain)
  }

  @Test func decodesSnappyProtobuf() throws {
    let plain = lokiProtobuf([
      ("{job=\"api\", env=\"prod\"}", [(1_700_000_000, 5, "first", []), (1_700_000_001, 999_999_999, "second", [("trace_id", "t1")])]),
      ("{job=\"worker\",}", [(1_700_000_002, 0, "", [])]),
    ])
    let batch = try decodeLoki(Snappy.compress(plain), contentType: "application/x-protobuf").get()
    #expect(batch.streams == [Labels(["job": "api", "env": "prod"]), Labels(["job": "worker"])])
    #expect(batch.records.timestampsNs == [1_700_000_000_000_000_005, 1_700_000_001_999_999_999, 1_700_000_002_000_000_000])
    #expect(batch.records.line(1) == "second")
    #expect(batch.records.line(2) == "")
    #expect(Array(batch.records.metadata(1)) == [LogField("trace_id", "t1")])
    let gzipped = try decodeLoki(Gzip.compress(Snappy.compress(plain)), contentType: "application/x-protobuf; charset=utf-8", encoding: "gzip").get()
    #expect(gzipped == batch)
  }

  @Test func protobufLabelsMayFollowEntries() throws {
    let plain = ProtoTestWriter.build { request in
      request.message(1) { stream in
        stream.message(2) { entry in
          entry.message(1) { $0.int64(1, 10) }
          entry.string(2, "x")
        }
        stream.string(1, "{a=\"b\"}")
      }
    }
    let batch = try decodeLoki(Snappy.compress(plain), contentType: "application/x-protobuf").get()
    #expect(batch.streams == [Labels(["a": "b"])])
    #expect(batch.records.timestampsNs == [10_000_000_000])
  }

  @Test(arguments: [
    (#"{"streams":[{"stream":{"job":"a"},"values":[["abc","x"]]}]}"#, #"streams[0].values[0][0]: timestamp "abc" is not an integer"#),
    (#"{"streams":[{"stream":{"job":"a"},"values":[["1","x"],["2"]]}]}"#, "streams[0].values[1][1]: missing log line"),
    (#"{"streams":[{"stream":{"job":"a"},"values":[["1",7]]}]}"#, "streams[0].values[0][1]: the log line is not a string"),
    (#"{"streams":[{"stream":{"job":"a"},"values":[["1","x",{"k":1}]]}]}"#, #"streams[0].values[0][2]: the value of structured metadata "k" is not a string"#),
    (#"{"streams":[{"stream":{"job":"a"},"values":[["1","x",{},"y"]]}]}"#, "streams[0].values[0][3]: a value has at most three elements"),
    (#"{"streams":[{"stream":{"job":5},"values":[]}]}"#, #"streams[0].stream: the value of label "job" is not a string"#),
    (#"{"streams":[{"stream":{},"values":[]}]}"#, "streams[0].stream: a stream needs at least one label"),
    (#"{"streams":[{"stream":{"a-b":"c"},"values":[]}]}"#, #"streams[0].stream: invalid label name "a-b""#),
    (#"{"streams":[{"values":[]}]}"#, #"streams[0]: the stream has no "stream" labels"#),
    (#"{"streams":[{"stream":{"job":"a"},"values":[["1","x"]]}"#, "invalid JSON: unexpected end of input"),
    (#"{"streams":[{"stream":{"job":"a"},"values":[["1","x"]]}]} x"#, "invalid JSON: unexpected 'x' after the end"),
    (#"{"streams":[{"stream":{"job":"a"},"values":[["1","a\qb"]]}]}"#, #"invalid JSON: invalid escape \q in a string"#),
    (#"{"other":1}"#, #"the body has no "streams""#),
    ("[]", "invalid JSON: expected an object"),
  ])
  func malformedJSONNamesTheProblem(body: String, message: String) {
    let result = decodeLoki(Array(body.utf8))
    #expect(result.failureCode == .malformed)
    #expect(result.failureMessage?.contains(message) == true, "\(result.failureMessage ?? "decoded")")
  }

  @Test func malformedProtobufNamesTheProblem() {
    let badLabels = lokiProtobuf([("{job=\"a\"}", [(1, 0, "ok", [])]), ("{job=~\"a\"}", [(1, 0, "x", [])])])
    #expect(decodeLoki(Snappy.compress(badLabels), contentType: "application/x-protobuf").failureMessage
      == "streams[1].labels: cannot parse labels: only '=' is allowed between a label name and its value at offset 4")
    let badNanos = lokiProtobuf([("{job=\"a\"}", [(1, 0, "ok", []), (1, 1_000_000_000, "x", [])])])
    #expect(decodeLoki(Snappy.compress(badNanos), contentType: "application/x-protobuf").failureMessage
      == "streams[0].entries[1].timestamp: nanos 1000000000 is not in 0...999999999")
    var truncated = lokiProtobuf([("{job=\"a\"}", [(1, 0, "ok", [])])])
    truncated.removeLast(3)
    #expect(decodeLoki(Snappy.compress(truncated), contentType: "application/x-protobuf").failureMessage?
      .hasPrefix("cannot decode Loki push protobuf: streams[0]") == true)
    #expect(decodeLoki(Array("not snappy at all".utf8), contentType: "application/x-protobuf").failureMessage?
      .hasPrefix("cannot decompress snappy body") == true)
    let noTimestamp = ProtoTestWriter.build { request in
      request.message(1) { stream in
        stream.string(1, "{a=\"b\"}")
        stream.message(2) { $0.string(2, "x") }
      }
    }
    #expect(decodeLoki(Snappy.compress(noTimestamp), contentType: "application/x-protobuf").failureMessage
      == "streams[0].entries[0]: the entry has no timestamp")
  }

  @Test func headersAndLimitsMapToTheirStatus() {
    let body = Array(Self.json.utf8)
    #expect(decodeLoki(body, contentType: "text/plain").failureCode == .unsupportedMediaType)
    #expect(decodeLoki(body, encoding: "br").failureCode == .unsupportedMediaType)
    #expect(decodeLoki(body, encoding: "gzip").failureMessage?.hasPrefix("cannot decompress gzip body") == true)
    var limits = LogIngestLimits()
    limits.maxEntries = 3
    #expect(decodeLoki(body, limits: limits).failureMessage == "the request has more than 3 entries")
    #expect(decodeLoki(body, limits: limits).failureCode == .tooLarge)
    limits = LogIngestLimits()
    limits.maxStreams = 1
    #expect(decodeLoki(body, limits: limits).failureMessage == "the request has more than 1 streams")
    limits = LogIngestLimits()
    limits.maxBodyBytes = 10
    #expect(decodeLoki(body, limits: limits).failureCode == .tooLarge)
    limits = LogIngestLimits()
    limits.maxDecompressedBytes = 100
    #expect(decodeLoki(Gzip.compress(body), encoding: "gzip", limits: limits).failureCode == .tooLarge)
    #expect(decodeLoki(Snappy.compress(body), contentType: "application/x-protobuf", limits: limits).failureCode == .tooLarge)
    limits = LogIngestLimits()
    limits.maxJSONDepth = 4
    let deep = #"{"streams":[{"stream":{"job":"a"},"values":[["1","x",{"k":"v"}]],"extra":[[[[1]]]]}]}"#
    #expect(decodeLoki(Array(deep.utf8), limits: limits).failureMessage?.contains("nested deeper than 4 levels") == true)
  }

  @Test func streamLabelsParser() throws {
    #expect(try LokiStreamLabels.parse(#"{ job = "a\"b\\c\n" , z=`raw\n`, empty="" }"#)
      == Labels(["job": "a\"b\\c\n", "z": "raw\\n"]))
    #expect(try LokiStreamLabels.parse(#"{a="\u00e9\x41"}"#) == Labels(["a": "éA"]))
    for bad in [#"a="b""#, #"{a="b""#, #"{a="b" c="d"}"#, #"{a=b}"#, #"{a="b",a="c"}"#, #"{1a="b"}"#, "{}", #"{a="b"} x"#, #"{a="\q"}"#] {
      #expect(throws: LokiLabelsError.self, "\(bad)") { try LokiStreamLabels.parse(bad) }
    }
  }

  @Test func randomAndMutatedBodiesNeverTrap() {
    var generator = SeededGenerator(seed: 0x10C1)
    let jsonSeed = Array(Self.json.utf8)
    let protoSeed = lokiProtobuf([
      ("{job=\"api\", env=\"prod\"}", [(1_700_000_000, 5, "first", [("k", "v")]), (1_700_000_001, 7, "second", [])])
    ])
    for round in 0..<4000 {
      let json = mutateBytes(jsonSeed, using: &generator)
      check(decodeLoki(json))
      let proto = mutateBytes(protoSeed, using: &generator)
      check(decodeLoki(Snappy.compress(proto), contentType: "application/x-protobuf"))
      if round % 8 == 0 {
        let random = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        check(decodeLoki(random))
        check(decodeLoki(random, contentType: "application/x-protobuf"))
        check(decodeLoki(Snappy.compress(random), contentType: "application/x-protobuf"))
        check(decodeLoki(mutateBytes(Gzip.compress(jsonSeed), using: &generator), encoding: "gzip"))
      }
    }
  }

  private func check(_ result: Result<LogBatch, LogIngestError>) {
    switch result {
    case .success(let batch):
      #expect(batch.streamOrdinals.count == batch.count)
      #expect(batch.streamOrdinals.allSatisfy { Int($0) < batch.streams.count })
      #expect(batch.streams.allSatisfy { !$0.isEmpty })
    case .failure(let error):
      #expect(!error.message.isEmpty)
    }
  }
}
