// `POST /v1/logs`, OTLP/HTTP logs: an ExportLogsServiceRequest as protobuf or OTLP/JSON,
// optionally gzip-encoded, mapped to Loki's model (OTLPLogMapping) in one LogBatch. Like the
// metrics receiver, a body that cannot be decoded fails as a whole (400/413/415), while records
// that decode but cannot be stored (a resource whose labels break a limit...) are counted as
// rejected for the response's partial_success. Also writes that response.
package import WardenCore

/// What an OTLP logs request decoded to.
package struct OTLPLogsDecodeResult: Sendable, Equatable {
  package var batch: LogBatch
  /// Records left out of `batch`, for `partial_success.rejected_log_records`.
  package var rejectedLogRecords: Int
  /// Why they were left out (a few distinct reasons joined by "; "), or empty.
  package var errorMessage: String
}

/// OTLP/HTTP logs bodies. Stateless and thread-safe.
package enum OTLPLogsDecoder {
  /// The encoding a Content-Type names.
  /// - Throws: 415 for anything but `application/x-protobuf` and `application/json`.
  package static func encoding(contentType: String?) throws(LogIngestError) -> OTLPEncoding {
    switch LogRequestBody.mediaType(contentType) {
    case "application/x-protobuf": return .protobuf
    case "application/json": return .json
    default:
      throw LogIngestError(
        .unsupportedMediaType,
        "unsupported content type \"\(contentType ?? "")\": OTLP/HTTP logs must be application/x-protobuf or application/json")
    }
  }

  /// Decodes a body as received.
  /// - Parameters:
  ///   - receivedAtNs: the time of records that carry neither time nor observed time.
  /// - Throws: `LogIngestError` 400/413/415 naming the problem; nothing is returned then.
  package static func decode(
    body: [UInt8], encoding: OTLPEncoding, contentEncoding: String?, receivedAtNs: Int64, limits: LogIngestLimits = LogIngestLimits()
  ) throws(LogIngestError) -> OTLPLogsDecodeResult {
    let payload = try LogRequestBody.decode(body, contentEncoding: contentEncoding, limits: limits)
    var mapper = OTLPLogMapper(limits: limits, receivedAtNs: receivedAtNs)
    switch encoding {
    case .protobuf: try OTLPLogsProtobuf.decode(payload, into: &mapper)
    case .json: try OTLPLogsJSON.decode(payload, into: &mapper)
    }
    return mapper.result
  }

  /// The success body (ExportLogsServiceResponse), with `partial_success` only when something was
  /// rejected, in the request's encoding. Error bodies are `OTLPRequestDecoder.encodeStatus`.
  package static func encodeResponse(rejectedLogRecords: Int, errorMessage: String, encoding: OTLPEncoding) -> [UInt8] {
    let rejected = rejectedLogRecords > 0 || !errorMessage.isEmpty
    switch encoding {
    case .json:
      guard rejected else { return Array("{}".utf8) }
      return Array(
        "{\"partialSuccess\":{\"rejectedLogRecords\":\"\(rejectedLogRecords)\",\"errorMessage\":\(JSONString.quoted(errorMessage))}}".utf8)
    case .protobuf:
      guard rejected else { return [] }
      var partial: [UInt8] = []
      if rejectedLogRecords != 0 {
        partial.append(0x08)  // rejected_log_records = 1, varint
        appendVarint(UInt64(rejectedLogRecords), to: &partial)
      }
      if !errorMessage.isEmpty {
        partial.append(0x12)  // error_message = 2, length-delimited
        appendVarint(UInt64(errorMessage.utf8.count), to: &partial)
        partial.append(contentsOf: errorMessage.utf8)
      }
      var bytes: [UInt8] = [0x0A]  // partial_success = 1, length-delimited
      appendVarint(UInt64(partial.count), to: &bytes)
      return bytes + partial
    }
  }

  private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }
}
