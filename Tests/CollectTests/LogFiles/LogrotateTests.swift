// The tailer under the real `logrotate` (Debian's package), forced to rotate a file twice while
// lines are written: `create` (rename, then a new file) and `copytruncate`. Skipped, saying so,
// when the binary is not installed.

@testable import Collect
import Foundation
import Testing
import WardenCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

@Suite(.serialized)
struct LogrotateTests {
  static let binary = ["/usr/sbin/logrotate", "/usr/bin/logrotate", "/sbin/logrotate"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// Runs `logrotate -f -s <state> <config>` for `path` with `mode` (`create` or `copytruncate`).
  private func logrotate(_ path: String, mode: String, in directory: ScratchDirectory) throws {
    let config = directory("logrotate.conf")
    try Data("\(path) {\n  rotate 5\n  \(mode)\n  missingok\n  nocompress\n}\n".utf8).write(to: URL(fileURLWithPath: config))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(Self.binary))
    process.arguments = ["-f", "-s", directory("logrotate.state"), config]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 0, "logrotate failed: \(message)")
  }

  /// `create`: logrotate renames app.log to app.log.1 (and .1 to .2) and creates a new app.log,
  /// while a writer that opens the file for every line keeps appending.
  @Test(.enabled(if: binary != nil, "logrotate is not installed (apt-get install -y logrotate)"))
  func createModeRotationWhileWriting() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    append("", to: path)
    let received = ReceivedLines()
    let running = RunningTailer([try LogFileConfiguration(paths: [directory("*.log")])], options: fastOptions(), into: received)
    let expected = numberedLines("line", 0..<400)

    let writer = Task {
      for line in expected {
        // Without O_CREAT: between logrotate's rename and its create the path is missing for a
        // moment, and creating it here would make logrotate's create fail.
        var descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        while descriptor < 0 {
          try await Task.sleep(for: .milliseconds(1))
          descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        }
        writeAll(descriptor, line + "\n")
        close(descriptor)
        try await Task.sleep(for: .milliseconds(2))
      }
    }
    try await Task.sleep(for: .milliseconds(250))
    try logrotate(path, mode: "create", in: directory)
    try await Task.sleep(for: .milliseconds(250))
    try logrotate(path, mode: "create", in: directory)
    try await writer.value

    #expect(FileManager.default.fileExists(atPath: directory("app.log.2")))
    #expect(await eventually { await received.count >= expected.count })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await received.lines(of: path) == expected)
    #expect(running.tailer.metrics.rotations >= 2)
  }

  /// `copytruncate`: logrotate copies app.log to app.log.1 and truncates app.log, while the
  /// writer keeps its O_APPEND descriptor. The writer pauses around the rotation because lines
  /// written between the copy and the truncate are lost by copytruncate itself.
  @Test(.enabled(if: binary != nil, "logrotate is not installed (apt-get install -y logrotate)"))
  func copytruncateModeRotationWhileWriting() async throws {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    let path = directory("app.log")
    let received = ReceivedLines()
    let running = RunningTailer([try LogFileConfiguration(paths: [directory("*.log")])], options: fastOptions(), into: received)
    let expected = numberedLines("line", 0..<300)

    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    for (index, line) in expected.enumerated() {
      writeAll(descriptor, line + "\n")
      if index == 100 || index == 200 {
        #expect(await eventually { await received.count == index + 1 })
        try logrotate(path, mode: "copytruncate", in: directory)
      }
      try await Task.sleep(for: .milliseconds(2))
    }
    close(descriptor)

    #expect(FileManager.default.fileExists(atPath: directory("app.log.2")))
    #expect(await eventually { await received.count >= expected.count })
    try await Task.sleep(for: .milliseconds(100))
    await running.stop()
    #expect(await received.lines(of: path) == expected)
    #expect(running.tailer.metrics.truncations == 2)
  }
}
