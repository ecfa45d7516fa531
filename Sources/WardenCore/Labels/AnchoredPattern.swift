// A regular expression matched against a whole label value, as Prometheus anchors them, with fast
// paths for the shapes selectors use most (`.*`, `.+`, literal alternations, literal prefixes)
// so most matchers never reach the general regex engine.
import Synchronization

struct AnchoredPattern: Sendable {
  private enum Shape: Sendable {
    case anything  // .*
    case nonEmpty  // .+
    case literals(Set<String>)  // a|b|c
    case prefix(String)  // abc.*
    case general(CompiledRegex)
  }

  private let shape: Shape
  let literalAlternatives: [String]?
  init(_ source: String) throws(LabelMatcherError) {
    // Compile once: to validate whatever shape is used, and to match the general case.
    let compiled: CompiledRegex
    do {
      compiled = try CompiledRegex(source)
    } catch {
      throw LabelMatcherError(message: "invalid regular expression \"\(source)\": \(error)")
    }
    if source == ".*" {
      shape = .anything
      literalAlternatives = nil
    } else if source == ".+" {
      shape = .nonEmpty
      literalAlternatives = nil
    } else if let literals = Self.literalAlternation(source) {
      shape = .literals(Set(literals))
      literalAlternatives = literals
    } else if source.hasSuffix(".*"), let literal = Self.literalAlternation(String(source.dropLast(2))), literal.count == 1 {
      shape = .prefix(literal[0])
      literalAlternatives = nil
    } else {
      shape = .general(compiled)
      literalAlternatives = nil
    }
  }

  func matches(_ value: String) -> Bool {
    switch shape {
    case .anything: return true
    case .nonEmpty: return !value.isEmpty
    case .literals(let set): return set.contains(value)
    case .prefix(let prefix): return value.hasPrefix(prefix)
    case .general(let compiled): return compiled.matches(value)
    }
  }

  /// `a|b|c` with no metacharacters → ["a", "b", "c"]; nil otherwise.
  private static func literalAlternation(_ source: String) -> [String]? {
    let meta: Set<Character> = ["\\", ".", "+", "*", "?", "(", ")", "[", "]", "{", "}", "^", "$"]
    if source.contains(where: { meta.contains($0) }) { return nil }
    return source.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
  }
}

/// Swift's `Regex` is not Sendable, so the compiled regex lives behind a `Mutex` (which is
/// Sendable for any value it owns). Matchers belong to one query, so the lock is uncontended.
final class CompiledRegex: Sendable {
  private let regex: Mutex<Regex<AnyRegexOutput>>

  init(_ source: String) throws {
    regex = Mutex(try Regex("^(?:" + source + ")$"))
  }

  func matches(_ value: String) -> Bool {
    regex.withLock { (try? $0.wholeMatch(in: value)) != nil }
  }
}
