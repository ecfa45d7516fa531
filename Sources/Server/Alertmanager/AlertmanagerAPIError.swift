// Failures of the Alertmanager API v2, answered as Alertmanager answers them: the status, and the
// reason as a JSON string body (the spec's BadRequest and InternalServerError schemas), or no body
// where Alertmanager sends none (404 for an unknown silence).
import HTTPTypes
import Hummingbird
import NIOCore

struct AlertmanagerAPIError: HTTPResponseError, CustomStringConvertible {
  let status: HTTPResponse.Status
  /// The reason, sent as a JSON string; nil sends an empty body.
  let message: String?

  static func badRequest(_ message: String) -> AlertmanagerAPIError {
    AlertmanagerAPIError(status: .badRequest, message: message)
  }

  static func notFound(_ message: String? = nil) -> AlertmanagerAPIError {
    AlertmanagerAPIError(status: .notFound, message: message)
  }

  static func tooLarge(_ message: String) -> AlertmanagerAPIError {
    AlertmanagerAPIError(status: .contentTooLarge, message: message)
  }

  static func unavailable(_ message: String) -> AlertmanagerAPIError {
    AlertmanagerAPIError(status: .serviceUnavailable, message: message)
  }

  static func `internal`(_ message: String) -> AlertmanagerAPIError {
    AlertmanagerAPIError(status: .internalServerError, message: message)
  }

  var description: String { "\(status.code) \(message ?? "")" }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    guard let message else { return Response(status: status) }
    var writer = PrometheusJSONWriter()
    writer.string(message)
    writer.byte(UInt8(ascii: "\n"))
    return Response(
      status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
  }
}
