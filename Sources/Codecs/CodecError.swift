// The one error type of the Codecs module: what could not be decoded, and where.
// Decoders throw it with typed throws so inner loops never box an `any Error`.

/// A failure to decode bytes produced by (or claiming to be produced by) a Warden codec.
///
/// The message reads "cannot decode <subject>: <reason>", for example
/// "cannot decode XOR chunk: truncated at bit 1234 of 1232 (sample 17 of 120)".
/// Corrupt or short input always ends up here; no decoder traps on bad bytes.
package struct CodecError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is. New codes can be added without breaking callers.
  package struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
      case truncated, corrupt, overflow, tooLarge
    }

    private let base: Base

    private init(_ base: Base) {
      self.base = base
    }

    /// The input ended before the value being decoded was complete.
    package static let truncated = Code(.truncated)
    /// The input holds a value no encoder produces (bad prefix, impossible field).
    package static let corrupt = Code(.corrupt)
    /// A number does not fit its type (for example a varint longer than 10 bytes).
    package static let overflow = Code(.overflow)
    /// The input declares more data than the caller allows (a body or frame over its limit).
    package static let tooLarge = Code(.tooLarge)

    package var description: String {
      switch base {
      case .truncated: "truncated"
      case .corrupt: "corrupt"
      case .overflow: "overflow"
      case .tooLarge: "too large"
      }
    }
  }

  /// The kind of failure.
  package var code: Code
  /// What was being decoded: "varint", "bit stream", "XOR chunk".
  package var subject: String
  /// Why it failed and where: "truncated at byte 12".
  package var reason: String
  /// The lower-level error this one wraps, if any.
  package var cause: (any Error)?

  /// Creates an error; prefer the static helpers, which keep messages uniform.
  package init(code: Code, subject: String, reason: String, cause: (any Error)? = nil) {
    self.code = code
    self.subject = subject
    self.reason = reason
    self.cause = cause
  }

  /// "cannot decode <subject>: <reason>".
  package var message: String { "cannot decode \(subject): \(reason)" }

  package var description: String { message }

  /// The input ended early.
  package static func truncated(_ subject: String, _ reason: String) -> CodecError {
    CodecError(code: .truncated, subject: subject, reason: reason)
  }

  /// The input holds something no encoder writes.
  package static func corrupt(_ subject: String, _ reason: String) -> CodecError {
    CodecError(code: .corrupt, subject: subject, reason: reason)
  }

  /// A number does not fit its type.
  package static func overflow(_ subject: String, _ reason: String) -> CodecError {
    CodecError(code: .overflow, subject: subject, reason: reason)
  }

  /// The input declares `declared` bytes, more than the caller's `limit`.
  package static func tooLarge(_ subject: String, _ declared: Int, _ limit: Int) -> CodecError {
    CodecError(code: .tooLarge, subject: subject, reason: "it declares \(declared) bytes, over the limit of \(limit)")
  }

  /// The same failure told from a higher level: a chunk decoder turns
  /// "cannot decode bit stream: truncated at bit 80" into
  /// "cannot decode XOR chunk: truncated at bit 80 (sample 3 of 9)".
  /// - Parameters:
  ///   - subject: the enclosing thing being decoded.
  ///   - context: appended to the reason in parentheses, when not empty.
  package func reframed(as subject: String, context: String = "") -> CodecError {
    var copy = self
    copy.subject = subject
    if !context.isEmpty { copy.reason += " (\(context))" }
    return copy
  }
}
