// The `#` lines: HELP, TYPE, UNIT and EOF. Text 0.0.4 treats anything it does not recognise as
// a comment; OpenMetrics allows only the four descriptors, each spelled exactly.

import WardenCore

/// A family type as the page spelled it, before mapping to `MetricType`.
enum DeclaredType: Sendable, Equatable {
  case counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown, untyped

  /// The store-facing type.
  var metricType: MetricType {
    switch self {
    case .counter: .counter
    case .gauge: .gauge
    case .histogram, .gaugehistogram: .histogram
    case .summary: .summary
    case .info, .stateset, .unknown, .untyped: .untyped
    }
  }

  /// The suffixes a sample name may add to the family name (`""` for the bare name).
  var sampleSuffixes: [String] {
    switch self {
    case .counter: ["_total", "_created"]
    case .histogram: ["_bucket", "_sum", "_count", "_created"]
    case .gaugehistogram: ["_bucket", "_gsum", "_gcount"]
    case .summary: ["", "_sum", "_count", "_created"]
    case .info: ["_info"]
    case .gauge, .stateset, .unknown, .untyped: [""]
    }
  }
}

/// One `#` line.
enum MetadataLine: Equatable {
  case help(name: String, text: String)
  case type(name: String, type: DeclaredType)
  case unit(name: String, unit: String)
  case eof
  /// A line with no meaning (text 0.0.4 only).
  case comment
}

/// Parses `#` lines; the cursor must be on the `#`.
enum MetadataLineParser {
  // MARK: - Text 0.0.4

  /// Text 0.0.4: `# HELP name text`, `# TYPE name type`, anything else is a comment. Like the
  /// reference parser, a HELP or TYPE line with no name or no text is a comment too.
  static func parseText(_ cursor: inout LineCursor) throws(ExpositionError) -> MetadataLine {
    try cursor.expect(.hash, "\"#\"")
    cursor.skipBlanks()
    let keyword = cursor.readToken()
    let isHelp = cursor.slice(keyword).elementsEqual("HELP".utf8)
    let isType = cursor.slice(keyword).elementsEqual("TYPE".utf8)
    guard isHelp || isType, cursor.skipBlanks() > 0, let first = cursor.current else { return .comment }
    guard first.isNameStart || first == .colon else { throw cursor.error("invalid metric name in \(isHelp ? "HELP" : "TYPE") line") }
    let name = try cursor.readMetricName()
    guard !cursor.isAtEnd else { return .comment }
    guard cursor.skipBlanks() > 0 else { throw cursor.error("invalid metric name in \(isHelp ? "HELP" : "TYPE") line\(cursor.foundSuffix)") }
    guard !cursor.isAtEnd else { return .comment }
    if isHelp { return .help(name: name, text: unescapeHelp(cursor, from: cursor.position)) }
    let typeStart = cursor.position
    let range = cursor.readToken()
    let word = cursor.string(range).lowercased()
    let type: DeclaredType
    switch word {
    case "counter": type = .counter
    case "gauge": type = .gauge
    case "histogram": type = .histogram
    case "summary": type = .summary
    case "untyped": type = .untyped
    default:
      throw cursor.error("unknown metric type \"\(cursor.string(range))\"; expected counter, gauge, histogram, summary or untyped", at: typeStart)
    }
    cursor.skipBlanks()
    guard cursor.isAtEnd else { throw cursor.error("expected end of line after the metric type\(cursor.foundSuffix)") }
    return .type(name: name, type: type)
  }

  // MARK: - OpenMetrics

  /// OpenMetrics: exactly `# HELP name text`, `# TYPE name type`, `# UNIT name unit` or `# EOF`.
  static func parseOpenMetrics(_ cursor: inout LineCursor) throws(ExpositionError) -> MetadataLine {
    if cursor.hasPrefix("# EOF") && cursor.lineEnd - cursor.position == 5 { return .eof }
    let keywordColumn = cursor.position
    let kind: UInt8
    if cursor.hasPrefix("# HELP ") { kind = UInt8(ascii: "H") } else if cursor.hasPrefix("# TYPE ") {
      kind = UInt8(ascii: "T")
    } else if cursor.hasPrefix("# UNIT ") {
      kind = UInt8(ascii: "U")
    } else {
      throw cursor.error("expected \"# HELP\", \"# TYPE\", \"# UNIT\" or \"# EOF\"; comments are not allowed in OpenMetrics", at: keywordColumn)
    }
    cursor.position += 7
    let name = try cursor.readMetricName()
    try cursor.expect(.space, "a single space after the metric name")
    switch kind {
    case UInt8(ascii: "H"):
      return .help(name: name, text: unescapeHelp(cursor, from: cursor.position))
    case UInt8(ascii: "U"):
      let start = cursor.position
      while let byte = cursor.current, byte.isNameContinue || byte == .colon { cursor.position += 1 }
      guard cursor.isAtEnd else { throw cursor.error("expected end of line after the unit\(cursor.foundSuffix)") }
      return .unit(name: name, unit: cursor.string(start..<cursor.position))
    default:
      let start = cursor.position
      let range = cursor.readToken()
      let type: DeclaredType
      switch cursor.string(range) {
      case "counter": type = .counter
      case "gauge": type = .gauge
      case "histogram": type = .histogram
      case "gaugehistogram": type = .gaugehistogram
      case "summary": type = .summary
      case "info": type = .info
      case "stateset": type = .stateset
      case "unknown": type = .unknown
      default:
        throw cursor.error(
          "unknown metric type \"\(cursor.string(range))\"; expected counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown",
          at: start)
      }
      guard cursor.isAtEnd else { throw cursor.error("expected end of line after the metric type\(cursor.foundSuffix)") }
      return .type(name: name, type: type)
    }
  }

  // MARK: - HELP text

  /// The rest of the line from `start`, with `\\` and `\n` (and `\"`) unescaped; other
  /// backslashes are kept as written.
  private static func unescapeHelp(_ cursor: LineCursor, from start: Int) -> String {
    let text = cursor.slice(start..<cursor.lineEnd)
    guard text.contains(.backslash) else { return String(decoding: text, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(text.count)
    var index = 0
    while index < text.count {
      let byte = text[index]
      if byte == .backslash, index + 1 < text.count {
        switch text[index + 1] {
        case .backslash: out.append(.backslash)
        case .letterN: out.append(.newline)
        case .quote: out.append(.quote)
        default:
          out.append(byte)
          index += 1
          continue
        }
        index += 2
        continue
      }
      out.append(byte)
      index += 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}
