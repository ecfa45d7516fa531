// The error a log push request fails with as a whole (Loki push, OTLP logs, NDJSON): what was
// wrong, where ("streams[2].values[5][0]: ..."), and which HTTP answer it deserves. Nothing of a
// request that fails is returned, so the caller stores all of it or none.

/// A whole-request failure of a log decoder.
package struct LogIngestError: Error, Sendable, Equatable, CustomStringConvertible {
  package typealias Code = RequestFailureCode

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
