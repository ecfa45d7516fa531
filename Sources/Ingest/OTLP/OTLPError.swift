// The error an OTLP/HTTP metrics request fails with as a whole: what was wrong with the body and
// which HTTP answer it deserves (400 malformed, 413 too large, 415 unsupported media type).
// Problems with single data points are not errors: they are counted in `OTLPTranslation`.

/// A whole-request failure of the OTLP metrics receiver.
package struct OTLPError: Error, Sendable, CustomStringConvertible {
  package typealias Code = RequestFailureCode

  package var code: Code
  /// "cannot decode OTLP metrics request: <why>"-style text for the sender.
  package var message: String

  package init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  package var description: String { message }
}
