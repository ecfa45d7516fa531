// The envelopes of the JSON APIs: Prometheus's `{"status":"success","data":...}` and its error
// shape `{"status":"error","errorType":"...","error":"..."}`, which Warden's own /api/v1 uses too.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

struct APISuccess<Payload: Encodable>: Encodable {
  let status = "success"
  let data: Payload
}

/// An API failure in Prometheus's error shape, with its HTTP status.
struct APIError: HTTPResponseError {
  let status: HTTPResponse.Status
  let errorType: String
  let message: String
  /// Sent as `Retry-After` (429 and 503 answers that know when to come back).
  var retryAfterSeconds: Int?

  init(status: HTTPResponse.Status, errorType: String, message: String) {
    self.status = status
    self.errorType = errorType
    self.message = message
  }

  static func badData(_ message: String) -> APIError {
    APIError(status: .badRequest, errorType: "bad_data", message: message)
  }

  static func unavailable(_ message: String) -> APIError {
    APIError(status: .serviceUnavailable, errorType: "unavailable", message: message)
  }

  static func `internal`(_ message: String) -> APIError {
    APIError(status: .internalServerError, errorType: "internal", message: message)
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    // Written as Prometheus writes it (Go's string escaping), since clients match on the text.
    var writer = PrometheusJSONWriter()
    writer.raw(#"{"status":"error","errorType":"#)
    writer.string(errorType)
    writer.raw(#","error":"#)
    writer.string(message)
    writer.byte(UInt8(ascii: "}"))
    var response = QueryAPIResponse.response(writer, status: status)
    if let retryAfterSeconds { response.headers[.retryAfter] = String(retryAfterSeconds) }
    return response
  }
}

enum JSONBody {
  static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    // Encoding our own plain structs cannot fail; if it ever did, say so rather than send junk.
    let data = (try? encoder.encode(value)) ?? Data(#"{"status":"error","errorType":"internal","error":"cannot encode response"}"#.utf8)
    return Response(
      status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  static func success(_ payload: some Encodable) -> Response {
    response(APISuccess(data: payload))
  }
}

enum TextBody {
  static func response(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8")
    -> Response
  {
    Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  static func response(bytes: [UInt8], contentType: String) -> Response {
    Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
  }
}
