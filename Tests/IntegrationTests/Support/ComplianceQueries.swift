// The upstream PromQL compliance query list (../shared/conformance/promql-compliance), expanded:
// each `{{.name}}` placeholder takes every value of its variant table, combinations multiplied
// out, as the compliance tester does with its own tables.
import Foundation

struct ComplianceQuery: Sendable {
  var text: String
  var shouldFail: Bool
}

enum ComplianceQueries {
  /// The values each placeholder takes.
  static let variants: [String: [String]] = [
    "range": ["1m", "5m", "15m", "1h"],
    "offset": ["1m", "5m", "10m"],
    "simpleAggrOp": ["sum", "avg", "max", "min", "count", "stddev", "stdvar"],
    "topBottomOp": ["topk", "bottomk"],
    "quantile": ["-0.5", "0.1", "0.5", "0.75", "0.95", "0.90", "0.99", "1", "1.5"],
    "arithBinOp": ["+", "-", "*", "/", "%", "^"],
    "compBinOp": ["==", "!=", "<", ">", "<=", ">="],
    "binOp": ["+", "-", "*", "/", "%", "^", "==", "!=", "<", ">", "<=", ">=", "and", "or", "unless"],
    "simpleMathFunc": ["abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "round"],
    "extrapolatedRateFunc": ["delta", "rate", "increase"],
    "instantRateFunc": ["idelta", "irate"],
    "clampFunc": ["clamp_min", "clamp_max"],
    "dateFunc": ["day_of_month", "day_of_week", "days_in_month", "hour", "minute", "month", "year"],
    "simpleTimeAggrOp": ["sum", "avg", "max", "min", "count", "stddev", "stdvar"],
  ]

  static var file: URL {
    // Tests run from the package root; the shared tree sits beside the worktrees.
    let candidates = ["../shared/conformance/promql-compliance/promql/promql-test-queries.yml",
                      "/work/shared/conformance/promql-compliance/promql/promql-test-queries.yml"]
    let found = candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[1]
    return URL(fileURLWithPath: found)
  }

  /// Reads the `test_cases` list (query, should_fail, variant_args) and expands it.
  static func load() throws -> [ComplianceQuery] {
    let text = try String(contentsOf: file, encoding: .utf8)
    var cases: [(query: String, shouldFail: Bool, args: [String])] = []
    for line in text.split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("#") { continue }
      if trimmed.hasPrefix("- #") {
        cases.append(("", false, []))  // "- # comment", then "query:" on the next line
      } else if trimmed.hasPrefix("- query:") || trimmed.hasPrefix("query:") {
        let value = unquote(trimmed.drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces))
        if trimmed.hasPrefix("query:"), let last = cases.indices.last, cases[last].query.isEmpty {
          cases[last].query = value
        } else {
          cases.append((value, false, []))
        }
      } else if trimmed.hasPrefix("should_fail:"), let last = cases.indices.last {
        cases[last].shouldFail = trimmed.hasSuffix("true")
      } else if trimmed.hasPrefix("variant_args:"), let last = cases.indices.last {
        let list = trimmed.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
        cases[last].args = list.split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) }
      }
    }
    var expanded: [ComplianceQuery] = []
    for entry in cases where !entry.query.isEmpty {
      var texts = [entry.query]
      for arg in entry.args {
        let values = variants[arg] ?? []
        texts = texts.flatMap { text in values.map { text.replacingOccurrences(of: "{{.\(arg)}}", with: $0) } }
      }
      expanded += texts.map { ComplianceQuery(text: $0, shouldFail: entry.shouldFail) }
    }
    return expanded
  }

  private static func unquote(_ text: String) -> String {
    guard text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first else { return text }
    let inner = String(text.dropFirst().dropLast())
    return first == "'" ? inner.replacingOccurrences(of: "''", with: "'") : inner
  }
}
