// Kill -9 a writer at random moments; every batch it saw acknowledged must be there after reopen.
import Foundation
@testable import MetricStore
import Testing
import WardenCore
import WardenTesting

// Generous: eight kill-and-replay rounds on a loaded two-core CI machine.
@Suite(.timeLimit(.minutes(6)))
struct CrashTests {
  @Test(arguments: ["batched", "every"])
  func acknowledgedBatchesSurviveSIGKILL(policy: String) async throws {
    let binary = try #require(
      CrashWriterRun.locate("store-crash-writer", environmentVariable: "STORE_CRASH_WRITER"), "store-crash-writer not built: run `swift build --build-tests`")
    let directory = temporaryStoreDirectory()
    var acknowledged = Set<Int>()
    var nextFirst = 0
    var generator = SystemRandomNumberGenerator()
    for round in 0..<8 {
      let acks = try await CrashWriterRun.killedRound(
        binary, arguments: [directory, String(nextFirst), policy],
        killAfter: .milliseconds(Int.random(in: 50...600, using: &generator)))
      acknowledged.formUnion(acks)
      let roundAcks = acks.count
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
