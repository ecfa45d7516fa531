// The OpenMetrics rules for single samples (which values and labels each metric type allows,
// where exemplars may appear) and for a series group (timestamps in order, histogram buckets
// sorted, cumulative and consistent with _count).

import WardenCore

/// Checks on one OpenMetrics sample given its family's type.
enum SampleRules {
  /// Throws if `line` breaks a rule of its family's type.
  /// - Parameters:
  ///   - suffix: What the sample name adds to the family name (`"_total"`, `""`, ...).
  static func check(
    _ line: SampleLine, suffix: String, familyName: String, type: DeclaredType, cursor: LineCursor
  ) throws(ExpositionError) {
    if let column = line.exemplarColumn {
      let isAllowed = (type == .counter && suffix == "_total")
        || ((type == .histogram || type == .gaugehistogram) && suffix == "_bucket")
      if !isAllowed {
        throw ExpositionError(line: cursor.line, column: column, message: "exemplars are only allowed on counter _total and histogram _bucket samples")
      }
    }
    func fail(_ message: String) -> ExpositionError {
      ExpositionError(line: cursor.line, column: line.valueColumn, message: message)
    }
    let value = line.value
    let isCount = value.isNaN || value < 0
    switch (type, suffix) {
    case (.counter, "_total"), (.histogram, "_count"), (.histogram, "_sum"), (.gaugehistogram, "_gcount"),
      (.summary, "_sum"), (.summary, "_count"):
      if isCount { throw fail("\(familyName)\(suffix) must not be negative or NaN, found \(value)") }
    case (.histogram, "_bucket"), (.gaugehistogram, "_bucket"):
      guard let le = line.label("le") else { throw fail("histogram bucket \(line.name) needs an \"le\" label") }
      guard let bound = parseBound(le), !bound.isNaN else { throw fail("cannot parse le=\"\(le)\": expected a float") }
      if isCount { throw fail("bucket counts must not be negative or NaN, found \(value)") }
    case (.summary, ""):
      guard let text = line.label("quantile") else { throw fail("summary sample \(line.name) needs a \"quantile\" label") }
      guard let quantile = parseBound(text), quantile >= 0, quantile <= 1 else {
        throw fail("cannot parse quantile=\"\(text)\": expected a float between 0 and 1")
      }
      if value < 0 { throw fail("quantile values must not be negative, found \(value)") }
    case (.info, _):
      if value != 1 { throw fail("info samples must have the value 1, found \(value)") }
    case (.stateset, _):
      if line.label(familyName) == nil { throw fail("stateset sample needs a label named \"\(familyName)\"") }
      if value != 0 && value != 1 { throw fail("stateset values must be 0 or 1, found \(value)") }
    default:
      break
    }
  }

  /// An `le` or `quantile` label value as a number (OpenMetrics spelling), or nil.
  static func parseBound(_ text: String) -> Double? {
    Array(text.utf8).withUnsafeBufferPointer { NumberSyntax.parseValue($0, isCaseSensitive: true) }
  }
}

/// The samples of one family that share labels apart from `le`/`quantile`: one histogram, one
/// counter with its `_created`, one series of a gauge.
struct SeriesGroup {
  let key: [Label]
  let type: DeclaredType
  /// Per series of the group (sample name, `le`, `quantile`): whether it has timestamps and the
  /// last one.
  private var timestamps: [String: (hasTimestamps: Bool, last: Double)] = [:]
  private var lastLine = 0
  private var bucketBounds: [Double] = []
  private var bucketCounts: [Double] = []
  private var sum: Double?
  private var count: Double?

  init(key: [Label], type: DeclaredType) {
    self.key = key
    self.type = type
  }

  /// Adds a sample: its timestamp must not go backwards, and it must have one exactly when the
  /// earlier samples of the same series have one.
  mutating func add(_ line: SampleLine, suffix: String, cursor: LineCursor) throws(ExpositionError) {
    lastLine = cursor.line
    let series = "\(line.name) \(line.label("le") ?? "") \(line.label("quantile") ?? "")"
    let seconds = line.timestampSeconds ?? -.infinity
    if let previous = timestamps[series] {
      if previous.hasTimestamps != (line.timestampSeconds != nil) {
        throw cursor.error("either all or none of the samples of a series need a timestamp", at: cursor.lineStart)
      }
      if seconds < previous.last { throw cursor.error("timestamp goes backwards within a series", at: cursor.lineStart) }
    }
    timestamps[series] = (line.timestampSeconds != nil, seconds)
    guard type == .histogram || type == .gaugehistogram else { return }
    switch suffix {
    case "_bucket":
      bucketBounds.append(line.label("le").flatMap(SampleRules.parseBound) ?? .nan)
      bucketCounts.append(line.value)
    case "_sum", "_gsum": sum = line.value
    case "_count", "_gcount": count = line.value
    default: break
    }
  }

  /// Checks a histogram or gauge histogram once all its samples are in.
  func finish() throws(ExpositionError) {
    guard type == .histogram || type == .gaugehistogram else { return }
    func fail(_ message: String) -> ExpositionError {
      ExpositionError(line: lastLine, column: 1, message: "histogram \(Labels(sortedPairs: key)): \(message)")
    }
    let (sumName, countName) = type == .histogram ? ("_sum", "_count") : ("_gsum", "_gcount")
    guard let infinityCount = bucketCounts.last else {
      if sum != nil || count != nil { throw fail("has \(sumName)/\(countName) but no buckets") }
      return
    }
    for index in bucketBounds.indices.dropFirst() {
      if !(bucketBounds[index] > bucketBounds[index - 1]) { throw fail("bucket bounds (le) must increase") }
      if bucketCounts[index] < bucketCounts[index - 1] { throw fail("bucket counts must be cumulative (non-decreasing)") }
    }
    if bucketBounds.last != .infinity { throw fail("the last bucket must be le=\"+Inf\"") }
    if (sum == nil) != (count == nil) { throw fail("\(sumName) and \(countName) must both be present or both absent") }
    if let count, count != infinityCount { throw fail("\(countName) \(count) differs from the +Inf bucket \(infinityCount)") }
    let hasNegativeBuckets = bucketBounds.first.map { $0 < 0 } ?? false
    if let sum {
      if type == .histogram && hasNegativeBuckets { throw fail("a histogram with negative buckets cannot have _sum") }
      if !hasNegativeBuckets && (sum.isNaN || sum < 0) { throw fail("\(sumName) must not be negative or NaN") }
    }
  }
}
