// OTLP/HTTP logs: protobuf and JSON requests map to Loki's model (index resource attributes as
// stream labels, the rest as structured metadata, body as the line, time fallbacks); records of a
// resource whose labels break a limit are rejected as a partial success; malformed bodies fail
// whole with the place named; mutated bodies never trap.
import Codecs
import Foundation
import Ingest
import SwiftProtobuf
import Testing
import WardenCore
import WardenTesting
import WireFormats

func decodeOTLPLogs(
  _ body: [UInt8], _ encoding: OTLPEncoding, gzip: Bool = false, receivedAtNs: Int64 = 42, limits: LogIngestLimits = LogIngestLimits()
) -> Result<OTLPLogsDecodeResult, LogIngestError> {
  do throws(LogIngestError) {
    return .success(
      try OTLPLogsDecoder.decode(body: body, encoding: encoding, contentEncoding: gzip ? "gzip" : nil, receivedAtNs: receivedAtNs, limits: limits))
  } catch {
    return .failure(error)
  }
}

private typealias AnyValue = Opentelemetry_Proto_Common_V1_AnyValue
private typealias KeyValue = Opentelemetry_Proto_Common_V1_KeyValue

/// An attribute encoded by the generated (reference) types, embedded in our hand-built messages.
private func attribute(_ key: String, _ value: AnyValue) -> [UInt8] {
  var pair = KeyValue()
  pair.key = key
  pair.value = value
  return try! pair.serializedBytes()
}

private func stringValue(_ text: String) -> AnyValue {
  var value = AnyValue()
  value.stringValue = text
  return value
}

@Suite struct OTLPLogsDecoderTests {
  static let time: UInt64 = 1_700_000_000_123_456_789

  static func protobufRequest() -> [UInt8] {
    var nested = AnyValue()
    var inner = Opentelemetry_Proto_Common_V1_KeyValueList()
    inner.values = [{ var kv = KeyValue(); kv.key = "method"; kv.value = stringValue("GET"); return kv }(),
                    { var kv = KeyValue(); kv.key = "code"; var v = AnyValue(); v.intValue = 200; kv.value = v; return kv }()]
    nested.kvlistValue = inner
    var list = AnyValue()
    list.arrayValue.values = [stringValue("a"), { var v = AnyValue(); v.doubleValue = 1.5; return v }()]
    var mapBody = AnyValue()
    var bodyList = Opentelemetry_Proto_Common_V1_KeyValueList()
    bodyList.values = [{ var kv = KeyValue(); kv.key = "z"; var v = AnyValue(); v.boolValue = true; kv.value = v; return kv }(),
                       { var kv = KeyValue(); kv.key = "a"; kv.value = stringValue("x\"y"); return kv }()]
    mapBody.kvlistValue = bodyList
    return ProtoTestWriter.build { request in
      request.message(1) { resourceLogs in
        // Scopes before the resource: the decoder must still label them by it.
        resourceLogs.message(2) { scopeLogs in
          scopeLogs.message(1) { scope in
            scope.string(1, "io.example.logger")
            scope.string(2, "1.2.0")
          }
          scopeLogs.message(2) { record in
            record.fixed64(1, time)
            record.fixed64(11, time + 5)
            record.varint(2, 17)
            record.string(3, "ERROR")
            record.bytes(5, try! stringValue("payment failed").serializedBytes())
            record.bytes(6, attribute("http", nested))
            record.bytes(6, attribute("tags", list))
            record.fixed32(8, 1)
            record.bytes(9, [0x5b, 0x8e, 0xff, 0xf7, 0x98, 0x03, 0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33, 0x81, 0x3f, 0xc6, 0x0c])
            record.bytes(10, [0xee, 0xe1, 0x9b, 0x7e, 0xc3, 0xc1, 0xb1, 0x74])
          }
          scopeLogs.message(2) { record in
            record.fixed64(11, time + 9)  // only the observed time
            record.bytes(5, try! mapBody.serializedBytes())
          }
          scopeLogs.message(2) { record in
            record.string(12, "login")  // no time at all, no body
          }
        }
        resourceLogs.message(1) { resource in
          resource.bytes(1, attribute("service.name", stringValue("checkout")))
          resource.bytes(1, attribute("k8s.pod.name", stringValue("checkout-7d9")))
          resource.bytes(1, attribute("host.name", stringValue("node-1")))
        }
      }
      request.message(1) { resourceLogs in
        resourceLogs.message(2) { scopeLogs in
          scopeLogs.message(2) { record in
            record.fixed64(1, time)
            record.bytes(5, try! stringValue("no service").serializedBytes())
          }
        }
      }
    }
  }

