// The error an OTLP/HTTP metrics request fails with as a whole: what was wrong with the body and
// which HTTP answer it deserves (400 malformed, 413 too large, 415 unsupported media type).
// Problems with single data points are not errors: they are counted in `OTLPTranslation`.

/// A whole-request failure of the OTLP metrics receiver.
package struct OTLPError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is. New codes can be added without breaking callers.
  package struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
      case malformed, tooLarge, unsupportedMediaType
    }

    private let base: Base

    private init(_ base: Base) {
      self.base = base
    }

    /// The body cannot be decoded (bad protobuf, bad JSON, bad gzip): 400, never retried.
    package static let malformed = Code(.malformed)
    /// The body, compressed or not, or its data point count is over a limit: 413, never retried.
    package static let tooLarge = Code(.tooLarge)
    /// The content type or content encoding is not one OTLP/HTTP defines: 415.
    package static let unsupportedMediaType = Code(.unsupportedMediaType)

    package var description: String {
      switch base {
      case .malformed: "malformed"
      case .tooLarge: "too large"
      case .unsupportedMediaType: "unsupported media type"
      }
    }
  }

  package var code: Code
  /// "cannot decode OTLP metrics request: <why>"-style text for the sender.
  package var message: String

  package init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  package var description: String { message }
}
