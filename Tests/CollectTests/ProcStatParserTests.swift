// Tests of the /proc/stat parser: per-CPU times and the system-wide counters.

@testable import Collect
import Testing

struct ProcStatParserTests {
  private func cpus(_ text: String) -> [CPUTimes] {
    withBytes(text) { bytes in
      var result: [CPUTimes] = []
      ProcStatParser.forEachCPU(in: bytes) { result.append($0) }
      return result
    }
  }

  @Test func readsEveryCPULineButNotTheAggregate() {
    let parsed = cpus(ProcFixtures.stat)
    #expect(parsed.map(\.cpu) == [0, 1])
    #expect(parsed[1].count == 10)
    #expect((0..<10).map { parsed[1][$0] } == [10489, 0, 2122, 12317, 804, 0, 37, 27, 5, 2])
  }

  @Test func olderKernelsHaveFewerColumns() {
    let parsed = cpus(ProcFixtures.statOldKernel)
    #expect(parsed.count == 1)
    #expect(parsed[0].count == 7)
    #expect(parsed[0][6] == 1)
  }

  @Test func readsTheTotals() {
    let totals = withBytes(ProcFixtures.stat, ProcStatParser.totals)
    #expect(
      totals
        == ProcStatTotals(
          contextSwitches: 345951, interrupts: 168030, bootTime: 1_795_221_252, forks: 9415, procsRunning: 4,
          procsBlocked: 1))
  }

  @Test func missingLinesAreNil() {
    let totals = withBytes(ProcFixtures.statOldKernel, ProcStatParser.totals)
    #expect(totals.procsRunning == nil)
    #expect(totals.procsBlocked == nil)
    #expect(totals.bootTime == 1_000_000_000)
  }

  @Test(arguments: [
    "", "cpu0\n", "cpu0 1 2 3\n", "cpux 1 2 3 4\n", "cpu 1 2 3 4\n", "cpu-1 1 2 3 4\n",
    "cpu99999999999 1 2 3 4\n",
  ])
  func skipsDamagedOrIrrelevantLines(text: String) {
    #expect(cpus(text).isEmpty)
  }

  @Test func skipsARepeatedCPU() {
    let parsed = cpus("cpu0 1 2 3 4\ncpu1 1 2 3 4\ncpu1 9 9 9 9\ncpu0 5 5 5 5\ncpu2 1 1 1 1\n")
    #expect(parsed.map(\.cpu) == [0, 1, 2])
    #expect(parsed[1][0] == 1)
  }

  @Test func stopsAtTenColumns() {
    let parsed = cpus("cpu3 1 2 3 4 5 6 7 8 9 10 11 12\n")
    #expect(parsed.first?.count == 10)
    #expect(parsed.first?[9] == 10)
  }
}
