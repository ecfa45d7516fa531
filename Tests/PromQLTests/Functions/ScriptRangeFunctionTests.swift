// Runs the range-function cases of the upstream PromQL scripts (functions.test) through the
// kernels directly: every `eval instant at T fn(metric{…}[range] …)` whose selector is plain
// (no offset, @, subquery or nesting) and whose inputs and outputs are floats. The series
// selection and output labelling here are a minimal stand-in for the engine.
import Foundation
import Testing
@testable import PromQL

private enum PromQLScripts {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("../shared/conformance/promql").standardizedFileURL

  static var exists: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("functions.test").path) }

  static func lines(_ name: String) -> [String] {
    let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    return text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
  }
}

/// A series from a `load` block: its labels (with `__name__`) and value notation.
private struct LoadedSeries {
  var labels: [String: String]
  var notation: String
  var stepMs: Int64
}

private struct ScriptCase: CustomStringConvertible {
  var line: Int
  var text: String
  var function: RangeFunction
  var matchers: [String: String]
  var rangeMs: Int64
  var atMs: Int64
  var arguments: RangeFunctionArguments
  var series: [LoadedSeries]
  /// Expected outputs: labels as written (name included when written) → value.
  var expected: [([String: String], Double)]
  var description: String { "functions.test:\(line) \(text)" }
}

private enum ScriptParser {
  static func duration(_ text: Substring) -> Int64? {
    let units: [(String, Int64)] = [("ms", 1), ("y", 31_536_000_000), ("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
    if let whole = Int64(text) { return whole * 1000 }
    var rest = text
    var total: Int64 = 0
    while !rest.isEmpty {
      let digits = rest.prefix { $0.isNumber }
      guard let number = Int64(digits) else { return nil }
      rest = rest.dropFirst(digits.count)
      guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
      total += number * unit.1
      rest = rest.dropFirst(unit.0.count)
    }
    return total
  }

  /// `name{a="b", c="d"}` → labels; nil for anything fancier.
  static func labels(_ text: Substring) -> [String: String]? {
    var result: [String: String] = [:]
    let name = text.prefix { $0 != "{" }
    if !name.isEmpty { result["__name__"] = String(name) }
    var body = text.dropFirst(name.count)
    if body.isEmpty { return result }
    guard body.first == "{", body.last == "}" else { return nil }
    body = body.dropFirst().dropLast()
    for pair in body.split(separator: ",") {
      let parts = pair.split(separator: "=", maxSplits: 1)
      guard parts.count == 2 else { return nil }
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      let value = parts[1].trimmingCharacters(in: .whitespaces)
      guard value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 else { return nil }
      result[key] = String(value.dropFirst().dropLast())
    }
    return result
  }

  static func value(_ text: Substring) -> Double? {
    switch text.lowercased() {
    case "nan": return .nan
    case "inf", "+inf": return .infinity
    case "-inf": return -.infinity
    default: return Double(text)
    }
  }

  static func cases(in file: String) -> [ScriptCase] {
    let lines = PromQLScripts.lines(file)
    var loaded: [LoadedSeries] = []
    var result: [ScriptCase] = []
    var index = 0
    // fn(sel[range]) / fn(sel[range], s) / fn(sel[range], s, s) / fn(s, sel[range])
    let call = /^eval instant at (\S+) ([a-z_]+)\((?:([-0-9.e]+), *)?([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\[([0-9a-z]+)\](?:, *([-0-9.e]+))?(?:, *([-0-9.e]+))?\)$/
    while index < lines.count {
      let line = lines[index]
      if line == "clear" {
        loaded.removeAll()
      } else if line.hasPrefix("load ") {
        let step = duration(line.dropFirst(5).trimmingCharacters(in: .whitespaces)[...]) ?? 0
        index += 1
        while index < lines.count, !lines[index].isEmpty, !lines[index].hasPrefix("#") {
          let entry = lines[index]
          let split = entry.firstIndex { $0 == " " || $0 == "\t" } ?? entry.endIndex
          // A label set may contain spaces: split after its closing brace when it has one.
          let end = entry[..<split].contains("{") ? entry.firstIndex(of: "}").map { entry.index(after: $0) } ?? split : split
          if let labels = labels(entry[..<end]) {
            loaded.removeAll { $0.labels == labels }
            loaded.append(LoadedSeries(labels: labels, notation: String(entry[end...]).trimmingCharacters(in: .whitespaces), stepMs: step))
          }
          index += 1
        }
        continue
      } else if let match = line.wholeMatch(of: call), let function = RangeFunction(rawValue: String(match.2)),
        let at = duration(match.1), let range = duration(match.5), let matchers = labels(match.4)
      {
        var expected: [([String: String], Double)] = []
        var usable = true
        var cursor = index + 1
        while cursor < lines.count, !lines[cursor].isEmpty, !lines[cursor].hasPrefix("#") {
          let entry = lines[cursor]
          cursor += 1
          if entry.hasPrefix("expect") {
            if entry.hasPrefix("expect fail") || entry.hasPrefix("expect ordered") == false && entry.hasPrefix("expect range") { usable = false }
            continue
          }
          let split = entry.lastIndex { $0 == " " || $0 == "\t" } ?? entry.startIndex
          guard let labels = labels(entry[..<split].trimmingCharacters(in: .whitespaces)[...]),
            let value = value(entry[entry.index(after: split)...])
          else {
            usable = false
            continue
          }
          expected.append((labels, value))
        }
        let scalars = [match.3, match.6, match.7].compactMap { $0.flatMap { Double($0) } }
        let arguments = RangeFunctionArguments(scalar0: scalars.first ?? .nan, scalar1: scalars.dropFirst().first ?? .nan)
        let selected = loaded.filter { series in matchers.allSatisfy { series.labels[$0.key] == $0.value } }
        if usable, !selected.contains(where: { $0.notation.contains("{{") }) {
          result.append(
            ScriptCase(
              line: index + 1, text: line, function: function, matchers: matchers, rangeMs: range, atMs: at,
              arguments: arguments, series: selected, expected: expected))
        }
        index = cursor
        continue
      }
      index += 1
    }
    return result
  }
}

@Suite(.enabled(if: PromQLScripts.exists, "shared/conformance/promql is absent; skipping"))
struct ScriptRangeFunctionTests {
  fileprivate static let cases = ScriptParser.cases(in: "functions.test")

  @Test func scriptHasEnoughPlainCases() {
    #expect(Self.cases.count >= 100, "only \(Self.cases.count) plain range-function cases found")
  }

  @Test func everyPlainCaseMatches() {
    var checked = 0
    for scriptCase in Self.cases {
      var actual: [([String: String], Double)] = []
      for series in scriptCase.series {
        let window = SeriesFixture.window(series.notation, stepMs: series.stepMs, atMs: scriptCase.atMs, rangeMs: scriptCase.rangeMs)
        guard let value = outcome(scriptCase.function, window, scriptCase.arguments) else { continue }
        var labels = series.labels
        if !scriptCase.function.keepsMetricName { labels["__name__"] = nil }
        actual.append((labels, value))
      }
      #expect(actual.count == scriptCase.expected.count, "\(scriptCase): \(actual) vs \(scriptCase.expected)")
      for (labels, value) in scriptCase.expected {
        let found = actual.first { $0.0 == labels }
        #expect(found != nil && close(found!.1, value), "\(scriptCase): \(labels) expected \(value), got \(String(describing: found?.1))")
      }
      checked += 1
    }
    #expect(checked == Self.cases.count)
  }
}
