// The error of silence operations: what kind (not found, invalid, already expired, over a limit)
// and a message saying why, which the API returns as its 400 or 404 body.

/// Why a silence could not be created, updated or expired.
package struct SilenceError: Error, Sendable, Equatable, CustomStringConvertible {
  package struct Code: Hashable, Sendable {
    private enum Base { case notFound, invalid, alreadyExpired, limit }
    private let base: Base
    /// No silence has the id.
    package static let notFound = Code(base: .notFound)
    /// The silence breaks a rule (no matchers, ends before it starts...).
    package static let invalid = Code(base: .invalid)
    /// Expiring a silence that already ended.
    package static let alreadyExpired = Code(base: .alreadyExpired)
    /// Too many silences, or a silence too large.
    package static let limit = Code(base: .limit)
  }

  package var code: Code
  package var message: String

  package init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  package var description: String { message }
}
