// The real prometheus-node-exporter (Debian package), started on a free loopback port.
import Foundation
import Testing

final class NodeExporterProcess: @unchecked Sendable {
  // @unchecked: set once in init, then only read; Process is safe to terminate from any thread.
  let process: Process
  let port: Int

  init() throws {
    let binary = try PeerTool.require("prometheus-node-exporter", package: "prometheus-node-exporter")
    port = try FreePort.find()
    process = Process()
    process.executableURL = binary
    // The systemd collector fails without systemd (PEERS.md).
    process.arguments = ["--web.listen-address=127.0.0.1:\(port)", "--no-collector.systemd"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
  }

  deinit { stop() }

  func stop() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }

  func scrape() async throws -> HTTPResult {
    try await HTTP.get(URL(string: "http://127.0.0.1:\(port)/metrics")!)
  }

  func waitUntilUp() async throws {
    for _ in 0..<100 {
      if let response = try? await scrape(), response.status == 200 { return }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("node_exporter did not come up on port \(port)")
    throw ServerProcessError.timedOut
  }
}
