// The error type of the catalog (warden.sqlite): what could not be done, and why.

package struct CatalogError: Error, Sendable, CustomStringConvertible {
  package struct Code: Hashable, Sendable {
    private enum Base { case open, migrate, newerSchema, query }
    private let base: Base
    package static let open = Code(base: .open)
    package static let migrate = Code(base: .migrate)
    /// The database was written by a newer Warden whose migrations this binary does not know.
    package static let newerSchema = Code(base: .newerSchema)
    package static let query = Code(base: .query)
  }

  package var code: Code
  package var message: String
  package var cause: (any Error)?

  package init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
    self.code = code
    self.message = message
    self.cause = cause
  }

  package var description: String {
    guard let cause else { return message }
    return "\(message): \(cause)"
  }
}
