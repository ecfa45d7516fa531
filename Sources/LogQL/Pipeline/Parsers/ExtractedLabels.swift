// What one parser stage extracted from one line, applied to the line's labels in one go after the
// parse succeeded (a line that fails to parse gets only the error labels). Applies Loki's two
// naming rules: the first value of a repeated key wins, and a key that names one of the line's
// original labels is stored as `<key>_extracted`.

struct ExtractedLabels {
  private(set) var pairs: [(name: String, value: String)] = []

  mutating func reset() {
    pairs.removeAll(keepingCapacity: true)
  }

  var isEmpty: Bool { pairs.isEmpty }

  mutating func add(_ name: String, _ value: String) {
    guard !name.isEmpty else { return }
    for pair in pairs where pair.name == name { return }
    pairs.append((name, value))
  }

  func apply(to labels: inout LabelWorkingSet) {
    for (name, value) in pairs {
      labels.set(labels.isOriginal(name) ? name + "_extracted" : name, value)
    }
  }
}

/// Per-runner buffers the parser stages reuse from line to line.
struct ParserScratch {
  var extracted = ExtractedLabels()
  /// The label name being built (JSON's joined prefixes).
  var name: [UInt8] = []
  /// A decoded string value.
  var text: [UInt8] = []
  /// A decoded key.
  var key: [UInt8] = []
  /// When set, the only names full-extraction parsers (`json`, `logfmt` without parameters) need
  /// to produce: the rest of the query never looks at others (`LogPipeline.extractingOnly`).
  /// A few names, so a scan comparing lengths first beats hashing every field name.
  var wanted: [[UInt8]]?

  func wants(_ name: [UInt8]) -> Bool {
    guard let wanted else { return true }
    for candidate in wanted where candidate.count == name.count && candidate == name { return true }
    return false
  }
}
