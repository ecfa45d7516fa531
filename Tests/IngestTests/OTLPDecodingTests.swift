// Decoding OTLP/HTTP metrics bodies: content types, OTLP JSON (hex ids, int64 strings, integer
// enums, unknown fields), gzip, size and count limits, and the encoded answers.
import Codecs
import Ingest
import SwiftProtobuf
import Testing
import WardenCore
import WireFormats

@Suite struct OTLPDecodingTests {
  typealias R = OTLPTestRequests

  /// What an SDK's OTLP/JSON exporter sends: int64 as strings, enums as integers, hex ids.
  static let json = """
    {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
     "scopeMetrics":[{"scope":{"name":"lib","version":"2"},"metrics":[
      {"name":"orders","unit":"{order}","sum":{"aggregationTemporality":2,"isMonotonic":true,
       "dataPoints":[{"asInt":"17","timeUnixNano":"1700000000123456789","startTimeUnixNano":"1699999990000000000",
        "attributes":[{"key":"region","value":{"stringValue":"eu"}}],
        "exemplars":[{"asDouble":1.5,"timeUnixNano":"1700000000000000000",
          "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174"}]}]}},
      {"name":"temperature","unit":"Cel","gauge":{"dataPoints":[{"asDouble":21.5,"timeUnixNano":1700000000123456789,"someFutureField":true}]}},
      {"name":"latency","unit":"s","histogram":{"aggregationTemporality":2,"dataPoints":[{"timeUnixNano":"1700000000123456789",
        "count":"3","sum":0.6,"bucketCounts":["1","2"],"explicitBounds":[0.25]}]}}
     ]}]}]}
    """

  private func decode(_ body: [UInt8], _ encoding: OTLPEncoding, gzip: Bool = false, limits: OTLPLimits = OTLPLimits()) -> Result<OTLPExportRequest, OTLPError> {
    do throws(OTLPError) {
      return .success(try OTLPRequestDecoder.decode(body, encoding: encoding, contentEncoding: gzip ? "gzip" : nil, limits: limits))
    } catch {
      return .failure(error)
    }
  }

