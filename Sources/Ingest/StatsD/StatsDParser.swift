// The StatsD line protocol with DogStatsD's extensions, from datagram bytes to `StatsDLine`s:
// `name:value[:value...]|type[|@rate][|#tag:v,...][|c:container][|T<unix seconds>]`, one metric
// per line. A bad line is refused with its line number and the problem, and the datagram's
// other lines still count; service checks and events are counted as unsupported.

package enum StatsDParser {
  /// Parses one datagram into `result` (reset first, capacity kept).
  package static func parse(
    _ datagram: UnsafeBufferPointer<UInt8>, limits: StatsDLimits = StatsDLimits(), into result: inout StatsDParseResult
  ) {
    result.reset()
    guard datagram.count <= limits.maxDatagramBytes else {
      result.isDatagramRejected = true
      result.errors.append(
        StatsDLineError(
          line: 0, message: "datagram of \(datagram.count) bytes is larger than the limit of \(limits.maxDatagramBytes)"))
      return
    }
    let lineParser = LineParser(bytes: datagram, limits: limits)
    var start = 0
    var lineNumber = 0
    var lineCount = 0
    while start < datagram.count {
      var end = start
      while end < datagram.count && datagram[end] != UInt8(ascii: "\n") { end += 1 }
      lineNumber += 1
      var contentEnd = end
      if contentEnd > start && datagram[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
      if contentEnd > start {
        lineCount += 1
        if lineCount > limits.maxLinesPerDatagram {
          if lineCount == limits.maxLinesPerDatagram + 1 {
            report(
              StatsDLineError(
                line: lineNumber, message: "more than \(limits.maxLinesPerDatagram) lines in one datagram; the rest are ignored"),
              into: &result, limits: limits)
          } else {
            result.rejectedLines += 1
          }
        } else if let error = lineParser.parse(start..<contentEnd, lineNumber: lineNumber, into: &result) {
          report(error, into: &result, limits: limits)
        }
      }
      start = end + 1
    }
  }

  /// Convenience for tests and callers holding an array.
  package static func parse(_ datagram: [UInt8], limits: StatsDLimits = StatsDLimits()) -> StatsDParseResult {
    var result = StatsDParseResult()
    datagram.withUnsafeBufferPointer { parse($0, limits: limits, into: &result) }
    return result
  }

  private static func report(_ error: StatsDLineError, into result: inout StatsDParseResult, limits: StatsDLimits) {
    result.rejectedLines += 1
    if result.errors.count < limits.maxReportedErrors { result.errors.append(error) }
  }
}

/// Parses single lines; holds nothing but the datagram and the limits.
private struct LineParser {
  let bytes: UnsafeBufferPointer<UInt8>
  let limits: StatsDLimits

  /// Appends the line's values to `result`, or returns why the line is refused (appending nothing).
  func parse(_ line: Range<Int>, lineNumber: Int, into result: inout StatsDParseResult) -> StatsDLineError? {
    func fail(_ message: String) -> StatsDLineError { StatsDLineError(line: lineNumber, message: message) }

    if hasPrefix(line, "_sc|") || hasPrefix(line, "_e{") {
      result.unsupportedLines += 1
      return nil
    }
    guard isValidUTF8(line) else { return fail("not valid UTF-8") }
    guard let colon = firstIndex(of: UInt8(ascii: ":"), in: line) else {
      return fail("expected \":\" after the metric name")
    }
    let name = line.lowerBound..<colon
    guard !name.isEmpty else { return fail("empty metric name") }
    guard name.count <= limits.maxNameBytes else {
      return fail("metric name of \(name.count) bytes is longer than the limit of \(limits.maxNameBytes)")
    }
    let afterName = (colon + 1)..<line.upperBound
    guard let bar = firstIndex(of: UInt8(ascii: "|"), in: afterName) else {
      return fail("expected \"|\" and a metric type after the value")
    }
    let valueText = afterName.lowerBound..<bar
    let typeStart = bar + 1
    let typeEnd = firstIndex(of: UInt8(ascii: "|"), in: typeStart..<line.upperBound) ?? line.upperBound
    guard let type = metricType(typeStart..<typeEnd) else {
      return typeStart == typeEnd ? fail("missing metric type after \"|\"") : fail("unknown metric type \(quoted(typeStart..<typeEnd))")
    }

    var sampleRate = 1.0
    var tags = line.upperBound..<line.upperBound
    var sectionStart = typeEnd + 1
    while sectionStart <= line.upperBound && typeEnd < line.upperBound {
      let sectionEnd = firstIndex(of: UInt8(ascii: "|"), in: sectionStart..<line.upperBound) ?? line.upperBound
      let section = sectionStart..<sectionEnd
      guard let lead = section.first.map({ bytes[$0] }) else { return fail("empty section after \"|\"") }
      switch lead {
      case UInt8(ascii: "@"):
        let rateText = (section.lowerBound + 1)..<section.upperBound
        guard let rate = number(rateText), rate > 0, rate <= 1 else {
          return fail("invalid sample rate \(quoted(rateText)): expected a number in (0, 1]")
        }
        sampleRate = rate
      case UInt8(ascii: "#"):
        guard tags.isEmpty else { return fail("more than one tag section") }
        tags = (section.lowerBound + 1)..<section.upperBound
        if let error = checkTags(tags, lineNumber: lineNumber, droppedTags: &result.droppedTags) { return error }
      case UInt8(ascii: "T"):
        // DogStatsD client timestamps: accepted and ignored, the flush time is the sample time.
        let digits = (section.lowerBound + 1)..<section.upperBound
        guard !digits.isEmpty, digits.allSatisfy({ bytes[$0].isASCIIDigit }) else {
          return fail("invalid timestamp \(quoted(digits)): expected Unix seconds")
        }
      case UInt8(ascii: "c") where hasPrefix(section, "c:"), UInt8(ascii: "e") where hasPrefix(section, "e:"):
        break  // DogStatsD container ID and external data: accepted and ignored.
      default:
        return fail("unknown section \(quoted(section)): expected @rate, #tags, c:, e: or T")
      }
      sectionStart = sectionEnd + 1
    }

    if type == .set {
      guard !valueText.isEmpty else { return fail("empty set member") }
      result.lines.append(
        StatsDLine(
          lineNumber: lineNumber, type: .set, name: name, tags: tags, value: 0, isDelta: false, sampleRate: sampleRate,
          member: valueText))
      return nil
    }
    // Several values packed in one line (DogStatsD 1.1: `name:1:2:3|ms`): all or none.
    let firstNew = result.lines.count
    var valueStart = valueText.lowerBound
    while true {
      let valueEnd = firstIndex(of: UInt8(ascii: ":"), in: valueStart..<valueText.upperBound) ?? valueText.upperBound
      let text = valueStart..<valueEnd
      guard !text.isEmpty else {
        result.lines.removeSubrange(firstNew...)
        return fail("empty value")
      }
      guard var value = number(text), value.isFinite else {
        result.lines.removeSubrange(firstNew...)
        return fail("invalid value \(quoted(text)): expected a finite decimal number")
      }
      let isSigned = bytes[text.lowerBound] == UInt8(ascii: "+") || bytes[text.lowerBound] == UInt8(ascii: "-")
      if type == .counter && value < 0 {
        result.lines.removeSubrange(firstNew...)
        return fail("counter value \(quoted(text)) is negative; counters only go up")
      }
      if type == .timer { value /= 1000 }
      result.lines.append(
        StatsDLine(
          lineNumber: lineNumber, type: type, name: name, tags: tags, value: value, isDelta: type == .gauge && isSigned,
          sampleRate: sampleRate, member: valueEnd..<valueEnd))
      if valueEnd == valueText.upperBound { return nil }
      valueStart = valueEnd + 1
    }
  }

  private func checkTags(_ tags: Range<Int>, lineNumber: Int, droppedTags: inout Int) -> StatsDLineError? {
    var count = 0
    var start = tags.lowerBound
    while start < tags.upperBound {
      let end = firstIndex(of: UInt8(ascii: ","), in: start..<tags.upperBound) ?? tags.upperBound
      count += 1
      if count > limits.maxTagsPerLine {
        return StatsDLineError(line: lineNumber, message: "more than \(limits.maxTagsPerLine) tags")
      }
      if end - start > limits.maxTagBytes {
        return StatsDLineError(
          line: lineNumber, message: "tag of \(end - start) bytes is longer than the limit of \(limits.maxTagBytes)")
      }
      start = end + 1
    }
    droppedTags += StatsDTags.forEach(bytes, tags) { _, _ in }
    return nil
  }

  private func metricType(_ range: Range<Int>) -> StatsDMetricType? {
    switch range.count {
    case 1:
      switch bytes[range.lowerBound] {
      case UInt8(ascii: "c"): return .counter
      case UInt8(ascii: "g"): return .gauge
      case UInt8(ascii: "h"), UInt8(ascii: "d"): return .histogram
      case UInt8(ascii: "s"): return .set
      default: return nil
      }
    case 2 where bytes[range.lowerBound] == UInt8(ascii: "m") && bytes[range.lowerBound + 1] == UInt8(ascii: "s"):
      return .timer
    default:
      return nil
    }
  }

  private func number(_ range: Range<Int>) -> Double? {
    guard !range.isEmpty else { return nil }
    return NumberSyntax.parseDecimal(UnsafeBufferPointer(rebasing: bytes[range]))
  }

  private func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
    var index = range.lowerBound
    while index < range.upperBound {
      if bytes[index] == byte { return index }
      index += 1
    }
    return nil
  }

  private func hasPrefix(_ range: Range<Int>, _ literal: StaticString) -> Bool {
    literal.withUTF8Buffer { prefix in
      guard range.count >= prefix.count else { return false }
      for offset in 0..<prefix.count where bytes[range.lowerBound + offset] != prefix[offset] { return false }
      return true
    }
  }

  /// At most 32 bytes of the input in quotes, for error messages.
  private func quoted(_ range: Range<Int>) -> String {
    let shown = range.lowerBound..<min(range.upperBound, range.lowerBound + 32)
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[shown]), as: UTF8.self)
    return "\"\(text)\(shown.count < range.count ? "..." : "")\""
  }

  /// Strict UTF-8 (no overlongs, surrogates or values past U+10FFFF), ASCII fast.
  private func isValidUTF8(_ range: Range<Int>) -> Bool {
    var index = range.lowerBound
    while index < range.upperBound {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; high = 0x9F
      case 0xF0: length = 4; low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; high = 0x8F
      default: return false
      }
      guard index + length <= range.upperBound else { return false }
      let second = bytes[index + 1]
      guard second >= low && second <= high else { return false }
      for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return false }
      index += length
    }
    return true
  }
}