  static let json = """
    {"resourceLogs":[{"resource":{"attributes":[
        {"key":"service.name","value":{"stringValue":"checkout"}},
        {"key":"k8s.pod.name","value":{"stringValue":"checkout-7d9"}},
        {"key":"host.name","value":{"stringValue":"node-1"}}]},
      "scopeLogs":[{"scope":{"name":"io.example.logger","version":"1.2.0"},"logRecords":[
        {"timeUnixNano":"1700000000123456789","observedTimeUnixNano":"1700000000123456794","severityNumber":17,
         "severityText":"ERROR","body":{"stringValue":"payment failed"},
         "attributes":[{"key":"http","value":{"kvlistValue":{"values":[{"key":"method","value":{"stringValue":"GET"}},{"key":"code","value":{"intValue":"200"}}]}}},
                       {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"doubleValue":1.5}]}}}],
         "flags":1,"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174"},
        {"observed_time_unix_nano":1700000000123456798,"body":{"kvlistValue":{"values":[{"key":"z","value":{"boolValue":true}},{"key":"a","value":{"stringValue":"x\\"y"}}]}}},
        {"eventName":"login","unknownField":[1,2,{"x":null}]}]}]},
     {"scopeLogs":[{"logRecords":[{"timeUnixNano":1700000000123456789,"body":{"stringValue":"no service"}}]}]}]}
    """

