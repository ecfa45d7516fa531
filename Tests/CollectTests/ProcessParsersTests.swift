// Tests of the /proc/self/stat and /proc/self/limits parsers.

@testable import Collect
import Testing

struct ProcessParsersTests {
  @Test func selfStatCountsFieldsFromTheLastParenthesis() {
    let stat = withBytes(ProcFixtures.selfStat, ProcSelfStatParser.parse)
    #expect(
      stat
        == ProcSelfStat(userTicks: 250, systemTicks: 75, startTicks: 25968, virtualBytes: 3_133_440, residentPages: 412))
  }

  @Test(arguments: ["", "1 (x) S 1 2 3\n", "no parenthesis 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22\n"])
  func damagedSelfStat(text: String) {
    #expect(withBytes(text, ProcSelfStatParser.parse) == nil)
  }

  @Test func limits() {
    let limits = withBytes(ProcFixtures.limits, ProcLimitsParser.parse)
    #expect(limits == ProcessLimits(openFiles: 20000, addressSpace: UInt64.max))
    #expect(withBytes("", ProcLimitsParser.parse) == ProcessLimits())
    #expect(withBytes("Max open files  lots  lots files\n", ProcLimitsParser.parse) == ProcessLimits())
  }
}
