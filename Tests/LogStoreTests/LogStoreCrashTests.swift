// Kill -9 a writer at random moments; every batch it saw acknowledged must be there after reopen.
import Foundation
@testable import LogStore
import Testing
import WardenCore

@Suite(.timeLimit(.minutes(3)))
struct LogStoreCrashTests {
  private func writerBinary() throws -> URL {
    // The test bundle sits in the same build directory as the executables.
    let candidates = [
      ProcessInfo.processInfo.environment["LOG_CRASH_WRITER"],
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("log-crash-writer").path,
      ".build/debug/log-crash-writer",
    ].compactMap { $0 }
    let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    return URL(fileURLWithPath: try #require(found, "log-crash-writer not built: run `swift build --build-tests`"))
  }

  @Test(arguments: ["group", "every"])
  func acknowledgedBatchesSurviveSIGKILL(policy: String) async throws {
    let binary = try writerBinary()
    let directory = temporaryLogDirectory()
    var acknowledged = Set<Int>()
    var nextFirst = 0
    var generator = SystemRandomNumberGenerator()
    for round in 0..<6 {
      let process = Process()
      process.executableURL = binary
      process.arguments = [directory, String(nextFirst), policy]
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Start the clock at the first ack, so the kill lands while batches are written.
      let first = output.fileHandleForReading.availableData
      try await Task.sleep(for: .milliseconds(Int.random(in: 50...500, using: &generator)))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let text = String(decoding: first + output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      var roundAcks = 0
      for line in text.split(separator: "\n") {
        guard line.hasPrefix("ack "), let n = Int(line.dropFirst(4)) else { continue }
        acknowledged.insert(n)
        roundAcks += 1
      }
      #expect(roundAcks > 0, "round \(round): the writer acknowledged nothing before it was killed")
      nextFirst = (acknowledged.max() ?? nextFirst) + 1000

      var options = LogStoreOptions()
      options.retentionNs = 0
      let store = try openStore(directory, options: options)
      var stored = Set<String>()
      for record in try readAll(store, [matcher(.equal, "job", "crash")]) { stored.insert(record.line) }
      let missing = acknowledged.filter { n in (0..<20).contains { !stored.contains("b\(n) r\($0) " + String(repeating: "x", count: 40)) } }
      #expect(missing.isEmpty, "round \(round): lost acknowledged batches \(missing.sorted().prefix(10))")
      store.close()
    }
  }
}
