// A real peer program (Pushgateway, blackbox_exporter, a static page server) started on a free
// loopback port with its own directory, stopped when the test lets go of it.
import Foundation
import Testing

final class PeerProcess: @unchecked Sendable {
  // @unchecked: set once in init, then only read; Process is safe to terminate from any thread.
  let process: Process
  let port: Int
  let directory: URL

  /// Starts `tool` (found on PATH's usual directories) with the arguments `arguments` builds
  /// from the chosen port and a fresh directory.
  init(tool: String, package: String, arguments: (Int, URL) -> [String]) throws {
    let binary = try PeerTool.require(tool, package: package)
    port = try FreePort.find()
    directory = try TemporaryDirectory.make(prefix: tool)
    process = Process()
    process.executableURL = binary
    process.arguments = arguments(port, directory)
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
  }

  // SIGKILL and no waitUntilExit: Foundation's wait spins its run loop at full CPU when the
  // test process is already exiting.
  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  func waitUntilUp(path: String) async throws {
    for _ in 0..<100 {
      if let response = try? await HTTP.get(URL(string: "http://127.0.0.1:\(port)\(path)")!), response.status == 200 { return }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("\(process.executableURL?.lastPathComponent ?? "peer") did not come up on port \(port)")
    throw ServerProcessError.timedOut
  }
}

/// Serves one fixed page at /metrics (Python's http.server over a directory holding it), for
/// targets whose page a test controls.
final class StaticPageServer: Sendable {
  let peer: PeerProcess

  var port: Int { peer.port }

  init(body: String) throws {
    let directory = try TemporaryDirectory.make(prefix: "page")
    try body.write(to: directory.appendingPathComponent("metrics"), atomically: true, encoding: .utf8)
    peer = try PeerProcess(tool: "python3", package: "python3") { port, _ in
      ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory.path]
    }
  }
}
