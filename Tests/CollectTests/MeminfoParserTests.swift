// Tests of the /proc/meminfo parser and of how field names become family names.

@testable import Collect
import Testing

struct MeminfoParserTests {
  private func fields(_ text: String) -> [(String, UInt64, Bool)] {
    withBytes(text) { bytes in
      var result: [(String, UInt64, Bool)] = []
      MeminfoParser.forEachField(in: bytes) { result.append(($0.name.string(), $0.value, $0.isKilobytes)) }
      return result
    }
  }

  @Test func readsEveryLineWithItsUnit() {
    let parsed = fields(ProcFixtures.meminfo)
    #expect(parsed.count == 10)
    #expect(parsed[0] == ("MemTotal", 24_684_112, true))
    #expect(parsed[6] == ("HugePages_Total", 0, false))
  }

  @Test(arguments: [
    ("MemTotal", true, "node_memory_MemTotal_bytes"),
    ("Active(anon)", true, "node_memory_Active_anon_bytes"),
    ("Inactive(file)", true, "node_memory_Inactive_file_bytes"),
    ("HugePages_Total", false, "node_memory_HugePages_Total"),
    ("Weird-Name 2", false, "node_memory_Weird_Name_2"),
    ("9lives", false, "node_memory_9lives"),
  ])
  func familyNames(field: String, isKilobytes: Bool, expected: String) {
    let name = withBytes(field) { MeminfoParser.familyName(for: $0, isKilobytes: isKilobytes) }
    #expect(String(decoding: name, as: UTF8.self) == expected)
  }

  @Test(arguments: ["", "\n\n", "NoColon 12 kB\n", "Empty:\n", ":5 kB\n", "Neg: -5 kB\n"])
  func skipsDamagedLines(text: String) {
    #expect(fields(text).isEmpty)
  }
}
