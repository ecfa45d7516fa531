// Reading a request body with a size limit: refused with 413 (as a ReceiverError naming what was
// too large) from Content-Length before reading, or as soon as the body passes the limit.
import Hummingbird
import NIOCore

extension Request {
  /// The whole body, refused with 413 beyond `limit` bytes (before reading the rest of it).
  func collectBody(limit: Int, what: String) async throws -> ByteBuffer {
    if let length = headers[.contentLength].flatMap(Int.init), length > limit {
      throw ReceiverError.tooLarge("\(what) of \(length) bytes is over the limit of \(limit) bytes")
    }
    do {
      return try await body.collect(upTo: limit)
    } catch is NIOTooManyBytesError {
      throw ReceiverError.tooLarge("\(what) is over the limit of \(limit) bytes")
    }
  }
}
