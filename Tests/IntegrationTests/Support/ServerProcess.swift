// Starts the real `warden serve` binary as a child process on a free loopback port with its own
// temporary data directory, waits for readiness, and stops it by signal.
import Foundation
import Testing

/// A running `warden serve`. Stop it with `stop()`; `deinit` kills it if a test forgot.
final class ServerProcess: @unchecked Sendable {
  // @unchecked: `process` and the pipes are set once in init and only read afterwards; Foundation's
  // Process is thread-safe for terminate/isRunning/waitUntilExit.
  let process: Process
  let port: Int
  let dataDirectory: URL
  let baseURL: URL
  private let stderrFile: URL

  /// Launches `warden serve` (not waiting for readiness).
  init(arguments extra: [String] = [], dataDirectory: URL? = nil, port: Int? = nil) throws {
    self.port = try port ?? FreePort.find()
    self.dataDirectory = try dataDirectory ?? TemporaryDirectory.make(prefix: "warden-data")
    baseURL = URL(string: "http://127.0.0.1:\(self.port)")!
    stderrFile = try TemporaryDirectory.make(prefix: "warden-log").appendingPathComponent("stderr.log")
    _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
    process = Process()
    process.executableURL = try WardenBinary.url()
    process.arguments =
      ["serve", "--listen", "127.0.0.1:\(self.port)", "--data-dir", self.dataDirectory.path] + extra
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: stderrFile)
    try process.run()
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  /// Everything the server has logged so far.
  var log: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

  /// Polls `/-/ready` until it answers 200, failing with the log when it does not in time.
  func waitUntilReady(timeout: Duration = .seconds(30)) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      if !process.isRunning {
        Issue.record("warden exited with \(process.terminationStatus) before it was ready:\n\(log)")
        throw ServerProcessError.exited
      }
      // Only our own process counts: if the port was taken from under us, another server could
      // answer on it while ours has failed to bind.
      if let response = try? await HTTP.get(baseURL.appendingPathComponent("-/ready")), response.status == 200,
        log.contains("listening on 127.0.0.1:\(port)")
      {
        return
      }
      try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("warden was not ready after \(timeout):\n\(log)")
    throw ServerProcessError.timedOut
  }

  /// Sends `signal` and waits for the process to exit; returns its exit status.
  @discardableResult
  func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async throws -> Int32 {
    if process.isRunning { kill(process.processIdentifier, signal) }
    return try await waitForExit(timeout: timeout)
  }

  func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
      if ContinuousClock.now > deadline {
        kill(process.processIdentifier, SIGKILL)
        Issue.record("warden did not exit within \(timeout):\n\(log)")
        throw ServerProcessError.timedOut
      }
      try await Task.sleep(for: .milliseconds(50))
    }
    return process.terminationStatus
  }

  func get(_ path: String) async throws -> HTTPResult {
    try await HTTP.get(URL(string: path, relativeTo: baseURL)!)
  }

  func post(_ path: String) async throws -> HTTPResult {
    try await HTTP.send(URL(string: path, relativeTo: baseURL)!, method: "POST")
  }

  func send(_ path: String, method: String, body: Data, headers: [String: String] = [:]) async throws -> HTTPResult {
    try await HTTP.send(URL(string: path, relativeTo: baseURL)!, method: method, body: body, headers: headers)
  }
}

enum ServerProcessError: Error {
  case exited, timedOut
}

/// Locates the binary under test: `WARDEN_BINARY` (set by `make test`), else the debug build.
enum WardenBinary {
  static func url() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["WARDEN_BINARY"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    // Tests run from the package root under `swift test`.
    let candidates = [".build/debug/warden", ".build/x86_64-unknown-linux-gnu/debug/warden", ".build/release/warden"]
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
      return URL(fileURLWithPath: candidate).standardizedFileURL
    }
    Issue.record("no warden binary: run `swift build` first or set WARDEN_BINARY")
    throw ServerProcessError.exited
  }
}
