// The log store's error type: what could not be done, with the cause. Per-record rejections are
// not errors: they are counted in `LogAppendReport`.

package struct LogStoreError: Error, Sendable, CustomStringConvertible {
  package struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Base { case corrupt, outOfSpace, closed, io, invalidArgument }
    private let base: Base
    /// On-disk data failed a checksum or could not be decoded.
    package static let corrupt = Code(base: .corrupt)
    /// The disk is full: writes are refused until space returns; reads keep working.
    package static let outOfSpace = Code(base: .outOfSpace)
    /// The store has been closed.
    package static let closed = Code(base: .closed)
    package static let io = Code(base: .io)
    /// A request the store cannot carry out as asked (an empty delete selector, an inverted range).
    package static let invalidArgument = Code(base: .invalidArgument)

    package var description: String {
      switch base {
      case .corrupt: "corrupt"
      case .outOfSpace: "out of space"
      case .closed: "closed"
      case .io: "io"
      case .invalidArgument: "invalid argument"
      }
    }
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
