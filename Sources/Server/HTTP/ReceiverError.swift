// Errors of the ingest receivers (remote_write, push), answered as plain text the way Prometheus
// and the Pushgateway answer them: senders read the status code, operators read the line in the
// sender's log. 4xx means "do not retry these bytes", 5xx and 429 mean "retry later".
import HTTPTypes
import Hummingbird
import NIOCore

struct ReceiverError: HTTPResponseError, CustomStringConvertible {
  let status: HTTPResponse.Status
  let message: String
  var headers: HTTPFields = [:]

  static func badRequest(_ message: String) -> ReceiverError {
    ReceiverError(status: .badRequest, message: message)
  }

  static func unsupportedMediaType(_ message: String) -> ReceiverError {
    ReceiverError(status: .unsupportedMediaType, message: message)
  }

  static func tooLarge(_ message: String) -> ReceiverError {
    ReceiverError(status: .contentTooLarge, message: message)
  }

  /// 429 with `Retry-After`, for a sender over its rate.
  static func tooManyRequests(_ message: String, retryAfterSeconds: Int) -> ReceiverError {
    ReceiverError(status: .tooManyRequests, message: message, headers: [.retryAfter: String(retryAfterSeconds)])
  }

  /// The same failure as a store or API error, keeping its status.
  init(_ error: APIError) {
    self.init(status: error.status, message: error.message)
    if let retryAfter = error.retryAfterSeconds { headers[.retryAfter] = String(retryAfter) }
  }

  init(status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) {
    self.status = status
    self.message = message
    self.headers = headers
  }

  var description: String { "\(status.code) \(message)" }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    var fields = headers
    fields[.contentType] = "text/plain; charset=utf-8"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
  }
}
