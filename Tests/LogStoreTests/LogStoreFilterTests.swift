// The n-gram filters: a needle query opens only blocks that may hold the needle, and never misses
// one that does.
import Foundation
@testable import LogStore
import Testing
import WardenCore
import WardenTesting

@Suite struct LogStoreFilterTests {
  /// nginx-like lines, each with a unique 32-hex-digit request id.
  static func line(_ n: Int, _ generator: inout SeededGenerator) -> String {
    let id = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max, using: &generator) & 0xFFFF_FFFF, radix: 16) }
      .joined().padding(toLength: 32, withPad: "0", startingAt: 0)
    let status = [200, 200, 200, 404, 500][n % 5]
    return "10.0.\(n % 256).\(n % 7) - - [12/Mar/2025:10:\(n % 60):00 +0000] \"GET /api/v1/items/\(n % 1000) HTTP/1.1\" \(status) \(n % 5000) \"-\" \"curl/8.5\" request_id=\(id)"
  }

  @Test func needleQueryDecompressesFewBlocks() async throws {
    let store = try openStore(temporaryLogDirectory())
    defer { store.close() }
    let labels = streamLabels(["job": "nginx"])
    var generator = SeededGenerator(seed: 7)
    var lines: [String] = []
    var batch = LogBatch()
    for n in 0..<20_000 {
      let line = Self.line(n, &generator)
      lines.append(line)
      batch.append(stream: labels, timestampNs: baseNs + Int64(n) * 1000, line: line)
    }
    _ = try await store.append(batch)
    try await store.flush()
    let status = store.status()
    #expect(status.segmentBlocks >= 10)

    var opened = 0
    var skipped = 0
    var probes = 0
    for probe in stride(from: 17, to: 20_000, by: 499) {
      let needle = String(lines[probe].suffix(32))
      let before = store.status()
      let found = try readAll(store, [matcher(.equal, "job", "nginx")], needles: [needle]).filter { $0.line.contains(needle) }
      #expect(found.map(\.line) == [lines[probe]])
      let after = store.status()
      opened += after.blocksDecompressed - before.blocksDecompressed
      skipped += after.blocksSkippedByFilter - before.blocksSkippedByFilter
      probes += 1
    }
    #expect(opened + skipped == probes * status.segmentBlocks)
    // Each needle's own block must open. Of the others, the filters pass about 10% for such ids
    // (docs/format/logs.md): a needle with a single sampled gram passes a third of the blocks,
    // one with none (about 3% of 32-digit ids) passes all of them.
    let others = probes * (status.segmentBlocks - 1)
    #expect(opened >= probes)
    #expect(opened - probes <= others / 5, "opened \(opened - probes) of \(others) blocks without the needle")

    // A common word passes every filter: nothing may be skipped wrongly.
    let common = try readAll(store, [matcher(.equal, "job", "nginx")], needles: ["HTTP/1.1\" 404"]).filter { $0.line.contains("HTTP/1.1\" 404") }
    #expect(common.count == lines.filter { $0.contains("HTTP/1.1\" 404") }.count)
  }

  @Test func filtersNeverRuleOutAPresentSubstring() {
    var generator = SeededGenerator(seed: 99)
    for _ in 0..<200 {
      var lines = LogLines()
      for n in 0..<Int.random(in: 1...40, using: &generator) {
        let length = Int.random(in: 0...120, using: &generator)
        let bytes = (0..<length).map { _ in UInt8.random(in: 32...126, using: &generator) }
        lines.append(timestampNs: Int64(n), line: bytes)
      }
      let block = LogBlockCodec.seal(lines, order: Array(0..<lines.count), level: 1)
      for index in 0..<lines.count {
        let line = Array(lines.lineSlice(index))
        guard line.count > 0 else { continue }
        let start = Int.random(in: 0..<line.count, using: &generator)
        let end = Int.random(in: start...line.count, using: &generator)
        let probes = GramBloom.probes([Array(line[start..<end])])
        #expect(block.bloom.withUnsafeBytes { GramBloom.mayContain($0, probes: probes) })
      }
    }
  }
}
