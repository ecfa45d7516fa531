// Seeded random and mutated input into every parser and into a whole collection: nothing may
// trap, and the exposition must stay well-formed whatever the files hold.

import Foundation
@testable import Collect
import Testing
import WardenTesting

/// Makes damaged variants of a file the way real damage and odd kernels look: flipped and
/// inserted bytes, separators in odd places, huge numbers, cut-off and shuffled lines.
enum Mutator {
  private static let tokens: [[UInt8]] = [
    Array(" ".utf8), Array("\t".utf8), Array("\n".utf8), Array(":".utf8), Array("(".utf8), Array(")".utf8),
    Array("\\".utf8), Array("\\04".utf8), Array("\\040".utf8), Array("-".utf8), Array(".".utf8), Array("kB".utf8),
    Array("99999999999999999999999".utf8), Array("18446744073709551615".utf8), Array("0".utf8), Array("cpu".utf8),
    Array("cpu0".utf8), Array("|".utf8), Array("\"".utf8), [0], [0xFF], [0xC3], Array("é".utf8), Array("lo".utf8),
  ]

  static func mutate(_ input: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...6, using: &random) {
      switch Int.random(in: 0..<8, using: &random) {
      case 0 where !bytes.isEmpty:
        bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
      case 1:
        let token = tokens.randomElement(using: &random)!
        bytes.insert(contentsOf: token, at: Int.random(in: 0...bytes.count, using: &random))
      case 2 where !bytes.isEmpty:
        bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)..<bytes.count)
      case 3 where !bytes.isEmpty:
        let start = Int.random(in: 0..<bytes.count, using: &random)
        let end = min(bytes.count, start + Int.random(in: 1...20, using: &random))
        bytes.removeSubrange(start..<end)
      case 4:
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if let line = lines.randomElement(using: &random) {
          lines.insert(line, at: Int.random(in: 0...lines.count, using: &random))
        }
        bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
      case 5:
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.shuffle(using: &random)
        bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
      case 6:
        bytes = (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
      default:
        let token = tokens.randomElement(using: &random)!
        bytes.append(contentsOf: token)
      }
    }
    return bytes
  }
}

struct FuzzTests {
  /// Runs `body` on `count` mutants of `seed`, for a fixed list of generator seeds.
  private func mutants(of seed: String, count: Int = 400, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    var random = SeededGenerator(seed: UInt64(truncatingIfNeeded: seed.utf8.count) &* 7919)
    let original = Array(seed.utf8)
    for _ in 0..<count {
      let mutant = Mutator.mutate(original, using: &random)
      mutant.withUnsafeBufferPointer(body)
    }
  }

  @Test func procStat() {
    mutants(of: ProcFixtures.stat) { bytes in
      ProcStatParser.forEachCPU(in: bytes) { times in
        #expect(times.count >= 4 && times.count <= 10)
      }
      _ = ProcStatParser.totals(in: bytes)
    }
  }

  @Test func meminfoNamesAreAlwaysValid() {
    mutants(of: ProcFixtures.meminfo) { bytes in
      MeminfoParser.forEachField(in: bytes) { field in
        let name = String(decoding: MeminfoParser.familyName(for: field.name, isKilobytes: field.isKilobytes), as: UTF8.self)
        #expect(ExpositionValidator.isMetricName(name))
      }
    }
  }

  @Test func smallFiles() {
    mutants(of: ProcFixtures.loadavg) { _ = LoadavgParser.parse($0) }
    mutants(of: ProcFixtures.fileNr) { _ = FileNrParser.parse($0) }
    mutants(of: "256\n") { _ = SingleValueParser.parse($0) }
    mutants(of: "tsc kvm-clock \n") { bytes in
      var parsed: [[UInt8]] = []
      SingleValueParser.forEachDistinctWord(in: bytes) { parsed.append(Array($0)) }
      #expect(Set(parsed).count == parsed.count)
    }
    mutants(of: ProcFixtures.vmstat) { bytes in
      VmstatParser.forEachField(in: bytes) { name, _ in _ = VmstatParser.isReported(name) }
    }
    mutants(of: ProcFixtures.udevVDA) { _ = UdevDeviceProperties(parsing: $0) }
  }

  @Test func mountsDevicesAndInterfaces() {
    mutants(of: ProcFixtures.mounts) { bytes in
      let mounts = FilesystemCollector.reportedMounts(bytes, rootPath: "/")
      let keys = mounts.map { [$0.device, $0.mountPoint, $0.fsType] }
      #expect(Set(keys).count == keys.count)
    }
    mutants(of: ProcFixtures.diskstats) { bytes in
      let rows = DiskstatsParser.parse(bytes)
      #expect(Set(rows.map(\.device)).count == rows.count)
      #expect(rows.allSatisfy { !$0.fields.isEmpty && $0.fields.count <= CounterRow.capacity })
    }
    mutants(of: ProcFixtures.netDev) { bytes in
      let rows = NetDevParser.parse(bytes)
      #expect(Set(rows.map(\.device)).count == rows.count)
      #expect(rows.allSatisfy { $0.counters.count <= NetDevParser.columnCount && $0.device != "lo" })
    }
  }

  @Test func processFiles() {
    mutants(of: ProcFixtures.selfStat) { _ = ProcSelfStatParser.parse($0) }
    mutants(of: ProcFixtures.limits) { _ = ProcLimitsParser.parse($0) }
  }

  /// Whole collections over a tree whose files are all damaged at once.
  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func collectionsStayValid(seed: UInt64) throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    let files: [(String, String)] = [
      ("proc/stat", ProcFixtures.stat), ("proc/loadavg", ProcFixtures.loadavg), ("proc/meminfo", ProcFixtures.meminfo),
      ("proc/1/mounts", ProcFixtures.mounts), ("proc/diskstats", ProcFixtures.diskstats),
      ("proc/net/dev", ProcFixtures.netDev), ("proc/sys/fs/file-nr", ProcFixtures.fileNr),
      ("proc/vmstat", ProcFixtures.vmstat), ("root/run/udev/data/b254:0", ProcFixtures.udevVDA),
      ("sys/devices/system/clocksource/clocksource0/available_clocksource", "tsc kvm-clock \n"),
    ]
    var random = SeededGenerator(seed: seed)
    let collector = HostCollector(procPath: tree.procPath, sysPath: tree.sysPath, rootPath: tree.rootPath)
    for round in 0..<25 {
      for (path, contents) in files {
        try tree.write(path, Data(Mutator.mutate(Array(contents.utf8), using: &random)))
      }
      var validator = ExpositionValidator()
      let problems = validator.validate(exposition(of: collector))
      #expect(problems.isEmpty, "seed \(seed) round \(round): \(problems.prefix(3))")
    }
  }
}
