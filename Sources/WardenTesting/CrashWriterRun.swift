// The kill -9 tests of both stores: a child process appends batches and prints `ack N` once each
// is acknowledged; the test kills it with SIGKILL at a random moment and then checks, in process,
// that every acknowledged batch is in the reopened store. This finds the child and runs one round.
package import Foundation

package enum CrashWriterRun {
  /// The writer executable `name` (built beside the test bundle by `swift build --build-tests`),
  /// or the path in the environment variable `variable`; nil when neither exists.
  package static func locate(_ name: String, environmentVariable variable: String) -> URL? {
    let paths: [String?] = [
      ProcessInfo.processInfo.environment[variable],
      // The test bundle sits in the same build directory as the executables.
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name).path,
      ".build/debug/" + name,
    ]
    return paths.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
  }

  /// Starts `binary` with `arguments`, kills it with SIGKILL `killAfter` after its first output
  /// (so the kill lands while batches are written, not during start-up, however long replaying a
  /// growing WAL takes), and returns the batch numbers it printed as acknowledged.
  package static func killedRound(_ binary: URL, arguments: [String], killAfter: Duration) async throws -> [Int] {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let first = output.fileHandleForReading.availableData
    try await Task.sleep(for: killAfter)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let text = String(decoding: first + output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    // A line cut by the kill is not an acknowledgement we can trust to have been read whole.
    return text.split(separator: "\n").compactMap { line in
      line.hasPrefix("ack ") ? Int(line.dropFirst(4)) : nil
    }
  }
}
