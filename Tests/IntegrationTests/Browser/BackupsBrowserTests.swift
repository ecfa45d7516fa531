// The status page's Backups tab in the real headless Chromium against a real `warden serve` with
// two backup jobs: `nightly` (a real password file, create_repository, a small source directory)
// and `broken` (its password file does not exist, so every run fails). The scenario runs a backup,
// a drill and a check from the buttons, runs the broken job, opens the recent runs and the
// runbook, in both themes, without console errors; afterwards the API must hold the same runs the
// page showed (the snapshot id on the page is the API's). Screenshots in .build/ui-screenshots/.
import Foundation
import Testing

@Suite(.serialized) struct BackupsBrowserTests {
  private struct Setup {
    let server: ServerProcess
    let directory: URL
  }

  private func startServer() async throws -> Setup {
    let directory = try TemporaryDirectory.make(prefix: "backups-browser")
    let source = directory.appendingPathComponent("source")
    try FileManager.default.createDirectory(at: source.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try "hello, backups\n".write(to: source.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
    // A 150 kB binary file next to the text one.
    let bytes = (0..<150_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
    try Data(bytes).write(to: source.appendingPathComponent("sub/b.bin"))
    let password = directory.appendingPathComponent("backup.pass")
    try "correct horse battery staple\n".write(to: password, atomically: true, encoding: .utf8)
    let config = directory.appendingPathComponent("warden.yml")
    try """
    backup_jobs:
      - name: nightly
        repository: \(directory.appendingPathComponent("repo").path)
        password_file: \(password.path)
        create_repository: true
        sources:
          - path: \(source.path)
        schedule: "0 3 * * *"
      - name: broken
        repository: \(directory.appendingPathComponent("repo-broken").path)
        password_file: \(directory.appendingPathComponent("missing.pass").path)
        create_repository: true
        sources:
          - path: \(source.path)
        schedule: "0 3 * * *"
    """.write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    try await server.waitUntilReady()
    return Setup(server: server, directory: directory)
  }

  private func runs(_ server: ServerProcess, job: String) async throws -> [[String: Any]] {
    let body = try await server.get("/api/v1/backups/jobs/\(job)/runs?limit=10").json()
    return body["data"] as? [[String: Any]] ?? []
  }

  @Test func backupsTabRunsJobsAndShowsResultsErrorsRunsAndRunbook() async throws {
    let setup = try await startServer()
    let server = setup.server
    let report = try await BrowserScenario.run("pages_backups", server: server, options: ["good": "nightly", "broken": "broken"])

    // What the page showed is what the server recorded.
    let good = try await runs(server, job: "nightly")
    let results = good.map { "\($0["kind"] as? String ?? "?"):\($0["result"] as? String ?? "?")" }
    #expect(results.prefix(3) == ["check:success", "drill:success", "backup:success"], "\(results)")
    #expect(good.allSatisfy { $0["trigger"] as? String == "api" })
    let backup = try #require(good.first { $0["kind"] as? String == "backup" })
    let snapshot = try #require(backup["snapshotId"] as? String)
    let shown = report.checks.first { $0.name == "the newest backup shows its snapshot's short id" }?.detail
    #expect(shown == String(snapshot.prefix(8)))
    let drill = try #require(good.first { $0["kind"] as? String == "drill" })
    #expect((drill["recoverySeconds"] as? Double ?? -1) >= 0)

    let broken = try await runs(server, job: "broken")
    let failed = try #require(broken.first)
    #expect(failed["result"] as? String == "failed")
    let errors = failed["errors"] as? [String] ?? []
    #expect(errors.contains { $0.contains("missing.pass") }, "\(errors)")
    try await server.stop()
  }
}
