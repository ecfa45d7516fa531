// What one script's run came to: counts, the failing evals with their first difference, the
// printed summary, and the markdown table of all files run in this process.
import Foundation
import Synchronization

struct ConformanceFileReport: Sendable {
  var file: String
  var required: Bool
  var records: [EvalRecord]
  /// Set when the script itself could not be read (every eval counts as failed).
  var scriptError: String?

  var total: Int { records.count }
  var passed: Int { records.count { $0.outcome == .passed } }
  var skipped: Int { records.count { if case .skipped = $0.outcome { true } else { false } } }
  var failures: [EvalRecord] { records.filter { if case .failed = $0.outcome { true } else { false } } }

  /// Passed evals among those run (skipped ones excluded).
  var passRate: Double {
    let run = total - skipped
    return run == 0 ? 100 : Double(passed) / Double(run) * 100
  }

  var summaryLine: String {
    "promql conformance \(file): passed \(passed) of \(total) evals (skipped \(skipped)), \(String(format: "%.1f", passRate))%"
  }

  /// The summary line, then one line per failing eval.
  var printed: String {
    var lines = [summaryLine]
    if let scriptError { lines.append("  script error: \(scriptError)") }
    for (reason, count) in skipReasons.sorted(by: { $0.key < $1.key }) {
      let masked = records.count { record in
        record.maskedFailure != nil && record.outcome == .skipped(reason)
      }
      let note = masked == 0 ? "" : " (\(masked) of them ran and failed reading such series)"
      lines.append("  skipped \(count): \(reason)\(note)")
    }
    for record in failures {
      guard case .failed(let difference) = record.outcome else { continue }
      lines.append("  line \(record.eval.line): \(record.eval.expression)\n      \(difference)")
    }
    // Evals skipped because they failed while reading unsupported series, on request: a bug in
    // the float part of such an eval hides here.
    if ProcessInfo.processInfo.environment["PROMQL_CONFORMANCE_VERBOSE"] != nil {
      for record in records {
        guard let masked = record.maskedFailure else { continue }
        lines.append("  skipped line \(record.eval.line): \(record.eval.expression)\n      \(masked)")
      }
    }
    return lines.joined(separator: "\n")
  }

  var skipReasons: [String: Int] {
    var reasons: [String: Int] = [:]
    for record in records {
      if case .skipped(let reason) = record.outcome { reasons[reason, default: 0] += 1 }
    }
    return reasons
  }
}

/// Collects the reports of the files run in this process and rewrites the markdown table at
/// `PROMQL_CONFORMANCE_REPORT` after each one, so the last write holds every file.
enum ConformanceSummary {
  private static let reports = Mutex<[String: ConformanceFileReport]>([:])

  static func record(_ report: ConformanceFileReport) throws {
    guard let path = ProcessInfo.processInfo.environment["PROMQL_CONFORMANCE_REPORT"], !path.isEmpty else { return }
    try reports.withLock { all in
      all[report.file] = report
      try markdown(all.values.sorted { $0.file < $1.file }).write(toFile: path, atomically: true, encoding: .utf8)
    }
  }

  static func markdown(_ reports: [ConformanceFileReport]) -> String {
    var lines = [
      "| file | required | evals | passed | failed | skipped | pass rate (of evals run) |",
      "|---|---|---|---|---|---|---|",
    ]
    for report in reports {
      let note = report.scriptError.map { " (script error: \($0))" } ?? ""
      lines.append(
        "| `\(report.file)` | \(report.required ? "yes" : "no") | \(report.total) | \(report.passed) | \(report.failures.count) "
          + "| \(report.skipped) | \(String(format: "%.1f", report.passRate))%\(note) |")
    }
    let total = reports.reduce(0) { $0 + $1.total }
    let passed = reports.reduce(0) { $0 + $1.passed }
    let skipped = reports.reduce(0) { $0 + $1.skipped }
    let rate = total - skipped == 0 ? 100 : Double(passed) / Double(total - skipped) * 100
    lines.append("| **total** | | \(total) | \(passed) | \(total - passed - skipped) | \(skipped) | \(String(format: "%.1f", rate))% |")
    return lines.joined(separator: "\n") + "\n"
  }
}
