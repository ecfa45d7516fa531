// Every `eval` expression of the required upstream PromQL test files parses (the test format
// requires that, even for evals that expect failure). Expressions with native-histogram `{{`
// literals are out of scope and skipped. Skipped entirely when the files are not present.
import Foundation
import PromQL
import Testing

private let conformanceDirectory = "/work/shared/conformance/promql"
private let requiredFiles = [
  "aggregators", "at_modifier", "collision", "functions", "histograms", "literals", "limit", "name_label_dropping",
  "operators", "range_queries", "selectors", "staleness", "subquery", "trig_functions",
]

/// The expression of an `eval instant at <t> <expr>` or `eval range from <a> to <b> step <s> <expr>` line.
func evalExpression(_ line: String) -> String? {
  var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
  guard let first = words.first, first == "eval" || first.hasPrefix("eval_"), words.count >= 3 else { return nil }
  words.removeFirst()
  let skip: Int
  switch words.first {
  case "instant": skip = words.count > 2 && words[1] == "at" ? 3 : 1
  case "range": skip = 7
  default: return nil
  }
  guard words.count > skip else { return nil }
  // Rejoin from the original line so spacing inside the expression is kept.
  var rest = Substring(line.trimmingCharacters(in: .whitespaces))
  for _ in 0...skip {
    rest = rest.drop(while: { $0 != " " && $0 != "\t" }).drop(while: { $0 == " " || $0 == "\t" })
  }
  return String(rest)
}

@Suite(.enabled(if: FileManager.default.fileExists(atPath: conformanceDirectory), "conformance files not present"))
struct ConformanceExpressionTests {
  @Test func extractsExpressions() {
    #expect(evalExpression("eval instant at 50m sum by (job) (x)") == "sum by (job) (x)")
    #expect(evalExpression("eval_fail instant at 0 foo[5m]") == "foo[5m]")
    #expect(evalExpression("eval range from 0 to 10s step 5s  step()") == "step()")
    #expect(evalExpression("eval instant 1 + 1") == "1 + 1")
  }

  @Test(arguments: requiredFiles)
  func requiredFileExpressionsParse(file: String) throws {
    let text = try String(contentsOfFile: "\(conformanceDirectory)/\(file).test", encoding: .utf8)
    var failures: [String] = []
    var count = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      guard let expression = evalExpression(String(line)), !expression.contains("{{") else { continue }
      count += 1
      if let error = renderedError(expression) { failures.append("\(expression)  =>  \(error)") }
    }
    #expect(count > 0)
    #expect(failures.isEmpty, "\(file).test: \(failures.count) of \(count) expressions fail to parse:\n\(failures.joined(separator: "\n"))")
  }
}
