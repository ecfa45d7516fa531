// The syntax of one sample line, `name{label="value",...} value [timestamp] [# exemplar]`, in
// either dialect: text 0.0.4 is lenient about blanks, OpenMetrics wants exactly one space.

import WardenCore

/// A sample line as written, before family rules are applied.
struct SampleLine {
  /// The metric name as written (`x_bucket`, not the family name).
  var name: String
  /// The labels in page order, `__name__` not included, empty values kept.
  var labels: [Label]
  var value: Double
  /// The timestamp in seconds as written (OpenMetrics) or converted from ms (0.0.4).
  var timestampSeconds: Double?
  var timestampMs: Int64?
  /// The column where the value starts, for rule errors.
  var valueColumn: Int
  /// The column of the exemplar's `#`, when there is one.
  var exemplarColumn: Int?

  /// The value of `name`, if the line has that label.
  func label(_ name: String) -> String? {
    for label in labels where label.name == name { return label.value }
    return nil
  }
}

/// Parses the syntax of sample lines.
struct SampleLineParser {
  var isOpenMetrics: Bool
  var limits: ExpositionLimits

  /// Parses the line `cursor` is on, from its first non-blank byte to its end.
  func parse(_ cursor: inout LineCursor) throws(ExpositionError) -> SampleLine {
    let name = try cursor.readMetricName()
    var labels: [Label] = []
    if isOpenMetrics {
      if cursor.current == .openBrace { labels = try parseLabelSet(&cursor, isExemplar: false) }
      try cursor.expect(.space, "a single space before the value")
    } else {
      let afterName = cursor.position
      cursor.skipBlanks()
      if cursor.current == .openBrace {
        labels = try parseLabelSet(&cursor, isExemplar: false)
        cursor.skipBlanks()
      } else if cursor.position == afterName && !cursor.isAtEnd {
        throw cursor.error("expected \"{\" or a blank after metric name\(cursor.foundSuffix)")
      }
    }
    let valueColumn = cursor.column
    let value = try parseValue(&cursor)
    var line = SampleLine(name: name, labels: labels, value: value, valueColumn: valueColumn)
    if isOpenMetrics {
      try parseOpenMetricsTail(&cursor, into: &line)
    } else {
      guard cursor.skipBlanks() > 0 || cursor.isAtEnd else { throw cursor.error("expected a blank after the value") }
      if !cursor.isAtEnd {
        let start = cursor.position
        guard let ms = NumberSyntax.parseInt64(cursor.slice(cursor.readToken())) else {
          throw cursor.error("cannot parse timestamp: expected an integer number of milliseconds", at: start)
        }
        line.timestampMs = ms
        line.timestampSeconds = Double(ms) / 1000
        cursor.skipBlanks()
        guard cursor.isAtEnd else { throw cursor.error("expected end of line after the timestamp\(cursor.foundSuffix)") }
      }
    }
    return line
  }

  // MARK: - Pieces

  private func parseValue(_ cursor: inout LineCursor) throws(ExpositionError) -> Double {
    let start = cursor.position
    let range = isOpenMetrics ? cursor.readTokenUntilSpace() : cursor.readToken()
    guard !range.isEmpty else { throw cursor.error("expected sample value\(cursor.foundSuffix)") }
    guard let value = NumberSyntax.parseValue(cursor.slice(range), isCaseSensitive: isOpenMetrics) else {
      throw cursor.error("cannot parse sample value \"\(cursor.string(range))\": expected a float, NaN or Inf", at: start)
    }
    return value
  }

  /// ` timestamp`, ` # {labels} value [timestamp]`, both, or nothing.
  private func parseOpenMetricsTail(_ cursor: inout LineCursor, into line: inout SampleLine) throws(ExpositionError) {
    guard !cursor.isAtEnd else { return }
    try cursor.expect(.space, "a single space or end of line after the value")
    if cursor.current != .hash {
      let start = cursor.position
      let range = cursor.readTokenUntilSpace()
      guard let seconds = NumberSyntax.parseDecimal(cursor.slice(range)) else {
        throw cursor.error("cannot parse timestamp: expected a decimal number of seconds\(range.isEmpty ? cursor.foundSuffix : "")", at: start)
      }
      line.timestampSeconds = seconds
      line.timestampMs = NumberSyntax.milliseconds(fromSeconds: seconds)
      guard !cursor.isAtEnd else { return }
      try cursor.expect(.space, "a single space or end of line after the timestamp")
    }
    line.exemplarColumn = cursor.column
    try parseExemplar(&cursor)
  }

