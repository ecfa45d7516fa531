// The OpenMetrics 1.0 family rules: metadata before samples and never repeated, family names that
// do not clash, contiguous families and series groups, per-type sample names and values, and the
// histogram invariants checked when a group ends.

import WardenCore

/// The families of one OpenMetrics body, checked as lines arrive.
struct OpenMetricsFamilies {
  private struct Family {
    var name: String
    var type: DeclaredType = .unknown
    var hasType = false
    var hasHelp = false
    var hasUnit = false
    var unit = ""
    var hasSamples = false
    /// Index into `families`.
    var index: Int
  }

  private(set) var families: [ParsedFamily] = []
  /// False when scraping: the OpenMetrics value rules (bucket order, counts, `_sum` rules,
  /// timestamps per series, contiguous series) are not checked, as Prometheus's scraper does not.
  var checksValues = true
  private var current: Family?
  /// The family names and sample names of every family so far: none may be claimed twice.
  private var claimedNames: Set<String> = []
  /// Series groups (labels without `le`/`quantile`) seen in the current family.
  private var seenGroups: Set<[Label]> = []
  private var group: SeriesGroup?

  // MARK: - Metadata

  /// Applies a HELP, TYPE or UNIT line.
  mutating func metadata(_ line: MetadataLine, cursor: LineCursor) throws(ExpositionError) {
    let name: String
    switch line {
    case .help(let n, _), .type(let n, _), .unit(let n, _): name = n
    case .eof, .comment: return
    }
    if current?.name != name {
      try startFamily(name, cursor: cursor)
    }
    guard var family = current else { return }
    let here = cursor.lineStart
    if family.hasSamples {
      throw cursor.error("metadata for family \"\(name)\" must come before its samples", at: here)
    }
    switch line {
    case .help(_, let text):
      guard !family.hasHelp else { throw cursor.error("second HELP line for family \"\(name)\"", at: here) }
      family.hasHelp = true
      families[family.index].help = text
    case .type(_, let type):
      guard !family.hasType else { throw cursor.error("second TYPE line for family \"\(name)\"", at: here) }
      family.hasType = true
      family.type = type
      families[family.index].type = type.metricType
      if (type == .info || type == .stateset) && !family.unit.isEmpty {
        throw cursor.error("\(type) family \"\(name)\" cannot have a unit", at: here)
      }
      try claim(family, cursor: cursor)
    case .unit(_, let unit):
      guard !family.hasUnit else { throw cursor.error("second UNIT line for family \"\(name)\"", at: here) }
      family.hasUnit = true
      family.unit = unit
      families[family.index].unit = unit
      if !unit.isEmpty && !name.hasSuffix("_" + unit) {
        throw cursor.error("family name \"\(name)\" must end with its unit \"_\(unit)\"", at: here)
      }
      if !unit.isEmpty && (family.type == .info || family.type == .stateset) {
        throw cursor.error("\(family.type) family \"\(name)\" cannot have a unit", at: here)
      }
    case .eof, .comment:
      break
    }
    current = family
  }

  // MARK: - Samples

  /// Assigns a sample to its family and checks it against the family's type.
  mutating func sample(_ line: SampleLine, cursor: LineCursor) throws(ExpositionError) {
    if current.map({ !Self.owns($0, line.name) }) ?? true {
      try startFamily(line.name, cursor: cursor, isFromSample: true)
    }
    guard var family = current else { return }
    family.hasSamples = true
    current = family
    guard checksValues else { return }
    let suffix = String(line.name.dropFirst(family.name.count))
    try SampleRules.check(line, suffix: suffix, familyName: family.name, type: family.type, cursor: cursor)

    var key = line.labels.filter { label in
      !(label.name == "le" && (family.type == .histogram || family.type == .gaugehistogram))
        && !(label.name == "quantile" && family.type == .summary)
    }
    key.sort { $0.name < $1.name }
    if group?.key != key {
      try endGroup()
      guard seenGroups.insert(key).inserted else {
        throw cursor.error("samples of \"\(family.name)\" with labels \(Labels(sortedPairs: key)) are not contiguous", at: cursor.lineStart)
      }
      group = SeriesGroup(key: key, type: family.type)
    }
    try group?.add(line, suffix: suffix, cursor: cursor)
  }

  /// Call at `# EOF`: checks the last group.
  mutating func finish() throws(ExpositionError) {
    try endGroup()
  }

  // MARK: - Private

  private static func owns(_ family: Family, _ sampleName: String) -> Bool {
    guard sampleName.hasPrefix(family.name) else { return false }
    let suffix = sampleName.dropFirst(family.name.count)
    return family.type.sampleSuffixes.contains { $0 == suffix }
  }

  private mutating func startFamily(_ name: String, cursor: LineCursor, isFromSample: Bool = false) throws(ExpositionError) {
    try endGroup()
    seenGroups.removeAll(keepingCapacity: true)
    if claimedNames.contains(name) {
      let what = isFromSample ? "samples named \"\(name)\" are not contiguous with their family" : "family \"\(name)\" appears twice"
      throw cursor.error("\(what) or clash with an earlier family's names", at: cursor.lineStart)
    }
    families.append(ParsedFamily(name: name, type: .untyped))
    let family = Family(name: name, index: families.count - 1)
    current = family
    try claim(family, cursor: cursor)
  }

  /// Claims the family's own name and its sample names; another family may not have them.
  private mutating func claim(_ family: Family, cursor: LineCursor) throws(ExpositionError) {
    claimedNames.insert(family.name)
    for suffix in family.type.sampleSuffixes where !suffix.isEmpty {
      guard claimedNames.insert(family.name + suffix).inserted else {
        throw cursor.error("family \"\(family.name)\" clashes with an earlier family named \"\(family.name + suffix)\"", at: cursor.lineStart)
      }
    }
  }

  private mutating func endGroup() throws(ExpositionError) {
    try group?.finish()
    group = nil
  }
}
