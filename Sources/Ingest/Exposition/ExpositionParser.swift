// The entry point for scrape bodies: splits the bytes into lines and sends each to the metadata
// or sample parser, then to the family rules of the dialect. Pure: bytes in, families and samples
// out, no I/O.

import WardenCore

/// How much of the OpenMetrics specification a parse enforces.
package enum ExpositionParseMode: Sendable {
  /// Everything, as the OpenMetrics conformance suite requires (pushes, tests).
  case strict
  /// Syntax, names, types and `# EOF`, but not the value rules between samples (bucket order,
  /// negative-bucket `_sum`, timestamp order): what Prometheus's scraper accepts, so a target that
  /// Prometheus scrapes is not marked down by Warden (client_golang writes such pages).
  case scrape
}

/// Parses Prometheus text 0.0.4 and OpenMetrics 1.0 text exposition bodies.
///
/// Thread-safe: a stateless namespace; each call works on its own values.
package enum ExpositionParser {
  /// Parses a whole exposition body.
  ///
  /// - Parameters:
  ///   - bytes: The body, already decompressed.
  ///   - format: The dialect, usually `ExpositionFormat.from(contentType:)`.
  ///   - limits: Bounds on samples, labels and line length.
  /// - Returns: The families (in order of first mention) and samples (in page order).
  /// - Throws: `ExpositionError` naming the first line and column that breaks the format; nothing
  ///   is returned for a body with any error, as Prometheus rejects the whole scrape.
  package static func parse(
    _ bytes: [UInt8], format: ExpositionFormat, limits: ExpositionLimits = .init(), mode: ExpositionParseMode = .strict
  ) throws(ExpositionError) -> ExpositionParseResult {
    let outcome: Result<ExpositionParseResult, ExpositionError> = bytes.withUnsafeBufferPointer { buffer in
      var body = BodyParser(bytes: buffer, isOpenMetrics: format == .openMetrics, limits: limits)
      body.openMetricsFamilies.checksValues = mode == .strict
      do throws(ExpositionError) {
        return .success(try body.run())
      } catch {
        return .failure(error)
      }
    }
    return try outcome.get()
  }
}

/// One parse: walks the lines of a body. Lives for the duration of one `parse` call.
private struct BodyParser {
  let bytes: UnsafeBufferPointer<UInt8>
  let isOpenMetrics: Bool
  let limits: ExpositionLimits
  let sampleParser: SampleLineParser
  var samples: [ExpositionSample] = []
  var textFamilies = TextFamilies()
  var openMetricsFamilies = OpenMetricsFamilies()

  init(bytes: UnsafeBufferPointer<UInt8>, isOpenMetrics: Bool, limits: ExpositionLimits) {
    self.bytes = bytes
    self.isOpenMetrics = isOpenMetrics
    self.limits = limits
    sampleParser = SampleLineParser(isOpenMetrics: isOpenMetrics, limits: limits)
  }

  mutating func run() throws(ExpositionError) -> ExpositionParseResult {
    var position = 0
    var lineNumber = 0
    while position < bytes.count {
      lineNumber += 1
      var lineEnd = position
      while lineEnd < bytes.count, bytes[lineEnd] != .newline { lineEnd += 1 }
      var cursor = LineCursor(bytes: bytes, lineStart: position, lineEnd: lineEnd, line: lineNumber)
      if limits.maxLineBytes > 0 && lineEnd - position > limits.maxLineBytes {
        throw cursor.error("line of \(lineEnd - position) bytes exceeds the limit of \(limits.maxLineBytes) bytes", at: position + limits.maxLineBytes)
      }
      if isOpenMetrics {
        if try openMetricsLine(&cursor) {
          // `# EOF` may be followed by one newline and nothing else.
          if lineEnd + 1 < bytes.count {
            throw ExpositionError(line: lineNumber + 1, column: 1, message: "unexpected content after \"# EOF\"")
          }
          return ExpositionParseResult(families: openMetricsFamilies.families, samples: samples)
        }
      } else {
        try textLine(&cursor)
      }
      position = lineEnd + 1
    }
    if isOpenMetrics {
      throw ExpositionError(line: max(lineNumber, 1), column: 1, message: "expected \"# EOF\" at the end of an OpenMetrics body")
    }
    if let last = bytes.last, last != .newline {
      let lineStart = (bytes.lastIndex(of: .newline) ?? -1) + 1
      throw ExpositionError(line: lineNumber, column: bytes.count - lineStart + 1, message: "expected a newline at the end of the last line")
    }
    return ExpositionParseResult(families: textFamilies.families, samples: samples)
  }

  // MARK: - Lines

  /// One text 0.0.4 line: blank, comment, HELP/TYPE, or sample; blanks may lead.
  private mutating func textLine(_ cursor: inout LineCursor) throws(ExpositionError) {
    cursor.skipBlanks()
    guard let first = cursor.current else { return }
    if first == .hash {
      switch try MetadataLineParser.parseText(&cursor) {
      case .help(let name, let text): try textFamilies.help(name: name, text: text, cursor: cursor)
      case .type(let name, let type): try textFamilies.type(name: name, type: type, cursor: cursor)
      case .unit, .eof, .comment: break
      }
      return
    }
    let line = try sampleParser.parse(&cursor)
    try textFamilies.sample(line, cursor: cursor)
    try append(line, cursor: cursor)
  }

  /// One OpenMetrics line; returns true for `# EOF`.
  private mutating func openMetricsLine(_ cursor: inout LineCursor) throws(ExpositionError) -> Bool {
    guard let first = cursor.current else { throw cursor.error("blank lines are not allowed in OpenMetrics") }
    if first == .hash {
      let metadata = try MetadataLineParser.parseOpenMetrics(&cursor)
      if metadata == .eof {
        try openMetricsFamilies.finish()
        return true
      }
      try openMetricsFamilies.metadata(metadata, cursor: cursor)
      return false
    }
    let line = try sampleParser.parse(&cursor)
    try openMetricsFamilies.sample(line, cursor: cursor)
    try append(line, cursor: cursor)
    return false
  }

  private mutating func append(_ line: SampleLine, cursor: LineCursor) throws(ExpositionError) {
    if limits.maxSamples > 0 && samples.count >= limits.maxSamples {
      throw cursor.error("more than \(limits.maxSamples) samples in one body", at: cursor.lineStart)
    }
    samples.append(ExpositionSample(labels: line.series, value: line.value, timestampMs: line.timestampMs))
  }
}
