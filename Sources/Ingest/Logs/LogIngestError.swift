// The error a log push request fails with as a whole (Loki push, OTLP logs, NDJSON): what was
// wrong, where ("streams[2].values[5][0]: ..."), and which HTTP answer it deserves. Nothing of a
// request that fails is returned, so the caller stores all of it or none.

/// A whole-request failure of a log decoder.
package struct LogIngestError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of failure this is. New codes can be added without breaking callers.
  package struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
      case malformed, tooLarge, unsupportedMediaType
    }

    private let base: Base

    private init(_ base: Base) {
      self.base = base
    }

    /// The body cannot be decoded (bad JSON, protobuf, snappy, gzip, labels, timestamps): 400.
    package static let malformed = Code(.malformed)
    /// The body, decompressed or not, or a count in it is over a limit: 413.
    package static let tooLarge = Code(.tooLarge)
    /// The Content-Type or Content-Encoding is not one the endpoint accepts: 415.
    package static let unsupportedMediaType = Code(.unsupportedMediaType)

    package var description: String {
      switch base {
      case .malformed: "malformed"
      case .tooLarge: "too large"
      case .unsupportedMediaType: "unsupported media type"
      }
    }

    /// The HTTP status the server answers with.
    package var httpStatus: Int {
      switch base {
      case .malformed: 400
      case .tooLarge: 413
      case .unsupportedMediaType: 415
      }
    }
  }

  package var code: Code
  /// What was wrong, for the sender: "streams[2].values[5][0]: timestamp \"abc\" is not an integer".
  package var message: String

  package init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  package static func malformed(_ message: String) -> LogIngestError { LogIngestError(.malformed, message) }
  package static func tooLarge(_ message: String) -> LogIngestError { LogIngestError(.tooLarge, message) }

  package var description: String { message }
}