  /// `# {labels} value [timestamp]`, validated and dropped.
  private func parseExemplar(_ cursor: inout LineCursor) throws(ExpositionError) {
    try cursor.expect(.hash, "\"#\" to start an exemplar")
    try cursor.expect(.space, "a space after \"#\" of the exemplar")
    let labelStart = cursor.position
    guard cursor.current == .openBrace else { throw cursor.error("expected \"{\" to open exemplar labels\(cursor.foundSuffix)") }
    let labels = try parseLabelSet(&cursor, isExemplar: true)
    var characters = 0
    for label in labels { characters += label.name.unicodeScalars.count + label.value.unicodeScalars.count }
    if characters > 128 {
      throw cursor.error("exemplar labels have \(characters) characters; at most 128 are allowed", at: labelStart)
    }
    try cursor.expect(.space, "a single space before the exemplar value")
    _ = try parseValue(&cursor)
    guard !cursor.isAtEnd else { return }
    try cursor.expect(.space, "a single space or end of line after the exemplar value")
    let start = cursor.position
    let range = cursor.readTokenUntilSpace()
    guard NumberSyntax.parseDecimal(cursor.slice(range)) != nil else {
      throw cursor.error("cannot parse exemplar timestamp: expected a decimal number of seconds", at: start)
    }
    guard cursor.isAtEnd else { throw cursor.error("expected end of line after the exemplar\(cursor.foundSuffix)") }
  }

  /// `{name="value",...}` starting at the brace. Names must be unique and not `__name__`.
  private func parseLabelSet(_ cursor: inout LineCursor, isExemplar: Bool) throws(ExpositionError) -> [Label] {
    try cursor.expect(.openBrace, "\"{\"")
    var labels: [Label] = []
    let isLenient = !isOpenMetrics
    if isLenient { cursor.skipBlanks() }
    if cursor.consume(.closeBrace) { return labels }
    while true {
      let nameStart = cursor.position
      let name = try cursor.readLabelName()
      if !isExemplar && name == Labels.metricName {
        throw cursor.error("label name \"__name__\" is reserved", at: nameStart)
      }
      for label in labels where label.name == name {
        throw cursor.error("duplicate label name \"\(name)\"", at: nameStart)
      }
      if isLenient { cursor.skipBlanks() }
      try cursor.expect(.equals, "\"=\" after label name")
      if isLenient { cursor.skipBlanks() }
      if cursor.current != .quote { throw cursor.error("expected \"\\\"\" to open label value\(cursor.foundSuffix)") }
      let value = try cursor.readQuoted(isStrict: isLenient, maxBytes: limits.maxLabelValueBytes)
      labels.append(Label(name, value))
      if !isExemplar, limits.maxLabelsPerSample > 0, labels.count > limits.maxLabelsPerSample {
        throw cursor.error("more than \(limits.maxLabelsPerSample) labels on one sample", at: nameStart)
      }
      if isLenient { cursor.skipBlanks() }
      if cursor.consume(.closeBrace) { return labels }
      guard cursor.consume(.comma) else { throw cursor.error("expected \",\" or \"}\" after label value\(cursor.foundSuffix)") }
      if isLenient {
        cursor.skipBlanks()
        if cursor.consume(.closeBrace) { return labels }
      }
    }
  }
}

extension SampleLine {
  /// The sample's label set with `__name__`, sorted, empty values dropped.
  var series: Labels {
    var pairs = labels.filter { !$0.value.isEmpty }
    pairs.append(Label(Labels.metricName, name))
    pairs.sort { $0.name < $1.name }
    return Labels(sortedPairs: pairs)
  }
}
