// Real peers the receiver tests talk to: the Python scripts next to this folder (an HTTP server
// standing in for each service, an aiosmtpd SMTP server) or aiosmtpd's own command line, started
// on a port they choose, stopped by PID when the test lets go of them.
import Foundation
import Testing

/// A started peer process. `@unchecked Sendable`: every stored property is set in init and only
/// read afterwards; `kill` by PID is safe from any thread.
final class ReceiverPeer: @unchecked Sendable {
  let process: Process
  let port: Int
  let directory: URL

  static let peersDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Peers")

  /// Starts `python3 <script> <arguments>` (arguments may use the peer's directory), waits for
  /// its "PORT n" line.
  init(script: String, arguments: (URL) -> [String], needsAIOSMTPD: Bool = false) async throws {
    try PeerRequirements.check(aiosmtpd: needsAIOSMTPD)
    directory = try TestFiles.temporaryDirectory("peer")
    let output = directory.appendingPathComponent("stdout.txt")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Self.peersDirectory.appendingPathComponent(script).path] + arguments(directory)
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("stderr.txt").createdEmpty())
    try process.run()
    port = try await Self.waitForPort(output, process: process, directory: directory)
  }

  /// Starts `python3 -m aiosmtpd ...` itself (the command line operators use), on a free port.
  init(aiosmtpdArguments: (Int, URL) -> [String]) async throws {
    try PeerRequirements.check(aiosmtpd: true)
    directory = try TestFiles.temporaryDirectory("aiosmtpd")
    port = try TestFiles.freePort()
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-m", "aiosmtpd"] + aiosmtpdArguments(port, directory)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("stderr.txt").createdEmpty())
    try process.run()
    try await Self.waitForListener(port: port, process: process, directory: directory)
  }

  deinit { stop() }

  func stop() {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  private static func waitForPort(_ output: URL, process: Process, directory: URL) async throws -> Int {
    // Generous: Python starts slowly on a loaded two-core machine.
    for _ in 0..<300 {
      if let text = try? String(contentsOf: output, encoding: .utf8), let line = text.split(separator: "\n").first,
        line.hasPrefix("PORT "), let port = Int(line.dropFirst(5))
      {
        return port
      }
      if !process.isRunning { break }
      try await Task.sleep(for: .milliseconds(100))
    }
    let stderr = (try? String(contentsOf: directory.appendingPathComponent("stderr.txt"), encoding: .utf8)) ?? ""
    throw PeerError("peer \(process.arguments?.dropFirst().first ?? "") did not start: \(stderr.suffix(600))")
  }

  private static func waitForListener(port: Int, process: Process, directory: URL) async throws {
    for _ in 0..<300 {
      if TestFiles.canConnect(port: port) { return }
      if !process.isRunning { break }
      try await Task.sleep(for: .milliseconds(100))
    }
    let stderr = (try? String(contentsOf: directory.appendingPathComponent("stderr.txt"), encoding: .utf8)) ?? ""
    throw PeerError("aiosmtpd did not start on port \(port): \(stderr.suffix(600))")
  }
}

struct PeerError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// python3 and aiosmtpd must be installed; the failure says how to get them.
enum PeerRequirements {
  static func check(aiosmtpd: Bool) throws {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", aiosmtpd ? "import aiosmtpd" : "pass"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    do {
      try probe.run()
      probe.waitUntilExit()
    } catch {
      throw PeerError("python3 is missing: run `make test` (scripts/install-deps.sh test installs python3 and aiosmtpd)")
    }
    guard probe.terminationStatus == 0 else {
      throw PeerError(
        aiosmtpd
          ? "Python's aiosmtpd is missing: run `make test` (scripts/install-deps.sh test installs it)"
          : "python3 is missing: run `make test` (scripts/install-deps.sh test installs python3 and aiosmtpd)")
    }
  }
}

extension URL {
  /// Creates the file empty and returns its URL.
  func createdEmpty() -> URL {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    return self
  }
}
