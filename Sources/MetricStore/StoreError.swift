// The metric store's error type: what could not be done, with the cause. Per-sample rejections
// are not errors: they are counted in `AppendReport`.

package struct StoreError: Error, Sendable, CustomStringConvertible {
  package struct Code: Hashable, Sendable {
    private enum Base { case corrupt, outOfSpace, closed, io, limit }
    private let base: Base
    /// On-disk data failed a checksum or could not be decoded.
    package static let corrupt = Code(base: .corrupt)
    /// The disk is full: writes are refused until space returns; reads keep working.
    package static let outOfSpace = Code(base: .outOfSpace)
    /// The store has been closed.
    package static let closed = Code(base: .closed)
    package static let io = Code(base: .io)
    /// A whole batch exceeded a limit (such as the maximum number of series).
    package static let limit = Code(base: .limit)
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
