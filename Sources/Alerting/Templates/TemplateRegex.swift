// `match` and `reReplaceAll`: Go's unanchored regexp matching and ReplaceAllString (with `$1` /
// `${name}` expansion). Swift's `Regex` is not Sendable, so a compiled pattern lives behind a
// Mutex; each call compiles its own, as Prometheus's functions do.
import Synchronization
import WardenCore

final class TemplateRegex: Sendable {
  private let regex: Mutex<Regex<AnyRegexOutput>>

  init(_ pattern: String) throws(TemplateFunctionError) {
    do {
      // Go matches per code point, and `.` does not match a newline unless asked to.
      regex = Mutex(try Regex(pattern).matchingSemantics(.unicodeScalar))
    } catch {
      throw TemplateFunctionError("error parsing regexp: invalid pattern \(goQuoted(pattern))")
    }
  }

  /// Go's regexp.MatchString: does any part of `text` match.
  func matches(_ text: String) -> Bool {
    regex.withLock { regex in (try? regex.firstMatch(in: text)) != nil }
  }

  /// Go's Regexp.ReplaceAllString: every non-overlapping match replaced by the expansion of
  /// `replacement`.
  func replaceAll(in text: String, with replacement: String) -> String {
    let template = ExpansionTemplate(replacement)
    return regex.withLock { regex in
      var out = ""
      var copiedUpTo = text.startIndex
      var lastMatchEnd: String.Index?
      for match in text.matches(of: regex) {
        // Go ignores an empty match right after a previous match.
        if match.range.isEmpty, match.range.lowerBound == lastMatchEnd { continue }
        out += text[copiedUpTo..<match.range.lowerBound]
        let output = match.output
        out += template.expand(
          group: { index in index < output.count ? output[index].substring : nil },
          named: { name in output.first { $0.name == name }?.substring ?? nil })
        copiedUpTo = match.range.upperBound
        lastMatchEnd = match.range.upperBound
      }
      out += text[copiedUpTo...]
      return out
    }
  }
}
