// The `multiline.start` pattern, tested against every line of a multi-line file. Swift's Regex,
// searched anywhere in the line (Promtail's `firstline` semantics) unless the pattern anchors
// itself; a pattern that is `^` plus fixed-width atoms
// (`^\d{4}-`, `^\[`) is answered from the line's bytes by ByteClassPrefix without building a String.
import Synchronization

package final class LineStartPattern: Sendable, Equatable, CustomStringConvertible {
  package let source: String
  private let prefix: ByteClassPrefix?
  /// `Regex` is not Sendable; the Mutex makes the class Sendable. One tailer uses it from one
  /// task, so the lock is never contended.
  private let regex: Mutex<Regex<AnyRegexOutput>>

  package init(_ source: String) throws(LineStartPatternError) {
    guard !source.isEmpty else { throw LineStartPatternError(message: "the pattern is empty, so every line would match") }
    self.source = source
    // Compiled even when the byte prefix answers: it validates the pattern, and decides lines the
    // prefix cannot.
    do {
      // Default (Character) semantics: Swift 6.3's Unicode-scalar mode gets `\W` wrong before
      // a non-ASCII character (`^\w\W` matches "c2٢").
      regex = Mutex(try Regex(source))
    } catch {
      throw LineStartPatternError(message: "invalid regular expression \"\(source)\": \(error)")
    }
    prefix = ByteClassPrefix(source)
  }

  /// Whether `line` (without its newline) begins a new record.
  package func matches(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    switch prefix?.match(line) {
    case .matched: return true
    case .failed: return false
    case .undecided, nil: break
    }
    let text = String(decoding: line, as: UTF8.self)
    return regex.withLock { (try? $0.firstMatch(in: text)) != nil }
  }

  package static func == (lhs: LineStartPattern, rhs: LineStartPattern) -> Bool { lhs.source == rhs.source }

  package var description: String { source }
}

package struct LineStartPatternError: Error, Sendable, CustomStringConvertible {
  package let message: String
  package var description: String { message }
}
