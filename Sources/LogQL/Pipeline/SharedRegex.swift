// A compiled Swift `Regex` a Sendable pipeline can hold. `Regex` is not Sendable, so it lives
// behind a Mutex; each runner takes its own copy once (`makeCopy`) and matches without a lock, so
// query tasks running the same pipeline in parallel never contend on it.
import PromQL
import Synchronization

final class SharedRegex: Sendable {
  let source: String
  private let regex: Mutex<Regex<AnyRegexOutput>>

  /// `dotMatchesNewlines` follows Loki: line filters let `.` match newlines, label matchers do
  /// not. Matching is per Unicode scalar, as Go's RE2 matches.
  init(_ source: String, dotMatchesNewlines: Bool = false) throws {
    self.source = source
    let text = dotMatchesNewlines ? "(?s:" + source + ")" : source
    regex = Mutex(try Regex(text).matchingSemantics(.unicodeScalar))
  }

  func makeCopy() -> Regex<AnyRegexOutput> {
    regex.withLock { $0 }
  }
}

extension LogQLError {
  /// A regex that does not compile, reported at the stage that holds it.
  static func invalidRegex(_ source: String, _ error: any Error, at position: PositionRange) -> LogQLError {
    LogQLError(.invalid, "invalid regex \"\(source)\": \(error)", position: position)
  }
}
