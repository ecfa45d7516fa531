// Turns an OTLP/HTTP metrics body into an `ExportMetricsServiceRequest`: picks the encoding from
// Content-Type, undoes `Content-Encoding: gzip` within the size limit, and decodes protobuf or
// OTLP JSON. Encodes the answers (ExportMetricsServiceResponse, google.rpc.Status) the same way.
import Codecs
import SwiftProtobuf
import WardenCore
package import WireFormats

package typealias OTLPExportRequest = Opentelemetry_Proto_Collector_Metrics_V1_ExportMetricsServiceRequest
package typealias OTLPExportResponse = Opentelemetry_Proto_Collector_Metrics_V1_ExportMetricsServiceResponse

/// The two payload encodings OTLP/HTTP defines; the response uses the request's.
package enum OTLPEncoding: Sendable, Equatable {
  case protobuf
  case json

  /// The encoding a Content-Type names (parameters such as `charset` are ignored).
  /// - Throws: `OTLPError.unsupportedMediaType` for anything but the two OTLP media types.
  package init(contentType: String?) throws(OTLPError) {
    let mediaType = (contentType ?? "").split(separator: ";", maxSplits: 1).first.map { trimmedHeaderValue($0).lowercased() }
    switch mediaType {
    case "application/x-protobuf": self = .protobuf
    case "application/json": self = .json
    default:
      throw OTLPError(
        .unsupportedMediaType,
        "unsupported content type \"\(contentType ?? "")\": OTLP/HTTP metrics must be application/x-protobuf or application/json")
    }
  }

  package var contentType: String {
    switch self {
    case .protobuf: "application/x-protobuf"
    case .json: "application/json"
    }
  }
}

/// Decoding of request bodies and encoding of answers. Stateless and thread-safe.
package enum OTLPRequestDecoder {
  /// Decodes a body as received.
  /// - Parameters:
  ///   - body: the bytes on the wire.
  ///   - encoding: from the Content-Type.
  ///   - contentEncoding: the Content-Encoding header (absent, `identity` or `gzip`).
  ///   - limits: `maxBodyBytes` bounds the body before and after decompression.
  /// - Throws: `OTLPError` 400/413/415 naming the problem.
  package static func decode(
    _ body: [UInt8], encoding: OTLPEncoding, contentEncoding: String?, limits: OTLPLimits
  ) throws(OTLPError) -> OTLPExportRequest {
    guard body.count <= limits.maxBodyBytes else {
      throw OTLPError(.tooLarge, "request body has \(body.count) bytes, more than the limit of \(limits.maxBodyBytes)")
    }
    var payload = body
    switch contentEncoding.map({ trimmedHeaderValue($0[...]).lowercased() }) {
    case nil, "", "identity": break
    case "gzip", "x-gzip":
      do {
        payload = try Gzip.decompress(body, limit: limits.maxBodyBytes)
      } catch where error.code == .tooLarge {
        throw OTLPError(.tooLarge, "gzip body decompresses to more than \(limits.maxBodyBytes) bytes")
      } catch {
        throw OTLPError(.malformed, "cannot decompress gzip body: \(error.reason)")
      }
    case let other?:
      throw OTLPError(.unsupportedMediaType, "unsupported content encoding \"\(other)\": use gzip or none")
    }
    let request = try decodePayload(payload, encoding: encoding)
    let points = request.dataPointCount
    guard points <= limits.maxDataPoints else {
      throw OTLPError(.tooLarge, "request has \(points) data points, more than the limit of \(limits.maxDataPoints)")
    }
    return request
  }

  private static func decodePayload(_ payload: [UInt8], encoding: OTLPEncoding) throws(OTLPError) -> OTLPExportRequest {
    do {
      switch encoding {
      case .protobuf:
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = 64
        return try OTLPExportRequest(serializedBytes: payload, options: options)
      case .json:
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true  // OTLP/JSON receivers MUST ignore unknown fields.
        options.messageDepthLimit = 64
        return try OTLPExportRequest(jsonUTF8Bytes: payload, options: options)
      }
    } catch {
      let kind = encoding == .protobuf ? "protobuf" : "JSON"
      throw OTLPError(.malformed, "cannot decode OTLP metrics request as \(kind): \(describe(error))")
    }
  }

  /// SwiftProtobuf's errors print as bare enum cases ("truncated"); say it in words where we can.
  private static func describe(_ error: any Error) -> String {
    switch error {
    case let error as BinaryDecodingError:
      switch error {
      case .truncated: "the message is truncated"
      case .malformedProtobuf: "the bytes are not valid protobuf"
      case .invalidUTF8: "a string field is not valid UTF-8"
      case .messageDepthLimit: "messages are nested too deeply"
      default: "\(error)"
      }
    case let error as JSONDecodingError: "invalid OTLP JSON (\(error))"
    default: "\(error)"
    }
  }

  // MARK: - Answers

  /// The success body, with `partial_success` set only when something was rejected (the spec says
  /// a full success leaves it unset).
  package static func encodeResponse(rejectedDataPoints: Int, errorMessage: String, encoding: OTLPEncoding) -> [UInt8] {
    var response = OTLPExportResponse()
    if rejectedDataPoints > 0 || !errorMessage.isEmpty {
      response.partialSuccess.rejectedDataPoints = Int64(rejectedDataPoints)
      response.partialSuccess.errorMessage = errorMessage
    }
    // Encoding a message we built ourselves cannot fail (no Any fields, no missing required fields).
    switch encoding {
    case .protobuf: return (try? response.serializedBytes()) ?? []
    case .json: return (try? response.jsonUTF8Bytes()) ?? Array("{}".utf8)
    }
  }

  /// A `google.rpc.Status` with `code` (field 1) and `message` (field 2), the body OTLP/HTTP wants
  /// for every 4xx/5xx. There is no generated Status type, so it is written by hand.
  package static func encodeStatus(code: Int32, message: String, encoding: OTLPEncoding) -> [UInt8] {
    switch encoding {
    case .protobuf:
      var bytes: [UInt8] = []
      if code != 0 {
        bytes.append(0x08)  // field 1, varint
        appendVarint(UInt64(bitPattern: Int64(code)), to: &bytes)
      }
      let text = Array(message.utf8)
      if !text.isEmpty {
        bytes.append(0x12)  // field 2, length-delimited
        appendVarint(UInt64(text.count), to: &bytes)
        bytes.append(contentsOf: text)
      }
      return bytes
    case .json:
      return Array("{\"code\":\(code),\"message\":\(jsonString(message))}".utf8)
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

  private static func jsonString(_ text: String) -> String {
    JSONString.quoted(text)
  }
}

extension OTLPExportRequest {
  /// Data points of every kind in the request, counted before translation for the limit.
  package var dataPointCount: Int {
    var count = 0
    for resource in resourceMetrics {
      for scope in resource.scopeMetrics {
        for metric in scope.metrics {
          switch metric.data {
          case .gauge(let gauge): count += gauge.dataPoints.count
          case .sum(let sum): count += sum.dataPoints.count
          case .histogram(let histogram): count += histogram.dataPoints.count
          case .exponentialHistogram(let histogram): count += histogram.dataPoints.count
          case .summary(let summary): count += summary.dataPoints.count
          case nil: break
          }
        }
      }
    }
    return count
  }
}

/// `text` without leading and trailing spaces and tabs (header values).
private func trimmedHeaderValue(_ text: Substring) -> Substring {
  var result = text
  while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
  while let last = result.last, last == " " || last == "\t" { result.removeLast() }
  return result
}
