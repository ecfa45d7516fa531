// `log_files:` in the real `warden serve`: a file written while the server runs is tailed into the
// store (with its `filename` label), rotated by rename while lines are written, and after a restart
// exactly the lines written meanwhile are added: nothing lost, nothing twice.
import Foundation
import Testing

@Suite(.serialized) struct LogFilesServeTests {
  private func append(_ lines: [String], to url: URL) throws {
    if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
    let handle = try FileHandle(forWritingTo: url)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
    try handle.close()
  }

  @Test func filesAreTailedAcrossRotationAndRestartWithoutLossOrRepeats() async throws {
    let logs = try TemporaryDirectory.make(prefix: "tailed")
    let file = logs.appendingPathComponent("app.log")
    let configDirectory = try TemporaryDirectory.make(prefix: "warden-config")
    let config = configDirectory.appendingPathComponent("warden.yml")
    try "log_files:\n  - paths: [\"\(logs.path)/*.log\"]\n    labels: {job: app}\n".write(to: config, atomically: true, encoding: .utf8)
    let data = try TemporaryDirectory.make(prefix: "warden-data")
    var server = try ServerProcess(arguments: ["--config", config.path], dataDirectory: data)
    try await server.waitUntilReady()

    try append((0..<100).map { "first \($0)" }, to: file)
    _ = try await LokiQuery.waitFor(server, "{job=\"app\"}", count: 100)
    // Rename-and-create rotation while writing: the rest of the old file, then the new one.
    try append((0..<50).map { "before rotation \($0)" }, to: file)
    try FileManager.default.moveItem(at: file, to: logs.appendingPathComponent("app.log.1"))
    try append((0..<50).map { "after rotation \($0)" }, to: file)
    let afterRotation = try await LokiQuery.waitFor(server, "{job=\"app\"}", count: 200)
    #expect(afterRotation.count == 200)
    #expect(afterRotation.first?.labels["filename"] == file.path)
    try await server.stop()

    try append((0..<30).map { "while stopped \($0)" }, to: file)
    server = try ServerProcess(arguments: ["--config", config.path], dataDirectory: data)
    try await server.waitUntilReady()
    let all = try await LokiQuery.waitFor(server, "{job=\"app\"}", count: 230)
    try await Task.sleep(for: .seconds(2))
    let settled = try await LokiQuery.entries(server, "{job=\"app\"}")
    #expect(settled.count == 230, "\(all.count) then \(settled.count)")
    #expect(Set(settled.map(\.line)).count == 230)
    let metrics = try await server.get("/metrics")
    #expect(metrics.text.contains("warden_logs_lines_received_total{protocol=\"file\"} 30"), "\(metrics.text)")
    try await server.stop()
  }
}
