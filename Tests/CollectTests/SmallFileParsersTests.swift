// Tests of the parsers of one-line files: loadavg, file-nr, single values, word lists and vmstat.

@testable import Collect
import Testing

struct SmallFileParsersTests {
  @Test func loadavg() {
    let loads = withBytes(ProcFixtures.loadavg, LoadavgParser.parse)
    #expect(loads?.0 == 2.56 && loads?.1 == 0.94 && loads?.2 == 0.35)
  }

  @Test(arguments: ["", "1.0 2.0\n", "a b c\n", "1,5 2 3\n"])
  func damagedLoadavg(text: String) {
    #expect(withBytes(text, LoadavgParser.parse) == nil)
  }

  @Test func fileNr() {
    let parsed = withBytes(ProcFixtures.fileNr, FileNrParser.parse)
    #expect(parsed?.allocated == 950 && parsed?.maximum == 2_465_787)
    #expect(withBytes("950 0\n", FileNrParser.parse) == nil)
  }

  @Test(arguments: [("256\n", UInt64(256)), ("  7 ", 7), ("", nil), ("x\n", nil), ("1 2\n", nil)] as [(String, UInt64?)])
  func singleValues(text: String, expected: UInt64?) {
    #expect(withBytes(text, SingleValueParser.parse) == expected)
  }

  private func words(_ text: String) -> [String] {
    withBytes(text) { bytes in
      var words: [String] = []
      SingleValueParser.forEachDistinctWord(in: bytes) { words.append($0.string()) }
      return words
    }
  }

  @Test func wordsAreDistinct() {
    #expect(words("tsc kvm-clock tsc \n hpet tsc\n") == ["tsc", "kvm-clock", "hpet"])
    #expect(words("tsc tsc2 ts\n") == ["tsc", "tsc2", "ts"])
    #expect(words("").isEmpty)
  }

  @Test func vmstatSelectsNodeExportersDefaultFields() {
    let names = withBytes(ProcFixtures.vmstat) { bytes in
      var names: [String] = []
      VmstatParser.forEachField(in: bytes) { name, _ in
        if VmstatParser.isReported(name) { names.append(name.string()) }
      }
      return names
    }
    #expect(names == ["pgpgin", "pgpgout", "pswpin", "pswpout", "pgfault", "pgmajfault", "oom_kill"])
  }

  @Test(arguments: [
    ("pgfault", true), ("pgmajfault", true), ("pgfaultx", true), ("pg_fault", true), ("pgfaul", false),
    ("thp_fault_alloc", false), ("oom_kill", true), ("oom_killer", true), ("oom", false), ("pgpgin", true),
    ("pswpout", true), ("pgsteal", false), ("pg", false),
  ])
  func vmstatSelection(name: String, reported: Bool) {
    #expect(withBytes(name, VmstatParser.isReported) == reported)
  }
}
