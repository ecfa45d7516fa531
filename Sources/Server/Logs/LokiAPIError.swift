// Failures of the Loki-compatible endpoints, answered as Loki answers them: the status code and
// the message as a plain-text body (Grafana's Loki data source shows that text as the error).
import HTTPTypes
import Hummingbird
import NIOCore

struct LokiAPIError: HTTPResponseError, CustomStringConvertible {
  let status: HTTPResponse.Status
  let message: String
  /// Sent as `Retry-After` on 429 and 503.
  var retryAfterSeconds: Int?

  init(status: HTTPResponse.Status, message: String) {
    self.status = status
    self.message = message
  }

  static func badRequest(_ message: String) -> LokiAPIError { LokiAPIError(status: .badRequest, message: message) }
  static func unavailable(_ message: String) -> LokiAPIError { LokiAPIError(status: .serviceUnavailable, message: message) }
  static func `internal`(_ message: String) -> LokiAPIError { LokiAPIError(status: .internalServerError, message: message) }

  var description: String { message }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    var response = Response(
      status: status, headers: [.contentType: "text/plain; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    if let retryAfterSeconds { response.headers[.retryAfter] = String(retryAfterSeconds) }
    return response
  }
}
