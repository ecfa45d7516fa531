// Kill -9 a writer at random moments; every batch it saw acknowledged must be there after reopen.
import Foundation
@testable import MetricStore
import Testing
import WardenCore

@Suite(.timeLimit(.minutes(3)))
struct CrashTests {
  private func writerBinary() throws -> URL {
    // The test bundle sits in the same build directory as the executables.
    let candidates = [
      ProcessInfo.processInfo.environment["STORE_CRASH_WRITER"],
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("store-crash-writer").path,
      ".build/debug/store-crash-writer",
    ].compactMap { $0 }
    let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    return URL(fileURLWithPath: try #require(found, "store-crash-writer not built: run `swift build --build-tests`"))
  }

  @Test(arguments: ["batched", "every"])
  func acknowledgedBatchesSurviveSIGKILL(policy: String) async throws {
    let binary = try writerBinary()
    let directory = temporaryStoreDirectory()
    var acknowledged = Set<Int>()
    var nextFirst = 0
    var generator = SystemRandomNumberGenerator()
    for round in 0..<8 {
      let process = Process()
      process.executableURL = binary
      process.arguments = [directory, String(nextFirst), policy]
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Replaying a growing WAL takes longer each round: start the clock at the first ack, so the
      // kill lands while batches are being written, not during start-up.
      let first = output.fileHandleForReading.availableData
      try await Task.sleep(for: .milliseconds(Int.random(in: 50...600, using: &generator)))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let text = String(decoding: first + output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      var roundAcks = 0
      for line in text.split(separator: "\n") {
        // A line cut by the kill is not an acknowledgement we can trust to have been read whole.
        guard line.hasPrefix("ack "), let n = Int(line.dropFirst(4)) else { continue }
        acknowledged.insert(n)
        roundAcks += 1
      }
      #expect(roundAcks > 0, "round \(round): the writer acknowledged nothing before it was killed")
      nextFirst = (acknowledged.max() ?? nextFirst) + 1000

      // Reopen in-process and check every acknowledged batch, all 50 series.
      let store = try makeStore(directory: directory)
      let series = try store.select([matcher(.equal, "__name__", "crash_test")], startMs: .min, endMs: .max)
      #expect(series.count == 50)
      for entry in series {
        let seriesNumber = Int(entry.labels["series"])!
        var stored: [Int64: Double] = [:]
        for (t, v) in zip(entry.timestampsMs, entry.values) { stored[t] = v }
        let missing = acknowledged.filter { stored[Int64($0) * 1000] != Double($0 * 100 + seriesNumber) }
        #expect(missing.isEmpty, "round \(round), series \(seriesNumber): lost acknowledged batches \(missing.sorted().prefix(10))")
      }
      store.close()
    }
  }
}
