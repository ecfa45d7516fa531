// Reads the upstream PromQL test scripts (shared/conformance/promql/*.test) far enough to replay
// their simple cases against the kernels: `load` blocks, `clear`, and each `eval instant` with its
// expected float samples. Series selection and grouping stay with the tests that use it.
import Foundation
import WardenCore
@testable import PromQL

enum PromQLScript {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("../shared/conformance/promql").standardizedFileURL

  static var exists: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("functions.test").path) }

  /// A series from a `load` block.
  struct Series {
    var labels: [String: String]
    var notation: String
    var stepMs: Int64

    var hasHistograms: Bool { notation.contains("{{") }
    var hasStaleMarkers: Bool { notation.contains("stale") }
    var sortKey: Labels { Labels(labels) }
  }

  /// An `eval instant at <time> <expr>` with the series loaded at that point.
  struct Eval: CustomStringConvertible {
    var file: String
    var line: Int
    var timeText: String
    var expression: String
    var loaded: [Series]
    /// Expected samples: labels as written (name included when written) and value. nil when the
    /// block expects something these replays cannot check (failure, histograms, range vectors).
    var expected: [([String: String], Double)]?
    var description: String { "\(file):\(line) \(expression)" }
  }

  static func evals(in file: String) -> [Eval] {
    let text = (try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)) ?? ""
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    var loaded: [Series] = []
    var result: [Eval] = []
    var index = 0
    let header = /^eval instant at (\S+) (.+)$/
    while index < lines.count {
      let line = lines[index]
      if line == "clear" {
        loaded.removeAll()
      } else if line.hasPrefix("load ") || line.hasPrefix("load_with_nhcb ") {
        // load_with_nhcb also loads the float series as they are; only those matter here.
        let stepText = line.split(separator: " ", omittingEmptySubsequences: true).last ?? ""
        let step = duration(stepText) ?? 0
        index += 1
        while index < lines.count, !lines[index].isEmpty, !lines[index].hasPrefix("#") {
          let entry = lines[index]
          let split = entry.firstIndex { $0 == " " || $0 == "\t" } ?? entry.endIndex
          // A label set may contain spaces: it ends at its closing brace when it has one.
          let end = entry[..<split].contains("{") ? entry.firstIndex(of: "}").map { entry.index(after: $0) } ?? split : split
          if let labels = labels(entry[..<end]) {
            loaded.removeAll { $0.labels == labels }
            let notation = entry[end...].trimmingCharacters(in: .whitespaces)
            loaded.append(Series(labels: labels, notation: notation, stepMs: step))
          }
          index += 1
        }
        continue
      } else if let match = line.wholeMatch(of: header) {
        var expected: [([String: String], Double)]? = []
        var cursor = index + 1
        while cursor < lines.count, !lines[cursor].isEmpty, !lines[cursor].hasPrefix("#") {
          let entry = lines[cursor]
          cursor += 1
          if entry.hasPrefix("expect") {
            if entry.hasPrefix("expect fail") || entry.hasPrefix("expect range") || entry.hasPrefix("expect string") {
              expected = nil
            }
            continue
          }
          let split = entry.lastIndex { $0 == " " || $0 == "\t" } ?? entry.startIndex
          guard let labels = labels(entry[..<split].trimmingCharacters(in: .whitespaces)[...]),
            let value = value(entry[entry.index(after: split)...])
          else {
            expected = nil
            continue
          }
          expected?.append((labels, value))
        }
        result.append(
          Eval(file: file, line: index + 1, timeText: String(match.1), expression: String(match.2), loaded: loaded, expected: expected))
        index = cursor
        continue
      }
      index += 1
    }
    return result
  }

  /// Prometheus durations (`5m`, `1h30m`, `10s53ms`) or plain seconds, in milliseconds.
  static func duration(_ text: Substring) -> Int64? {
    let units: [(String, Int64)] = [
      ("ms", 1), ("y", 31_536_000_000), ("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000),
    ]
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

  /// `name{a="b", c="d"}`, `{a="b"}` or `name` → labels; nil for anything fancier.
  static func labels(_ text: Substring) -> [String: String]? {
    var result: [String: String] = [:]
    let name = text.prefix { $0 != "{" }
    if !name.isEmpty {
      guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else { return nil }
      result["__name__"] = String(name)
    }
    var body = text.dropFirst(name.count)
    if body.isEmpty { return result }
    guard body.first == "{", body.last == "}" else { return nil }
    body = body.dropFirst().dropLast()
    for pair in body.split(separator: ",") {
      let parts = pair.split(separator: "=", maxSplits: 1)
      guard parts.count == 2 else { return nil }
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      let value = parts[1].trimmingCharacters(in: .whitespaces)
      guard value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2, !key.hasSuffix("!"), !key.hasSuffix("~") else { return nil }
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

  /// The series an equality-only selector picks, in the engine's order (sorted by labels).
  static func select(_ matchers: [String: String], from loaded: [Series]) -> [Series] {
    loaded.filter { series in matchers.allSatisfy { series.labels[$0.key] == $0.value } }
      .sorted { $0.sortKey < $1.sortKey }
  }

  /// An instant selector's value at `atMs`: the latest sample within the 5m lookback.
  static func instantValue(_ series: Series, atMs: Int64) -> Double? {
    let window = SeriesFixture.window(series.notation, stepMs: series.stepMs, atMs: atMs, rangeMs: 300_000)
    return window.values.last
  }
}
