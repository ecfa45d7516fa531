// Runs a Python/Selenium scenario (Scripts/<name>.py, driving the real headless Chromium) against
// a running `warden serve` and turns its JSON report into test results: every failed check, every
// console error and a fatal error become recorded issues. Browsers run one at a time across the
// whole test process: two Chromiums on two cores starve each other and time out.
import Foundation
import Testing

struct BrowserReport: Decodable {
  struct Check: Decodable {
    let name: String
    let ok: Bool
    let detail: String
  }
  let checks: [Check]
  let consoleErrors: [String]
  let screenshots: [String]
  let fatal: String?

  enum CodingKeys: String, CodingKey {
    case checks, screenshots, fatal
    case consoleErrors = "console_errors"
  }
}

/// One browser at a time for the whole test process.
actor BrowserGate {
  static let shared = BrowserGate()
  private var busy = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  func acquire() async {
    if !busy {
      busy = true
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  func release() {
    if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
  }
}

enum BrowserScenario {
  static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

  /// Where screenshots go: `.build/ui-screenshots/` of the package (not committed; look at them).
  static let screenshots: URL = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/ui-screenshots")
  }()

  /// The browser stack is there (make test installs it); otherwise the reason.
  static func unavailable() -> String? {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: tool) {
      return "\(tool) is missing: apt-get install chromium chromium-driver (make test does this)"
    }
    let probe = try? Command.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import selenium"])
    if probe?.status != 0 { return "python3 cannot import selenium: pip install selenium (make test does this)" }
    return nil
  }

  /// Runs `Scripts/<name>.py` against `server` and records an issue for everything that failed.
  /// Returns the report so a test can assert more.
  @discardableResult
  static func run(
    _ name: String, server: ServerProcess, options: [String: String] = [:], timeout: Duration = .seconds(240)
  ) async throws -> BrowserReport {
    if let reason = unavailable() {
      Issue.record("browser test \(name) cannot run: \(reason)")
      throw ServerProcessError.exited
    }
    await BrowserGate.shared.acquire()
    defer { Task { await BrowserGate.shared.release() } }
    let output = try await runScript(name, server: server, options: options, timeout: timeout)
    let report: BrowserReport
    do {
      report = try JSONDecoder().decode(BrowserReport.self, from: Data(output.stdout.utf8))
    } catch {
      Issue.record("scenario \(name) printed no report (status \(output.status)):\n\(output.stdout.suffix(2000))\n\(output.stderr.suffix(3000))")
      throw error
    }
    if let fatal = report.fatal {
      Issue.record("scenario \(name) stopped: \(fatal)\nserver log:\n\(server.log.suffix(3000))")
    }
    for check in report.checks where !check.ok {
      Issue.record("\(name): \(check.name) failed\(check.detail.isEmpty ? "" : ": \(check.detail)")")
    }
    #expect(report.consoleErrors.isEmpty, "\(name): console errors:\n\(report.consoleErrors.joined(separator: "\n"))")
    #expect(!report.checks.isEmpty || report.fatal != nil, "\(name) checked nothing")
    return report
  }

  private static func runScript(
    _ name: String, server: ServerProcess, options: [String: String], timeout: Duration
  ) async throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    var arguments = [
      "python3", scripts.appendingPathComponent("\(name).py").path, "--base", server.baseURL.absoluteString,
      "--screenshots", screenshots.path,
    ]
    for (key, value) in options.sorted(by: { $0.key < $1.key }) { arguments += ["--option", "\(key)=\(value)"] }
    process.arguments = arguments
    let directory = try TemporaryDirectory.make(prefix: "browser-\(name)")
    let stdoutFile = directory.appendingPathComponent("stdout")
    let stderrFile = directory.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
    process.standardError = try FileHandle(forWritingTo: stderrFile)
    try process.run()
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
      if ContinuousClock.now > deadline {
        kill(process.processIdentifier, SIGKILL)
        Issue.record("scenario \(name) did not finish within \(timeout)")
        break
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    let stdout = (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
    return CommandResult(status: process.isRunning ? -1 : process.terminationStatus, stdout: stdout, stderr: stderr)
  }
}
