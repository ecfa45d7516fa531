// Reads a whole test script into commands: blank and comment lines end blocks, `load`/`clear`/`eval`
// headers start them, and the block lines of an eval say what the query must return.
import WardenCore

enum ScriptParser {
  static func parse(_ text: String) throws(ScriptError) -> [ScriptCommand] {
    // Comments count as blank lines: they end a block.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { raw -> String in
      let trimmed = trim(raw)
      return trimmed.hasPrefix("#") ? "" : trimmed
    }
    var commands: [ScriptCommand] = []
    var index = 0
    while index < lines.count {
      let header = lines[index]
      guard !header.isEmpty else {
        index += 1
        continue
      }
      var end = index + 1
      while end < lines.count, !lines[end].isEmpty { end += 1 }
      let lineNumber = index + 1
      let block = Array(lines[(index + 1)..<end])
      let keyword = (header.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? "").lowercased()
      do throws(ScriptError) {
        if keyword == "clear" {
          // `clear` has no block: a header on the next line is the next command.
          commands.append(.clear(line: lineNumber))
          index += 1
        } else if keyword.hasPrefix("load") {
          commands.append(.load(try load(header: header, keyword: keyword, block: block, line: lineNumber)))
          index = end
        } else if keyword.hasPrefix("eval") {
          let (eval, used) = try eval(header: header, keyword: keyword, block: block, line: lineNumber)
          commands.append(.eval(eval))
          // A bare-number line or `expected_fail_*` ends the block; what follows is a new command.
          index = index + 1 + used
        } else {
          throw ScriptError(line: lineNumber, message: "unknown command \"\(header)\"")
        }
      } catch {
        throw ScriptError(line: error.line == 0 ? lineNumber : error.line, message: error.message)
      }
    }
    return commands
  }

  static func trim(_ text: Substring) -> String {
    var slice = text
    while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
    return String(slice)
  }

  /// Splits off the first whitespace-separated token; the rest keeps its inner spacing.
  static func firstToken(_ text: Substring) -> (token: Substring, rest: Substring) {
    let start = text.drop { $0 == " " || $0 == "\t" }
    let token = start.prefix { $0 != " " && $0 != "\t" }
    let rest = start[token.endIndex...].drop { $0 == " " || $0 == "\t" }
    return (token, rest)
  }

  static func duration(_ text: Substring) throws(ScriptError) -> Int64 {
    guard let milliseconds = PrometheusDuration.parseMilliseconds(String(text)) else {
      throw ScriptError(line: 0, message: "invalid duration \"\(text)\"")
    }
    return milliseconds
  }

  // MARK: load

  private static func load(header: String, keyword: String, block: [String], line: Int) throws(ScriptError) -> LoadCommand {
    guard keyword == "load" || keyword == "load_with_nhcb" else {
      throw ScriptError(line: line, message: "unknown load form \"\(keyword)\"")
    }
    let step = try duration(firstToken(firstToken(Substring(header)).rest).token)
    var series: [LoadedSeries] = []
    var positions: [Labels: Int] = [:]
    var pendingStartTimestamps: Labels?
    func add(_ loaded: LoadedSeries) {
      // A later line for the same label set replaces the earlier one.
      if let existing = positions[loaded.labels] {
        series[existing] = loaded
      } else {
        positions[loaded.labels] = series.count
        series.append(loaded)
      }
    }
    for (offset, text) in block.enumerated() {
      let lineNumber = line + 1 + offset
      do throws(ScriptError) {
        // Start timestamps of the next line's samples: only the label set is kept, to mark it.
        if let labels = try SeriesDescriptionReader.startTimestampLabels(text) {
          pendingStartTimestamps = labels
          continue
        }
      } catch {
        throw ScriptError(line: lineNumber, message: error.message)
      }
      let description: SeriesDescription
      do throws(ScriptError) {
        description = try SeriesDescriptionReader.read(text)
      } catch {
        throw ScriptError(line: lineNumber, message: error.message)
      }
      var loaded = LoadedSeries(labels: description.labels, timestampsMs: [], values: [])
      for (i, value) in description.values.enumerated() {
        switch value {
        case .float(let v):
          loaded.timestampsMs.append(Int64(i) * step)
          loaded.values.append(v)
        case .omitted: break
        case .histogram: loaded.unsupported = .nativeHistograms
        }
      }
      if pendingStartTimestamps == description.labels {
        loaded.unsupported = loaded.unsupported ?? .startTimestamps
      }
      pendingStartTimestamps = nil
      add(loaded)
    }
    if keyword == "load_with_nhcb" {
      // Each classic histogram family also becomes a native histogram series named after it.
      for loaded in series where loaded.labels.metricName.hasSuffix("_bucket") && !loaded.labels["le"].isEmpty {
        let family = String(loaded.labels.metricName.dropLast("_bucket".count))
        let native = loaded.labels.removing(["le"]).setting(Labels.metricName, to: family)
        if positions[native] == nil {
          add(LoadedSeries(labels: native, timestampsMs: [], values: [], unsupported: .nativeHistograms))
        }
      }
    }
    return LoadCommand(line: line, stepMs: step, series: series)
  }

  // MARK: eval

  /// The eval and how many block lines it used.
  private static func eval(header: String, keyword: String, block: [String], line: Int) throws(ScriptError) -> (EvalCommand, Int) {
    let suffix = keyword.dropFirst("eval".count)
    guard ["", "_fail", "_warn", "_ordered", "_info"].contains(suffix) else {
      throw ScriptError(line: line, message: "unknown eval form \"\(keyword)\"")
    }
    let (_, afterKeyword) = firstToken(Substring(header))
    let (mode, afterMode) = firstToken(afterKeyword)
    var eval: EvalCommand
    switch mode {
    case "instant":
      var rest = afterMode
      var at: Int64 = 0
      let (maybeAt, afterAt) = firstToken(rest)
      if maybeAt == "at" {
        let (time, expression) = firstToken(afterAt)
        at = try duration(time)
        rest = expression
      }
      guard !rest.isEmpty else { throw ScriptError(line: line, message: "missing expression") }
      eval = EvalCommand(line: line, expression: String(rest), timing: .instant(atMs: at))
    case "range":
      let (from, a) = firstToken(afterMode)
      let (start, b) = firstToken(a)
      let (to, c) = firstToken(b)
      let (end, d) = firstToken(c)
      let (stepWord, e) = firstToken(d)
      let (step, expression) = firstToken(e)
      guard from == "from", to == "to", stepWord == "step", !expression.isEmpty else {
        throw ScriptError(line: line, message: "invalid range eval \"\(header)\"")
      }
      let startMs = try duration(start)
      let endMs = try duration(end)
      let stepMs = try duration(step)
      guard endMs >= startMs, stepMs > 0 else { throw ScriptError(line: line, message: "invalid range \(start) to \(end) step \(step)") }
      if suffix == "_ordered" { throw ScriptError(line: line, message: "eval_ordered is only for instant queries") }
      eval = EvalCommand(line: line, expression: String(expression), timing: .range(startMs: startMs, endMs: endMs, stepMs: stepMs))
    default:
      throw ScriptError(line: line, message: "expected 'instant' or 'range' in \"\(header)\"")
    }
    switch suffix {
    case "_fail": eval.expectedFailure = .any
    case "_warn": eval.warnings = [.any]
    case "_info": eval.infos = [.any]
    case "_ordered": eval.ordered = true
    default: break
    }
    let used = try evalBlock(&eval, block: block, line: line, deprecatedFail: suffix == "_fail")
    return (eval, used)
  }

  private static func evalBlock(_ eval: inout EvalCommand, block: [String], line: Int, deprecatedFail: Bool) throws(ScriptError) -> Int {
    var series: [ExpectedSeries] = []
    var rangeVector: (Int64, Int64, Int64)?
    var failLines = 0
    for (offset, text) in block.enumerated() {
      let lineNumber = line + 1 + offset
      let (first, rest) = firstToken(Substring(text))
      if deprecatedFail, first == "expected_fail_message" || first == "expected_fail_regexp" {
        eval.expectedFailure = first == "expected_fail_message" ? .exact(String(rest)) : .regex(String(rest))
        eval.expected = .series(series)
        return offset + 1
      }
      if first == "expect" {
        let (kind, afterKind) = firstToken(rest)
        if kind == "range" {
          let words = afterKind.split(whereSeparator: { $0 == " " || $0 == "\t" })
          guard words.count == 7, words[0] == "vector", words[1] == "from", words[3] == "to", words[5] == "step" else {
            throw ScriptError(line: lineNumber, message: "invalid expect range vector line")
          }
          guard case .instant = eval.timing else {
            throw ScriptError(line: lineNumber, message: "expect range vector is only for instant queries")
          }
          rangeVector = (try duration(words[2]), try duration(words[4]), try duration(words[6]))
          continue
        }
        if kind == "string" {
          guard let value = GoString.unquote(String(afterKind)) else {
            throw ScriptError(line: lineNumber, message: "invalid expect string \(afterKind)")
          }
          eval.expected = .string(value)
          continue
        }
        let match = try messageMatch(afterKind, line: lineNumber)
        switch kind {
        case "ordered": eval.ordered = true
        case "fail":
          failLines += 1
          guard failLines == 1 else { throw ScriptError(line: lineNumber, message: "more than one expect fail line") }
          eval.expectedFailure = match
        case "warn": eval.warnings.append(match)
        case "no_warn": eval.noWarnings = true
        case "info": eval.infos.append(match)
        case "no_info": eval.noInfos = true
        default: throw ScriptError(line: lineNumber, message: "unknown expectation \"\(kind)\"")
        }
        if (eval.noWarnings && !eval.warnings.isEmpty) || (eval.noInfos && !eval.infos.isEmpty) {
          throw ScriptError(line: lineNumber, message: "contradictory annotation expectations")
        }
        continue
      }
      if let number = goNumber(text) {
        eval.expected = .scalar(number)
        return offset + 1
      }
      let description: SeriesDescription
      do throws(ScriptError) {
        description = try SeriesDescriptionReader.read(text)
      } catch {
        throw ScriptError(line: lineNumber, message: error.message)
      }
      if description.values.contains(.histogram) { eval.unsupported = .nativeHistograms }
      if case .instant = eval.timing, rangeVector == nil, description.values.count != 1 {
        throw ScriptError(line: lineNumber, message: "an instant eval expects one value per series")
      }
      series.append(
        ExpectedSeries(
          labels: description.labels,
          values: description.values.map { value -> Double? in
            switch value {
            case .float(let v): v
            case .omitted: nil
            // A placeholder: evals expecting histograms are skipped.
            case .histogram: .nan
            }
          }))
    }
    if case .string = eval.expected { return block.count }
    if let (start, end, step) = rangeVector {
      eval.expected = .rangeVector(startMs: start, endMs: end, stepMs: step, series: series)
    } else {
      eval.expected = .series(series)
    }
    return block.count
  }

  /// The optional ` msg: text` / ` regex: re` after an expect keyword.
  private static func messageMatch(_ text: Substring, line: Int) throws(ScriptError) -> MessageMatch {
    if text.isEmpty { return .any }
    if text.hasPrefix("msg:") { return .exact(trim(text.dropFirst(4))) }
    if text.hasPrefix("regex:") { return .regex(trim(text.dropFirst(6))) }
    throw ScriptError(line: line, message: "expected msg: or regex: but got \"\(text)\"")
  }

  /// Go's `strconv.ParseInt(s, 0, 64)` then `ParseFloat(s, 64)`: base prefixes, underscores after a
  /// prefix, a leading 0 meaning octal, Inf/NaN in any case, hex floats.
  static func goNumber(_ text: String) -> Double? {
    var body = Substring(text)
    var negative = false
    if let sign = body.first, sign == "+" || sign == "-" {
      negative = sign == "-"
      body = body.dropFirst()
    }
    guard !body.isEmpty else { return nil }
    let lower = body.lowercased()
    var magnitude: Double?
    if let integer = goInteger(lower) {
      magnitude = Double(integer)
    } else if ["inf", "infinity"].contains(lower) {
      magnitude = .infinity
    } else if lower == "nan" {
      magnitude = negative ? nil : .nan
    } else if lower.allSatisfy({ $0.isASCII && ($0.isHexDigit || ".xp+-_".contains($0)) }) {
      magnitude = Double(lower.replacing("_", with: ""))
    }
    guard let value = magnitude else { return nil }
    return negative ? -value : value
  }

  private static func goInteger(_ lower: String) -> Int64? {
    let radix: Int
    var digits = Substring(lower)
    if lower.hasPrefix("0x") {
      radix = 16
      digits = digits.dropFirst(2)
    } else if lower.hasPrefix("0o") {
      radix = 8
      digits = digits.dropFirst(2)
    } else if lower.hasPrefix("0b") {
      radix = 2
      digits = digits.dropFirst(2)
    } else if lower.hasPrefix("0"), lower.count > 1 {
      radix = 8
      digits = digits.dropFirst()
    } else {
      // Underscores are only allowed with a base prefix.
      return lower.contains("_") ? nil : Int64(lower, radix: 10)
    }
    let cleaned = digits.drop { $0 == "_" }.replacing("_", with: "")
    guard !cleaned.isEmpty else { return nil }
    return Int64(cleaned, radix: radix)
  }
}
