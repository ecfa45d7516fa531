// Tests of the /proc/diskstats parser, node_exporter's device exclusion and the udev properties.

@testable import Collect
import Testing

struct DiskstatsParserTests {
  @Test func keepsWholeDisksOnly() {
    let rows = withBytes(ProcFixtures.diskstats, DiskstatsParser.parse)
    #expect(rows.map(\.device) == ["vda", "zram0", "nvme0n1"])
    #expect(rows[0].fields.count == 17)
    #expect(rows[0].major == 254 && rows[0].minor == 0)
    #expect(rows[0].fields[2] == 3_110_266)
    #expect(rows[0].fields[16] == 113)
    // A pre-4.18 kernel line: only the 11 classic columns.
    #expect(rows[2].fields.count == 11)
  }

  @Test(arguments: [
    ("sda", false), ("sda1", true), ("sdaa1", false), ("vda", false), ("vda15", true), ("xvda1", true),
    ("hdb2", true), ("loop0", true), ("loop", false), ("ram12", true), ("fd0", true), ("zram0", false),
    ("nvme0n1", false), ("nvme0n1p1", true), ("nvme12n3p45", true), ("nvmen1p1", false), ("nvme0np1", false),
    ("dm-0", false), ("md127", false), ("mmcblk0", false), ("mmcblk0p1", false), ("sr0", false), ("", false),
  ])
  func excludesLikeNodeExporter(device: String, excluded: Bool) {
    #expect(withBytes(device) { DiskstatsParser.isExcluded(device: $0) } == excluded)
  }

  @Test(arguments: ["", "\n", "8 0\n", "8 0 sdb\n", "x y sdb 1 2 3\n", "8 0 sdb x 1\n"])
  func skipsDamagedLines(text: String) {
    #expect(withBytes(text, DiskstatsParser.parse).isEmpty)
  }

  @Test func keepsTheFirstOfARepeatedDevice() {
    let rows = withBytes("8 0 sdb 1 2 3\n8 16 sdb 4 5 6\n", DiskstatsParser.parse)
    #expect(rows == [DiskstatsRow(major: 8, minor: 0, device: "sdb", fields: [1, 2, 3])])
  }

  @Test func readsUdevProperties() {
    let properties = withBytes(ProcFixtures.udevVDA, UdevDeviceProperties.init(parsing:))
    #expect(properties.path == "pci-0000:00:04.0")
    #expect(properties.model == "QEMU HARDDISK")
    #expect(properties.revision == "2.5+")
    #expect(properties.serial == "QM00001")
    #expect(properties.wwn == "0x5000c500a1b2c3d4")
    #expect(withBytes("E:ID_MODEL\nE=x\nS:y\n", UdevDeviceProperties.init(parsing:)) == UdevDeviceProperties())
  }
}
