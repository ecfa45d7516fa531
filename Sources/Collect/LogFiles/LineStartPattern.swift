// The `multiline.start` pattern, tested against every line of a multi-line file. A pattern that
// is `^` plus literal text (`^\[`, `^INFO`, `^20`) is a byte-prefix comparison; anything else goes
// to Swift's Regex, searched anywhere in the line (Promtail's `firstline` semantics) unless the
// pattern anchors itself.
import Synchronization

package final class LineStartPattern: Sendable, Equatable, CustomStringConvertible {
  package let source: String
  /// Set when the pattern is `^` followed by literal bytes only.
  private let literalPrefix: [UInt8]?
  /// `Regex` is not Sendable; the Mutex makes the class Sendable. One tailer uses it from one
  /// task, so the lock is never contended.
  private let regex: Mutex<Regex<AnyRegexOutput>>

  package init(_ source: String) throws(LineStartPatternError) {
    guard !source.isEmpty else { throw LineStartPatternError(message: "the pattern is empty, so every line would match") }
    self.source = source
    // Compiled even when the literal prefix is used: it validates the pattern the same way.
    do {
      regex = Mutex(try Regex(source))
    } catch {
      throw LineStartPatternError(message: "invalid regular expression \"\(source)\": \(error)")
    }
    literalPrefix = Self.anchoredLiteral(source).map { Array($0.utf8) }
  }

  /// Whether `line` (without its newline) begins a new record.
  package func matches(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    if let prefix = literalPrefix {
      guard line.count >= prefix.count else { return false }
      for index in prefix.indices where line[index] != prefix[index] { return false }
      return true
    }
    let text = String(decoding: line, as: UTF8.self)
    return regex.withLock { (try? $0.firstMatch(in: text)) != nil }
  }

  package static func == (lhs: LineStartPattern, rhs: LineStartPattern) -> Bool { lhs.source == rhs.source }

  package var description: String { source }

  /// `^abc` (with `\`-escaped punctuation allowed) → "abc"; nil when anything else is in it.
  private static func anchoredLiteral(_ source: String) -> String? {
    guard source.hasPrefix("^") else { return nil }
    let meta: Set<Character> = [".", "+", "*", "?", "(", ")", "[", "]", "{", "}", "^", "$", "|"]
    var literal = ""
    var escaped = false
    for character in source.dropFirst() {
      if escaped {
        // `\d`, `\s`, `\w`... are classes, not literals; only escaped punctuation is literal.
        guard character.isPunctuation || character.isSymbol || character == " " else { return nil }
        literal.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if meta.contains(character) {
        return nil
      } else {
        literal.append(character)
      }
    }
    return escaped || literal.isEmpty ? nil : literal
  }
}

package struct LineStartPatternError: Error, Sendable, CustomStringConvertible {
  package let message: String
  package var description: String { message }
}
