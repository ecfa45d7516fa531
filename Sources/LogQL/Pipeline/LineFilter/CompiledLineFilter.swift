// `|= "a" or "b"`, `!= "x"`, `|~ "re"`, `!~ "re"`, `|= ip("10.0.0.0/8")`, compiled to byte
// searches wherever the pattern allows, so the common filters never build a String per line.
import PromQL

struct CompiledLineFilter: Sendable {
  /// One alternative of the filter; the line matches the filter when any alternative matches.
  enum Alternative: Sendable {
    case literal(ByteNeedle)
    case literalIgnoringCase(CaseInsensitiveNeedle)
    /// `regex` indexes the pipeline's regex table; `required` rejects lines that cannot match.
    case regex(Int, required: Prefilter?)
    case ip(IPPattern)
  }

  enum Prefilter: Sendable {
    case exact(ByteNeedle)
    case ignoringCase(CaseInsensitiveNeedle)

    func occurs(in line: UnsafeRawBufferPointer) -> Bool {
      switch self {
      case .exact(let needle): needle.occurs(in: line)
      case .ignoringCase(let needle): needle.occurs(in: line)
      }
    }
  }

  let alternatives: [Alternative]
  /// `!=` and `!~`: drop the lines that match.
  let negated: Bool
  /// The substring every kept line contains, for the store's block skipping (positive,
  /// case-sensitive filters with one pattern only).
  let requiredSubstring: [UInt8]?

  /// `regexes` collects compiled regexes; alternatives refer to them by index.
  init(_ filter: LineFilter, regexes: inout [SharedRegex]) throws(LogQLError) {
    negated = filter.op == .notContains || filter.op == .notMatchesRegex
    var alternatives: [Alternative] = []
    var required: [UInt8]?
    if filter.isIPFilter {
      guard filter.op == .contains || filter.op == .notContains else {
        throw LogQLError(.invalid, "ip() line filters accept only |= and !=", position: filter.position)
      }
      for pattern in filter.patterns {
        switch IPPattern.parse(pattern) {
        case .success(let parsed): alternatives.append(.ip(parsed))
        case .failure(let error): throw LogQLError(.invalid, error.message, position: filter.position)
        }
      }
    } else if filter.op == .contains || filter.op == .notContains {
      alternatives = filter.patterns.map { .literal(ByteNeedle(Array($0.utf8))) }
      if filter.patterns.count == 1 { required = Array(filter.patterns[0].utf8) }
    } else {
      for pattern in filter.patterns {
        let literals = RegexLiterals(pattern)
        switch literals.shape {
        case .literals(let words):
          for word in words {
            alternatives.append(literals.caseInsensitive ? .literalIgnoringCase(CaseInsensitiveNeedle(word)) : .literal(ByteNeedle(word)))
          }
          if filter.patterns.count == 1, words.count == 1, !literals.caseInsensitive { required = words[0] }
        case .general(let word):
          let compiled: SharedRegex
          do {
            compiled = try SharedRegex(pattern, dotMatchesNewlines: true)
          } catch {
            throw .invalidRegex(pattern, error, at: filter.position)
          }
          regexes.append(compiled)
          var prefilter: Prefilter?
          if let word {
            prefilter = literals.caseInsensitive ? .ignoringCase(CaseInsensitiveNeedle(word)) : .exact(ByteNeedle(word))
            if filter.patterns.count == 1, !literals.caseInsensitive { required = word }
          }
          alternatives.append(.regex(regexes.count - 1, required: prefilter))
        }
      }
    }
    self.alternatives = alternatives
    requiredSubstring = negated || required?.isEmpty == true ? nil : required
  }

  /// Whether the line survives the filter. `regexes` are the runner's own copies.
  func keeps(_ line: UnsafeRawBufferPointer, regexes: RegexTable) -> Bool {
    matchesAny(line, regexes: regexes) != negated
  }

  private func matchesAny(_ line: UnsafeRawBufferPointer, regexes: RegexTable) -> Bool {
    for alternative in alternatives {
      switch alternative {
      case .literal(let needle):
        if needle.occurs(in: line) { return true }
      case .literalIgnoringCase(let needle):
        if needle.occurs(in: line) { return true }
      case .regex(let index, let required):
        if let required, !required.occurs(in: line) { continue }
        if regexes.firstMatch(index, in: line) { return true }
      case .ip(let pattern):
        if IPTokenScanner.anyAddress(in: line, where: pattern.contains) { return true }
      }
    }
    return false
  }
}

/// A runner's private copies of the pipeline's regexes (no lock per match).
struct RegexTable {
  private var regexes: [Regex<AnyRegexOutput>]

  init(_ shared: [SharedRegex]) {
    regexes = shared.map { $0.makeCopy() }
  }

  func regex(_ index: Int) -> Regex<AnyRegexOutput> { regexes[index] }

  /// Whether the regex matches anywhere in the line (decoded as UTF-8, invalid bytes replaced).
  func firstMatch(_ index: Int, in line: UnsafeRawBufferPointer) -> Bool {
    let text = String(decoding: line, as: UTF8.self)
    return (try? regexes[index].firstMatch(in: text)) != nil
  }
}
