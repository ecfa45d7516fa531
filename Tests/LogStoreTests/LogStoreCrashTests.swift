// Kill -9 a writer at random moments; every batch it saw acknowledged must be there after reopen.
import Foundation
@testable import LogStore
import Testing
import WardenCore
import WardenTesting

// Generous: eight kill-and-replay rounds on a loaded two-core CI machine.
@Suite(.timeLimit(.minutes(6)))
struct LogStoreCrashTests {
  @Test(arguments: ["group", "every"])
  func acknowledgedBatchesSurviveSIGKILL(policy: String) async throws {
    let binary = try #require(
      CrashWriterRun.locate("log-crash-writer", environmentVariable: "LOG_CRASH_WRITER"), "log-crash-writer not built: run `swift build --build-tests`")
    let directory = temporaryLogDirectory()
    var acknowledged = Set<Int>()
    var nextFirst = 0
    var generator = SystemRandomNumberGenerator()
    for round in 0..<6 {
      let acks = try await CrashWriterRun.killedRound(
        binary, arguments: [directory, String(nextFirst), policy],
        killAfter: .milliseconds(Int.random(in: 50...500, using: &generator)))
      acknowledged.formUnion(acks)
      let roundAcks = acks.count
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
