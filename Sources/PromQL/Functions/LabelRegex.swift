// A regular expression for label_replace(): anchored at both ends, `.` matching newlines, matched
// per Unicode scalar like Go's RE2, with the capture groups kept for `$1` / `${name}` expansion.
// Swift's `Regex` is not Sendable, so it lives behind a Mutex; a label_replace() call compiles it
// once and uses it from one task, so the lock is uncontended.
import Synchronization

package final class LabelRegex: Sendable {
  package struct Group: Sendable {
    package var name: String?
    /// nil when the group did not take part in the match.
    package var text: Substring?
  }

  private let regex: Mutex<Regex<AnyRegexOutput>>

  /// Throws when Swift cannot compile the pattern or it uses a construct RE2 rejects.
  package init(_ pattern: String) throws {
    if let construct = RE2Syntax.unsupportedConstruct(in: pattern) {
      throw LabelRegexError(construct: construct)
    }
    regex = Mutex(try Regex("(?s:" + pattern + ")").matchingSemantics(.unicodeScalar))
  }

  /// The groups of a match of the whole of `text` (index 0 is the whole match), or nil when
  /// `text` does not match.
  package func wholeMatchGroups(in text: String) -> [Group]? {
    regex.withLock { regex in
      guard let match = try? regex.wholeMatch(in: text) else { return nil }
      return match.output.map { Group(name: $0.name, text: $0.substring) }
    }
  }
}

struct LabelRegexError: Error, CustomStringConvertible {
  var construct: String
  var description: String { "unsupported construct \(construct)" }
}