  @Test func otlpJSONDecodesAndTranslates() throws {
    let request = try decode(Array(Self.json.utf8), .json).get()
    let result = OTLPTranslator(accumulator: OTLPDeltaAccumulator()).translate(request)
    #expect(result.rejectedDataPoints == 0)
    #expect(
      result.lines == [
        #"latency_seconds_bucket{job="cart", le="+Inf", otel_scope_name="lib", otel_scope_version="2"} 3"#,
        #"latency_seconds_bucket{job="cart", le="0.25", otel_scope_name="lib", otel_scope_version="2"} 1"#,
        #"latency_seconds_count{job="cart", otel_scope_name="lib", otel_scope_version="2"} 3"#,
        #"latency_seconds_sum{job="cart", otel_scope_name="lib", otel_scope_version="2"} 0.6"#,
        #"orders_total{job="cart", otel_scope_name="lib", otel_scope_version="2", region="eu"} 17"#,
        #"temperature_celsius{job="cart", otel_scope_name="lib", otel_scope_version="2"} 21.5"#,
      ])
    #expect(result.batch.samples.allSatisfy { $0.timestampMs == 1_700_000_000_123 })
  }

  @Test func protobufRoundTripsThroughTheDecoder() throws {
    let original = R.request(metrics: [R.gauge("g", points: [R.numberPoint(1)])])
    let bytes: [UInt8] = try original.serializedBytes()
    #expect(try decode(bytes, .protobuf).get() == original)
  }

  @Test func gzipBodiesAreDecompressed() throws {
    let original = R.request(metrics: [R.gauge("g", points: [R.numberPoint(1)])])
    let bytes: [UInt8] = try original.serializedBytes()
    #expect(try decode(Gzip.compress(bytes), .protobuf, gzip: true).get() == original)
    #expect(try decode(Gzip.compress(Array(Self.json.utf8)), .json, gzip: true).get().resourceMetrics.count == 1)
  }

  @Test func gzipBombStopsAtTheLimit() {
    var limits = OTLPLimits()
    limits.maxBodyBytes = 1 << 20
    let bomb = Gzip.compress([UInt8](repeating: 0, count: 8 << 20))
    #expect(bomb.count < limits.maxBodyBytes)
    guard case .failure(let error) = decode(bomb, .protobuf, gzip: true, limits: limits) else {
      Issue.record("a body decompressing past the limit was accepted")
      return
    }
    #expect(error.code == .tooLarge)
    #expect(error.message == "gzip body decompresses to more than 1048576 bytes")
  }

  @Test func brokenGzipIsMalformed() {
    let good = Gzip.compress(Array("hello".utf8))
    for body in [Array("not gzip".utf8), Array(good.dropLast(6))] {
      guard case .failure(let error) = decode(body, .protobuf, gzip: true) else {
        Issue.record("bad gzip accepted")
        continue
      }
      #expect(error.code == .malformed)
      #expect(error.message.hasPrefix("cannot decompress gzip body: "))
    }
  }

  @Test func oversizedBodyIsTooLarge() {
    var limits = OTLPLimits()
    limits.maxBodyBytes = 10
    guard case .failure(let error) = decode([UInt8](repeating: 0, count: 11), .protobuf, limits: limits) else {
      Issue.record("oversized body accepted")
      return
    }
    #expect(error.code == .tooLarge)
    #expect(error.message == "request body has 11 bytes, more than the limit of 10")
  }

  @Test func tooManyDataPointsIsTooLarge() throws {
    var limits = OTLPLimits()
    limits.maxDataPoints = 2
    let bytes: [UInt8] = try R.request(metrics: [R.gauge("g", points: [R.numberPoint(1), R.numberPoint(2), R.numberPoint(3)])]).serializedBytes()
    guard case .failure(let error) = decode(bytes, .protobuf, limits: limits) else {
      Issue.record("too many points accepted")
      return
    }
    #expect(error.code == .tooLarge)
    #expect(error.message == "request has 3 data points, more than the limit of 2")
  }

  @Test func malformedBodiesNameTheEncoding() {
    guard case .failure(let protobuf) = decode([0x0a, 0x05, 0x01], .protobuf),
      case .failure(let json) = decode(Array(#"{"resourceMetrics": [ {"#.utf8), .json)
    else {
      Issue.record("malformed bodies accepted")
      return
    }
    #expect(protobuf.code == .malformed)
    #expect(protobuf.message == "cannot decode OTLP metrics request as protobuf: the message is truncated")
    #expect(json.code == .malformed)
    #expect(json.message.hasPrefix("cannot decode OTLP metrics request as JSON: "))
  }

  @Test func contentTypesAndEncodings() throws {
    #expect(try OTLPEncoding(contentType: "application/x-protobuf") == .protobuf)
    #expect(try OTLPEncoding(contentType: "Application/JSON; charset=utf-8") == .json)
    #expect(throws: OTLPError.self) { try OTLPEncoding(contentType: "text/plain") }
    #expect(throws: OTLPError.self) { try OTLPEncoding(contentType: nil) }
    #expect(throws: OTLPError.self) {
      try OTLPRequestDecoder.decode([], encoding: .protobuf, contentEncoding: "br", limits: OTLPLimits())
    }
  }

  @Test func emptyBodyIsAnEmptyRequest() throws {
    #expect(try decode([], .protobuf).get().resourceMetrics.isEmpty)
    #expect(try decode(Array("{}".utf8), .json).get().resourceMetrics.isEmpty)
  }

  @Test func responsesUseTheRequestEncoding() throws {
    let full = OTLPRequestDecoder.encodeResponse(rejectedDataPoints: 0, errorMessage: "", encoding: .protobuf)
    #expect(full.isEmpty)  // partial_success left unset on full success
    let partial = try OTLPExportResponse(
      serializedBytes: OTLPRequestDecoder.encodeResponse(rejectedDataPoints: 3, errorMessage: "bad", encoding: .protobuf))
    #expect(partial.partialSuccess.rejectedDataPoints == 3)
    #expect(partial.partialSuccess.errorMessage == "bad")
    let json = String(decoding: OTLPRequestDecoder.encodeResponse(rejectedDataPoints: 2, errorMessage: "x", encoding: .json), as: UTF8.self)
    #expect(json == #"{"partialSuccess":{"rejectedDataPoints":"2","errorMessage":"x"}}"#)
  }

  @Test func statusIsEncodedByHand() {
    // google.rpc.Status{code: 3, message: "bad"}: field 1 varint, field 2 bytes.
    #expect(OTLPRequestDecoder.encodeStatus(code: 3, message: "bad", encoding: .protobuf) == [0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64])
    let json = String(decoding: OTLPRequestDecoder.encodeStatus(code: 3, message: "a \"q\"\n", encoding: .json), as: UTF8.self)
    #expect(json == #"{"code":3,"message":"a \"q\"\n"}"#)
  }
}
