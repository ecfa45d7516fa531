// The upstream PromQL test scripts run against Warden's engine, one test per file. Required files
// must pass every eval that is not skipped; experimental ones only report their pass rate.
import Foundation
import Testing

/// The corpus directory, `../shared/conformance/promql` beside the repository.
private let corpusDirectory: URL = {
  var url = URL(fileURLWithPath: #filePath)
  // This file sits at <root>/Tests/PromQLTests/Conformance/; the corpus at <root>/../shared/.
  for _ in 0..<5 { url.deleteLastPathComponent() }
  return url.appendingPathComponent("shared/conformance/promql")
}()

private let corpusPresent = FileManager.default.fileExists(atPath: corpusDirectory.appendingPathComponent("README.md").path)

struct ConformanceFile: Sendable, CustomTestStringConvertible {
  var name: String
  var required: Bool

  var testDescription: String { name }

  static let all: [ConformanceFile] = [
    "aggregators", "at_modifier", "collision", "functions", "histograms", "literals", "limit", "name_label_dropping",
    "operators", "range_queries", "selectors", "staleness", "subquery", "trig_functions",
  ].map { ConformanceFile(name: "\($0).test", required: true)
  } + [
    "duration_expression", "extended_vectors", "fill-modifier", "info", "native_histograms", "start_timestamps",
    "type_and_unit",
  ].map { ConformanceFile(name: "\($0).test", required: false) }
}

@Suite("PromQL conformance (upstream test scripts)")
struct PromQLConformanceTests {
  @Test(
    "upstream script", .enabled(if: corpusPresent, "the corpus ../shared/conformance/promql is absent"),
    arguments: ConformanceFile.all)
  func script(_ file: ConformanceFile) async throws {
    let text = try String(contentsOf: corpusDirectory.appendingPathComponent(file.name), encoding: .utf8)
    var report = ConformanceFileReport(file: file.name, required: file.required, records: [])
    switch Result(catching: { try ScriptParser.parse(text) }) {
    case .success(let commands):
      report.records = await ScriptRunner().run(commands)
    case .failure(let error):
      report.scriptError = "\(error)"
    }
    print(report.printed)
    try ConformanceSummary.record(report)
    if file.required {
      #expect(report.scriptError == nil, "\(file.name) could not be read: \(report.scriptError ?? "")")
      let failed = report.failures.count
      #expect(failed == 0, "\(report.summaryLine); the failing evals are listed in the output above")
    }
  }
}
