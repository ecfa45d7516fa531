// The per-file summary the conformance test prints and the markdown table it writes.
import Testing

struct ConformanceReportTests {
  private func record(line: Int, _ outcome: EvalOutcome) -> EvalRecord {
    EvalRecord(eval: EvalCommand(line: line, expression: "up", timing: .instant(atMs: 0)), outcome: outcome)
  }

  @Test func summaryCountsAndListsFailures() {
    let report = ConformanceFileReport(
      file: "x.test", required: true,
      records: [
        record(line: 3, .passed), record(line: 5, .passed), record(line: 7, .failed("expected 1.0, got 2.0")),
        record(line: 9, .skipped("native histograms are not supported")),
      ])
    #expect(report.summaryLine == "promql conformance x.test: passed 2 of 4 evals (skipped 1), 66.7%")
    #expect(report.printed.contains("  line 7: up\n      expected 1.0, got 2.0"))
    #expect(report.printed.contains("skipped 1: native histograms are not supported"))
    let table = ConformanceSummary.markdown([report])
    #expect(table.contains("| `x.test` | yes | 4 | 2 | 1 | 1 | 66.7% |"))
    #expect(table.contains("| **total** | | 4 | 2 | 1 | 1 | 66.7% |"))
  }
}