  private func expectMapped(_ result: OTLPLogsDecodeResult) {
    let batch = result.batch
    #expect(result.rejectedLogRecords == 0)
    #expect(batch.streams == [
      Labels(["service_name": "checkout", "k8s_pod_name": "checkout-7d9"]), Labels(["service_name": "unknown_service"]),
    ])
    #expect(batch.count == 4)
    #expect(batch.streamOrdinals == [0, 0, 0, 1])
    #expect(batch.records.timestampsNs == [Int64(Self.time), Int64(Self.time + 9), 42, Int64(Self.time)])
    #expect(batch.records.line(0) == "payment failed")
    #expect(batch.records.line(1) == #"{"a":"x\"y","z":true}"#)
    #expect(batch.records.line(2) == "")
    #expect(batch.records.line(3) == "no service")
    #expect(Array(batch.records.metadata(0)) == [
      LogField("host_name", "node-1"), LogField("scope_name", "io.example.logger"), LogField("scope_version", "1.2.0"),
      LogField("http_method", "GET"), LogField("http_code", "200"), LogField("tags", #"["a",1.5]"#),
      LogField("severity_text", "ERROR"), LogField("severity_number", "17"),
      LogField("trace_id", "5b8efff798038103d269b633813fc60c"), LogField("span_id", "eee19b7ec3c1b174"),
      LogField("flags", "1"), LogField("observed_timestamp", String(Self.time + 5)),
    ])
    #expect(Array(batch.records.metadata(1)) == [
      LogField("host_name", "node-1"), LogField("scope_name", "io.example.logger"), LogField("scope_version", "1.2.0"),
    ])
    #expect(batch.records.metadata(2).last == LogField("event_name", "login"))
    #expect(batch.records.metadata(3).isEmpty)
  }

  @Test func decodesProtobuf() throws {
    expectMapped(try decodeOTLPLogs(Self.protobufRequest(), .protobuf).get())
    expectMapped(try decodeOTLPLogs(Gzip.compress(Self.protobufRequest()), .protobuf, gzip: true).get())
  }

  @Test func decodesJSON() throws {
    expectMapped(try decodeOTLPLogs(Array(Self.json.utf8), .json).get())
  }

  @Test func jsonAndProtobufAgreeOnAGeneratedAnyValue() throws {
    // The reference JSON encoding of a nested AnyValue as a body reads the same as its protobuf.
    var value = AnyValue()
    value.arrayValue.values = [stringValue("é\n"), { var v = AnyValue(); v.intValue = -3; return v }(), { var v = AnyValue(); v.bytesValue = Data([1, 2, 3]); return v }()]
    let bodyJSON = try value.jsonString()
    let json = #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1","body":"# + bodyJSON + "}]}]}]}"
    let proto = ProtoTestWriter.build { request in
      request.message(1) { $0.message(2) { $0.message(2) { record in record.fixed64(1, 1); record.bytes(5, try! value.serializedBytes()) } } }
    }
    let fromJSON = try decodeOTLPLogs(Array(json.utf8), .json).get()
    let fromProto = try decodeOTLPLogs(proto, .protobuf).get()
    #expect(fromJSON == fromProto)
    #expect(fromJSON.batch.records.line(0) == #"["é\n",-3,"AQID"]"#)
  }

  @Test func overLimitResourceIsAPartialSuccess() throws {
    var limits = LogIngestLimits()
    limits.maxLabelsPerStream = 1
    let result = try decodeOTLPLogs(Self.protobufRequest(), .protobuf, limits: limits).get()
    #expect(result.rejectedLogRecords == 3)
    #expect(result.errorMessage == "resource labels rejected: more than 1 labels")
    #expect(result.batch.count == 1)
    #expect(result.batch.records.line(0) == "no service")
  }

  @Test func responses() {
    #expect(OTLPLogsDecoder.encodeResponse(rejectedLogRecords: 0, errorMessage: "", encoding: .protobuf) == [])
    #expect(String(decoding: OTLPLogsDecoder.encodeResponse(rejectedLogRecords: 0, errorMessage: "", encoding: .json), as: UTF8.self) == "{}")
    #expect(String(decoding: OTLPLogsDecoder.encodeResponse(rejectedLogRecords: 3, errorMessage: "bad \"x\"", encoding: .json), as: UTF8.self)
      == #"{"partialSuccess":{"rejectedLogRecords":"3","errorMessage":"bad \"x\""}}"#)
    let proto = OTLPLogsDecoder.encodeResponse(rejectedLogRecords: 3, errorMessage: "no", encoding: .protobuf)
    #expect(proto == [0x0A, 0x06, 0x08, 0x03, 0x12, 0x02, UInt8(ascii: "n"), UInt8(ascii: "o")])
  }

  @Test func contentTypes() throws {
    #expect(try OTLPLogsDecoder.encoding(contentType: "application/json; charset=utf-8") == .json)
    #expect(try OTLPLogsDecoder.encoding(contentType: "application/x-protobuf") == .protobuf)
    #expect(throws: LogIngestError.self) { try OTLPLogsDecoder.encoding(contentType: "text/plain") }
    #expect(throws: LogIngestError.self) { try OTLPLogsDecoder.encoding(contentType: nil) }
  }

  @Test(arguments: [
    (#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"soon"}]}]}]}"#,
     #"resourceLogs[0].scopeLogs[0].logRecords[0]: timeUnixNano "soon" is not an unsigned 64-bit integer"#),
    (#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"xyz"}]}]}]}"#,
     #"resourceLogs[0].scopeLogs[0].logRecords[0]: traceId "xyz" is not a hex string"#),
    (#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"LOUD"}]}]}]}"#, #"severityNumber "LOUD" is not a severity"#),
    (#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"boolValue":"yes"}}]}]}]}"#,
     "resourceLogs[0].scopeLogs[0].logRecords[0].body: boolValue is not true or false"),
    (#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{]}]}]}"#, "expected a member name, found ']' at byte"),
    (#"{"resourceLogs":[]} {}"#, "after the end of the JSON value"),
  ])
  func malformedJSONNamesThePlace(body: String, message: String) {
    let result = decodeOTLPLogs(Array(body.utf8), .json)
    #expect(result.failureCode == .malformed)
    #expect(result.failureMessage?.contains(message) == true, "\(result.failureMessage ?? "decoded")")
  }

  @Test func malformedProtobufNamesThePlace() {
    var body = Self.protobufRequest()
    body.removeLast(5)
    let message = decodeOTLPLogs(body, .protobuf).failureMessage ?? ""
    #expect(message.hasPrefix("cannot decode OTLP logs request as protobuf: resource_logs[1]"), "\(message)")
    let wrongType = ProtoTestWriter.build { request in
      request.message(1) { $0.message(2) { $0.message(2) { record in record.varint(1, 5) } } }
    }
    #expect(decodeOTLPLogs(wrongType, .protobuf).failureMessage
      == "cannot decode OTLP logs request as protobuf: resource_logs[0].scope_logs[0].log_records[0]: field 1 (time_unix_nano) has wire type 0, expected 1")
    var limits = LogIngestLimits()
    limits.maxEntries = 2
    #expect(decodeOTLPLogs(Self.protobufRequest(), .protobuf, limits: limits).failureCode == .tooLarge)
  }

  @Test func mutatedBodiesNeverTrap() {
    var generator = SeededGenerator(seed: 0x0_7106)
    let proto = Self.protobufRequest()
    let json = Array(Self.json.utf8)
    for _ in 0..<3000 {
      check(decodeOTLPLogs(mutateBytes(proto, using: &generator), .protobuf))
      check(decodeOTLPLogs(mutateBytes(json, using: &generator), .json))
    }
  }

  private func check(_ result: Result<OTLPLogsDecodeResult, LogIngestError>) {
    switch result {
    case .success(let decoded):
      #expect(decoded.batch.streamOrdinals.allSatisfy { Int($0) < decoded.batch.streams.count })
      #expect(decoded.rejectedLogRecords == 0 || !decoded.errorMessage.isEmpty)
    case .failure(let error):
      #expect(error.message.hasPrefix("cannot decode OTLP logs request") || error.code != .malformed, "\(error.message)")
    }
  }
}
