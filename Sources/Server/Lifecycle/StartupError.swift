// Why `warden serve` could not start: one line for the operator, non-zero exit.

package struct StartupError: Error, Sendable, CustomStringConvertible {
  package var message: String

  package init(_ message: String) {
    self.message = message
  }

  package var description: String { message }
}
