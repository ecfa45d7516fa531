// Tests of the /proc/net/dev parser.

@testable import Collect
import Testing

struct NetDevParserTests {
  @Test func readsInterfacesButNotLoopback() {
    let rows = withBytes(ProcFixtures.netDev, NetDevParser.parse)
    #expect(rows.map(\.device) == ["ifb0", "eth0"])
    #expect(rows[1].counters == [46_792_127, 948, 1, 2, 3, 4, 5, 6, 42186, 507, 7, 8, 9, 10, 11, 12])
  }

  @Test func shortLinesKeepWhatTheyHave() {
    let rows = withBytes("  wlan0: 1 2 3\n", NetDevParser.parse)
    #expect(rows == [NetDevRow(device: "wlan0", counters: [1, 2, 3])])
  }

  @Test(arguments: ["", "Inter-|   Receive\n face |bytes\n", ": 1 2 3\n", "   : 1\n"])
  func skipsHeadersAndNamelessLines(text: String) {
    #expect(withBytes(text, NetDevParser.parse).isEmpty)
  }

  @Test func keepsTheFirstOfARepeatedInterface() {
    let rows = withBytes("eth0: 1\neth0: 2\n", NetDevParser.parse)
    #expect(rows == [NetDevRow(device: "eth0", counters: [1])])
  }
}
