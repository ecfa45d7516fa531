// The failure answers of the OTLP/HTTP receivers (metrics and logs): a google.rpc.Status body in
// the request's encoding, with the HTTP status and a gRPC code that match (the specification says
// clients need not look at the code; we fill it in).
import HTTPTypes
import Hummingbird
import Ingest
import NIOCore

enum OTLPStatusResponse {
  /// A decoding failure: 400, 413 or 415.
  static func failure(_ code: RequestFailureCode, message: String, encoding: OTLPEncoding) -> Response {
    make(code.grpcCode, message: message, encoding: encoding, httpStatus: HTTPResponse.Status(code: code.httpStatus))
  }

  /// A store failure answered with `httpStatus` (503 while opening, 429 or 507, else 500):
  /// UNAVAILABLE, RESOURCE_EXHAUSTED or INTERNAL.
  static func storeFailure(message: String, encoding: OTLPEncoding, httpStatus: HTTPResponse.Status) -> Response {
    let grpcCode: Int32 =
      switch httpStatus.code {
      case 503: 14
      case 429, 507: 8
      default: 13
      }
    return make(grpcCode, message: message, encoding: encoding, httpStatus: httpStatus)
  }

  static func make(_ grpcCode: Int32, message: String, encoding: OTLPEncoding, httpStatus: HTTPResponse.Status) -> Response {
    let bytes = OTLPRequestDecoder.encodeStatus(code: grpcCode, message: message, encoding: encoding)
    return Response(
      status: httpStatus, headers: [.contentType: encoding.contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
  }
}
