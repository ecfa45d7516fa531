// Family bookkeeping for text 0.0.4: which family a sample belongs to (histogram and summary
// suffixes), and the rules that HELP and TYPE appear at most once and TYPE before samples.

import WardenCore

/// The families of one text 0.0.4 body, in order of first mention.
///
/// Samples of one family need not be contiguous in 0.0.4, so families are looked up by name.
struct TextFamilies {
  private(set) var families: [ParsedFamily] = []
  private var indexByName: [String: Int] = [:]
  private var hasSamples: [Bool] = []
  private var hasType: [Bool] = []

  /// Records `# HELP name text`.
  mutating func help(name: String, text: String, cursor: LineCursor) throws(ExpositionError) {
    let index = family(named: name)
    guard families[index].help == nil else {
      throw cursor.error("second HELP line for metric name \"\(name)\"", at: cursor.lineStart)
    }
    families[index].help = text
  }

  /// Records `# TYPE name type`.
  mutating func type(name: String, type: DeclaredType, cursor: LineCursor) throws(ExpositionError) {
    let index = family(named: name)
    guard !hasType[index] else { throw cursor.error("second TYPE line for metric name \"\(name)\"", at: cursor.lineStart) }
    guard !hasSamples[index] else {
      throw cursor.error("TYPE line for metric name \"\(name)\" after its samples", at: cursor.lineStart)
    }
    hasType[index] = true
    families[index].type = type.metricType
  }

  /// Assigns a sample to its family and checks `le`/`quantile` labels of histograms and summaries.
  mutating func sample(_ line: SampleLine, cursor: LineCursor) throws(ExpositionError) {
    let index = familyIndex(forSample: line.name)
    hasSamples[index] = true
    switch families[index].type {
    case .histogram where line.name.hasSuffix("_bucket"):
      try checkFloatLabel("le", of: line, cursor: cursor)
    case .summary where line.name == families[index].name:
      try checkFloatLabel("quantile", of: line, cursor: cursor)
    default:
      break
    }
  }

  // MARK: - Private

  private func checkFloatLabel(_ name: String, of line: SampleLine, cursor: LineCursor) throws(ExpositionError) {
    guard let text = line.label(name) else { return }
    let isNumber = Array(text.utf8).withUnsafeBufferPointer { buffer in
      NumberSyntax.parseValue(buffer, isCaseSensitive: false) != nil
    }
    guard isNumber else {
      throw cursor.error("cannot parse label \(name)=\"\(text)\": expected a float", at: cursor.lineStart)
    }
  }

  /// `x_bucket`, `x_sum` and `x_count` belong to histogram `x`; `x_sum` and `x_count` to summary
  /// `x`; any other name is its own family.
  private mutating func familyIndex(forSample name: String) -> Int {
    for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
      let base = String(name.dropLast(suffix.count))
      guard let index = indexByName[base] else { continue }
      let type = families[index].type
      if type == .histogram || (type == .summary && suffix != "_bucket") { return index }
    }
    return family(named: name)
  }

  private mutating func family(named name: String) -> Int {
    if let index = indexByName[name] { return index }
    families.append(ParsedFamily(name: name, type: .untyped))
    hasSamples.append(false)
    hasType.append(false)
    indexByName[name] = families.count - 1
    return families.count - 1
  }
}
