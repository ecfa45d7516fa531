// A relabel `regex`, anchored at both ends as Prometheus anchors it, compiled once. The default
// `(.*)` and plain literal alternations (`a|b|c`) skip the regex engine, because
// metric_relabel_configs run on every scraped sample.
import Synchronization

struct RelabelRegex: Sendable, Equatable {
  private enum Shape: Sendable {
    /// `(.*)`: every value matches, group 1 is the whole value.
    case captureAll
    /// `.*`: every value matches, no groups.
    case anything
    case literals(Set<String>)
    case general(CompiledCaptureRegex)
  }

  let source: String
  private let shape: Shape

  init(_ source: String) throws(RelabelConfigError) {
    self.source = source
    // Compile even the fast shapes, so the syntax is validated the same way for all of them.
    let compiled: CompiledCaptureRegex
    do {
      compiled = try CompiledCaptureRegex(source)
    } catch {
      throw RelabelConfigError("invalid regex \"\(source)\": \(error)")
    }
    if source == "(.*)" {
      shape = .captureAll
    } else if source == ".*" {
      shape = .anything
    } else if let literals = Self.literalAlternation(source) {
      shape = .literals(Set(literals))
    } else {
      shape = .general(compiled)
    }
  }

  static func == (lhs: RelabelRegex, rhs: RelabelRegex) -> Bool { lhs.source == rhs.source }

  var isCaptureAll: Bool {
    if case .captureAll = shape { return true }
    return false
  }

  func matches(_ value: String) -> Bool {
    switch shape {
    case .captureAll, .anything: return true
    case .literals(let set): return set.contains(value)
    case .general(let compiled): return compiled.match(value) != nil
    }
  }

  func match(_ value: String) -> RegexMatch? {
    switch shape {
    case .captureAll: return RegexMatch(groups: [Substring(value), Substring(value)], names: [:])
    case .anything: return RegexMatch(groups: [Substring(value)], names: [:])
    case .literals(let set): return set.contains(value) ? RegexMatch(groups: [Substring(value)], names: [:]) : nil
    case .general(let compiled): return compiled.match(value)
    }
  }

  /// `a|b|c` without metacharacters → ["a", "b", "c"]; nil otherwise.
  private static func literalAlternation(_ source: String) -> [String]? {
    let meta: Set<Character> = ["\\", ".", "+", "*", "?", "(", ")", "[", "]", "{", "}", "^", "$"]
    if source.contains(where: { meta.contains($0) }) { return nil }
    return source.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
  }
}

/// The groups of one whole-value match: index 0 is the whole value; nil for a group that did not
/// take part in the match.
struct RegexMatch {
  let groups: [Substring?]
  let names: [String: Int]

  func group(_ number: Int) -> Substring? {
    number < groups.count ? groups[number] : nil
  }

  func group(named name: String) -> Substring? {
    guard let number = names[name] else { return nil }
    return group(number)
  }
}

/// Swift's `Regex` is not Sendable, so it lives behind a `Mutex` (Sendable for any value it
/// owns). Each relabel rule belongs to one scrape loop, so the lock is uncontended.
final class CompiledCaptureRegex: Sendable {
  private let regex: Mutex<Regex<AnyRegexOutput>>

  init(_ source: String) throws {
    // Unicode-scalar semantics, as Go matches runes, not grapheme clusters.
    regex = Mutex(try Regex("\\A(?:" + source + ")\\z").matchingSemantics(.unicodeScalar))
  }

  func match(_ value: String) -> RegexMatch? {
    regex.withLock { regex in
      guard let match = try? regex.wholeMatch(in: value) else { return nil }
      var groups: [Substring?] = []
      groups.reserveCapacity(match.output.count)
      var names: [String: Int] = [:]
      for (index, element) in match.output.enumerated() {
        groups.append(element.substring)
        if let name = element.name { names[name] = index }
      }
      return RegexMatch(groups: groups, names: names)
    }
  }
}
