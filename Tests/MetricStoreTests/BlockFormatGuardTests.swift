// Guards the block format (docs/format/metrics-block.md): a tiny fixed block must be written
// byte for byte as frozen here, and the frozen bytes must still open and read back. If either
// fails, the format changed: bump the version and keep reading the old one, or fix the bug.
import Codecs
import Foundation
@testable import MetricStore
import Testing
import WardenCore

struct BlockFormatGuardTests {
  static let id = "01J00000000000000000000000"

  /// {__name__="up", job="a"}: one chunk; {__name__="up", job="b", zone="z"}: two chunks.
  static let series = [
    BlockSeries(labels: labels(["__name__": "up", "job": "a"]), chunks: [blockChunk([(1000, 1), (2000, 1)])]),
    BlockSeries(
      labels: labels(["__name__": "up", "job": "b", "zone": "z"]),
      chunks: [blockChunk([(1000, 0.5)]), blockChunk([(5000, 2), (6000, 3)])]),
  ]

  /// header | chunk @5 (15 bytes) | chunk @25 (12 bytes) | chunk @42 (16 bytes); each + CRC32C.
  static let frozenChunks =
    "5742434801" + "0f" + "0002d00f3ff0000000000000d00f00" + "5b91ab87" + "0c" + "0001d00f3fe0000000000000" + "8a31917b"
    + "10" + "0002904e4000000000000000d00fd80c" + "bb35336d"
  /// header | symbols @5 | series @41 | postings @89 | label values @106 | table of contents.
  static let frozenIndex =
    "5742495801"
    + "0000001c" + "07085f5f6e616d655f5f01610162036a6f62027570017a047a6f6e65" + "ba159927"
    + "00000028" + "000000020000000c00000017" + "020004030101d00fe80705" + "0300040302060502d00f0019c03ee80711" + "537d2d47"
    + "00000009" + "020001010001010101" + "488ad6a1"
    + "0000000f" + "030001040003020103020506010507" + "a108ff25"
    + "0000000000000005" + "0000000000000029" + "0000000000000059" + "000000000000006a" + "880092aa"
  /// As written by Linux Foundation; compared as decoded JSON, since formatting is Foundation's.
  static let frozenMeta = """
    {
      "compaction" : {
        "level" : 1,
        "sources" : [

        ]
      },
      "id" : "01J00000000000000000000000",
      "maxTimeMs" : 7200000,
      "minTimeMs" : 0,
      "stats" : {
        "chunks" : 3,
        "samples" : 5,
        "series" : 2
      },
      "version" : 1
    }

    """
  static let frozenMetaValue = BlockMeta(
    id: id, minTimeMs: 0, maxTimeMs: 7_200_000, series: 2, chunks: 3, samples: 5, level: 1, sources: [])

  private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }

  private func bytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
  }

  @Test func writesTheFrozenBytes() throws {
    let blocks = temporaryStoreDirectory() + "/blocks"
    _ = try BlockWriter.write(Self.series, minTimeMs: 0, maxTimeMs: 7_200_000, level: 1, sources: [], into: blocks, id: Self.id)
    let directory = blocks + "/" + Self.id
    let chunks = try FileIO.read(directory + "/chunks")
    let index = try FileIO.read(directory + "/index")
    let meta = try BlockMeta.decode(try FileIO.read(directory + "/meta.json"), path: "meta.json")
    #expect(hex(chunks) == Self.frozenChunks)
    #expect(hex(index) == Self.frozenIndex)
    #expect(meta == Self.frozenMetaValue)
    #expect(try BlockMeta.decode(Array(Self.frozenMeta.utf8), path: "frozen") == Self.frozenMetaValue)
  }

  @Test func frozenBlockStillOpens() throws {
    let directory = temporaryStoreDirectory() + "/blocks/" + Self.id
    try FileIO.makeDirectory(directory)
    try FileIO.writeFile(directory + "/chunks", bytes(Self.frozenChunks))
    try FileIO.writeFile(directory + "/index", bytes(Self.frozenIndex))
    try FileIO.writeFile(directory + "/meta.json", Array(Self.frozenMeta.utf8))
    let block = try Block.open(directory)
    #expect(block.meta == Self.frozenMetaValue)
    #expect(try block.select([], startMs: .min, endMs: .max) == Self.series)
    #expect(try block.select([matcher(.equal, "zone", "")], startMs: .min, endMs: .max) == [Self.series[0]])
    #expect(try block.select([matcher(.equal, "job", "b")], startMs: 4000, endMs: 4500).isEmpty)
    #expect(block.labelValues("job") == ["a", "b"])
  }
}
