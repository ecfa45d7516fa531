// Guards the block format (docs/format/metrics-block.md): a tiny fixed block must be written
// byte for byte as frozen here (version 4; zstd frames compared once decompressed, since zstd
// builds may compress differently), and the frozen bytes of versions 1 to 4 must still open
// and read back. If either fails, the format changed: bump the version and keep reading the old one,
// or fix the bug.
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

  /// Version 2: header | one zstd frame @5: compressed length 42, uncompressed length 33, the
  /// zstd frame (content size 33, one raw block), CRC32C of the zstd bytes.
  static let frozenChunks =
    "5742434802" + "0000002a" + "00000021"
    + "28b52ffd2021" + "090100" + "020a0002d00fd00f01000200" + "02070001d00f01010a" + "020a0002904ed00f01000402"
    + "00a140ec"
  /// The uncompressed frame: entries (encoding 2, uvarint length, decimal-delta chunk) @0, @12, @21.
  static let frozenFrame = "020a0002d00fd00f01000200" + "02070001d00f01010a" + "020a0002904ed00f01000402"
  /// As version 1, but version 2 in the header and chunk references 5 << 24 | 0, 12, 21.
  static let frozenIndex =
    "5742495802"
    + "0000001c" + "07085f5f6e616d655f5f01610162036a6f62027570017a047a6f6e65" + "ba159927"
    + "0000002e" + "000000020000000c0000001a" + "020004030101d00fe80780808028" + "0300040302060502d00f008c808028c03ee80709"
    + "a960a33f"
    + "00000009" + "020001010001010101" + "488ad6a1"
    + "0000000f" + "030001040003020103020506010507" + "a108ff25"
    + "0000000000000005" + "0000000000000029" + "000000000000005f" + "0000000000000070" + "c0e265af"

  /// Version 3: as version 2, but the writer tags its chunks encoding 3 (decimal-delta with
  /// value mode 3 allowed; these tiny chunks do not use it, so their bytes are version 2's).
  static let frozenChunksV3 =
    "5742434803" + "0000002a" + "00000021" + "28b52ffd2021" + "090100" + frozenFrameV3 + "66e3c21e"
  static let frozenFrameV3 = "030a0002d00fd00f01000200" + "03070001d00f01010a" + "030a0002904ed00f01000402"
  /// Version 3 index: as version 2 but the series section is count 2, 1 page, page @12: u32
  /// uncompressed length 42, then a zstd frame (here one raw block) of `frozenPageV3`.
  static let frozenIndexV3 =
    "5742495803"
    + "0000001c" + "07085f5f6e616d655f5f01610162036a6f62027570017a047a6f6e65" + "ba159927"
    + "00000043" + "00000002" + "00000001" + "0000000c" + "0000002a"
    + "28b52ffd202a510100" + frozenPageV3 + "3b147104"
    + "00000009" + "020001010001010101" + "488ad6a1"
    + "0000000f" + "030001040003020103020506010507" + "a108ff25"
    + "0000000000000005" + "0000000000000029" + "0000000000000074" + "0000000000000085" + "4db6c7c6"
  /// The page: entry offsets 8 and 22 (from the page's start), then the two entries as version 2's.
  static let frozenPageV3 =
    "00000008" + "00000016" + "020004030101d00fe80780808028" + "0300040302060502d00f008c808028c03ee80709"
  /// Version 4: as version 3, but the writer tags its chunks encoding 4 (decimal-planes): one
  /// zstd frame @5 of 47 bytes (one raw block) holding 38 bytes of entries @0, @13, @24.
  static let frozenChunksV4 =
    "5742434804" + "0000002f" + "00000026" + "28b52ffd2026310100" + frozenFrameV4 + "b1796d10"
  /// Entries (encoding 4, uvarint length, chunk): mode 1, exponent, factor 1, m0, width 0 (no
  /// residual bytes: one sample, or a repeated value) or width 1 and one plane byte.
  static let frozenFrameV4 =
    "040b" + "0002d00fd00f" + "0100010200" + "0409" + "0001d00f" + "0101010a00" + "040c" + "0002904ed00f" + "01000104" + "0102"
  /// Version 4 index: as version 3's, but the second series' chunk references are 5 << 24 | 13
  /// and | 24, so its page (and the section's CRC) differ.
  static let frozenIndexV4 =
    "5742495804"
    + "0000001c" + "07085f5f6e616d655f5f01610162036a6f62027570017a047a6f6e65" + "ba159927"
    + "00000043" + "00000002" + "00000001" + "0000000c" + "0000002a"
    + "28b52ffd202a510100" + frozenPageV4 + "2e11d7bb"
    + "00000009" + "020001010001010101" + "488ad6a1"
    + "0000000f" + "030001040003020103020506010507" + "a108ff25"
    + "0000000000000005" + "0000000000000029" + "0000000000000074" + "0000000000000085" + "4db6c7c6"
  static let frozenPageV4 =
    "00000008" + "00000016" + "020004030101d00fe80780808028" + "0300040302060502d00f008d808028c03ee8070b"
  /// The series section starts at byte 41; its body at 45, the page's zstd frame at 61.
  static let seriesSectionOffset = 41

  /// Version 1: header | chunk @5 (15 bytes) | chunk @25 (12 bytes) | chunk @42 (16 bytes); each + CRC32C.
  static let frozenChunksV1 =
    "5742434801" + "0f" + "0002d00f3ff0000000000000d00f00" + "5b91ab87" + "0c" + "0001d00f3fe0000000000000" + "8a31917b"
    + "10" + "0002904e4000000000000000d00fd80c" + "bb35336d"
  /// header | symbols @5 | series @41 | postings @89 | label values @106 | table of contents.
  static let frozenIndexV1 =
    "5742495801"
    + "0000001c" + "07085f5f6e616d655f5f01610162036a6f62027570017a047a6f6e65" + "ba159927"
    + "00000028" + "000000020000000c00000017" + "020004030101d00fe80705" + "0300040302060502d00f0019c03ee80711" + "537d2d47"
    + "00000009" + "020001010001010101" + "488ad6a1"
    + "0000000f" + "030001040003020103020506010507" + "a108ff25"
    + "0000000000000005" + "0000000000000029" + "0000000000000059" + "000000000000006a" + "880092aa"
  /// As written by Linux Foundation; compared as decoded JSON, since formatting is Foundation's.
  static let frozenMetaV1 = """
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
  static let frozenMeta = frozenMetaV1.replacing("\"version\" : 1", with: "\"version\" : 2")
  static let frozenMetaV3 = frozenMetaV1.replacing("\"version\" : 1", with: "\"version\" : 3")
  static let frozenMetaV4 = frozenMetaV1.replacing("\"version\" : 1", with: "\"version\" : 4")
  static let frozenMetaValueV4 = BlockMeta(
    version: 4, id: id, minTimeMs: 0, maxTimeMs: 7_200_000, series: 2, chunks: 3, samples: 5, level: 1, sources: [])
  static let frozenMetaValueV3 = BlockMeta(
    version: 3, id: id, minTimeMs: 0, maxTimeMs: 7_200_000, series: 2, chunks: 3, samples: 5, level: 1, sources: [])
  static let frozenMetaValue = BlockMeta(
    version: 2, id: id, minTimeMs: 0, maxTimeMs: 7_200_000, series: 2, chunks: 3, samples: 5, level: 1, sources: [])
  static let frozenMetaValueV1 = BlockMeta(
    version: 1, id: id, minTimeMs: 0, maxTimeMs: 7_200_000, series: 2, chunks: 3, samples: 5, level: 1, sources: [])

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
    // Header and uncompressed frame length as frozen (the frozen file holds a raw zstd block,
    // the writer's zstd may compress); the zstd bytes decompress to the frozen frame.
    #expect(hex(Array(chunks.prefix(5))) == String(Self.frozenChunksV4.prefix(10)))
    #expect(hex(Array(chunks[9..<13])) == String(Self.frozenChunksV4.dropFirst(18).prefix(8)))
    let compressedLength = Int(chunks[5]) << 24 | Int(chunks[6]) << 16 | Int(chunks[7]) << 8 | Int(chunks[8])
    try #require(chunks.count == 13 + compressedLength + 4)
    let compressed = Array(chunks[13..<13 + compressedLength])
    #expect(hex(Array(chunks.suffix(4))) == hex(bigEndian(CRC32C.checksum(compressed))))
    #expect(hex(try Zstd.decompress(compressed, expectedSize: 38)) == Self.frozenFrameV4)
    // Index: everything but the series page's zstd bytes as frozen (the section length, its CRC
    // and the table of contents follow from their size); the page decompresses to the frozen page.
    let start = Self.seriesSectionOffset
    let frozen = bytes(Self.frozenIndexV4)
    #expect(hex(Array(index.prefix(start + 4 + 16)).enumerated().filter { !(start..<start + 4).contains($0.offset) }.map(\.element))
      == hex(Array(frozen.prefix(start + 4 + 16)).enumerated().filter { !(start..<start + 4).contains($0.offset) }.map(\.element)))
    let length = index[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
    try #require(length > 16 && start + 8 + length <= index.count)
    let body = Array(index[start + 4..<start + 4 + length])
    #expect(hex(try Zstd.decompress(Array(body.dropFirst(16)), expectedSize: 42)) == Self.frozenPageV4)
    #expect(hex(Array(index[start + 4 + length..<start + 8 + length])) == hex(bigEndian(CRC32C.checksum(body))))
    let frozenLength = frozen[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
    #expect(hex(Array(index[(start + 8 + length)...].dropLast(36))) == hex(Array(frozen[(start + 8 + frozenLength)...].dropLast(36))))
    var toc: [UInt8] = []
    for offset in [5, start, start + 8 + length, start + 8 + length + 17] { BigEndian.append(UInt64(offset), to: &toc) }
    BigEndian.append(CRC32C.checksum(toc), to: &toc)
    #expect(hex(Array(index.suffix(36))) == hex(toc))
    #expect(meta == Self.frozenMetaValueV4)
    #expect(try BlockMeta.decode(Array(Self.frozenMetaV4.utf8), path: "frozen") == Self.frozenMetaValueV4)
  }

  @Test func frozenVersionFourBlockOpens() throws {
    let directory = try writeFrozen(chunks: Self.frozenChunksV4, index: Self.frozenIndexV4, meta: Self.frozenMetaV4)
    let block = try Block.open(directory)
    #expect(block.meta == Self.frozenMetaValueV4)
    let all = try block.select([], startMs: .min, endMs: .max)
    #expect(all.flatMap(\.chunks).allSatisfy { $0.encoding == .decimalPlanes })
    #expect(decoded(all) == decoded(Self.series))
    #expect(decoded(try block.select([matcher(.equal, "zone", "z")], startMs: .min, endMs: .max)) == decoded([Self.series[1]]))
    #expect(try block.select([matcher(.equal, "job", "b")], startMs: 4000, endMs: 4500).isEmpty)
    #expect(block.labelValues("zone") == ["z"])
  }

  @Test func frozenVersionThreeBlockOpens() throws {
    let directory = try writeFrozen(chunks: Self.frozenChunksV3, index: Self.frozenIndexV3, meta: Self.frozenMetaV3)
    let block = try Block.open(directory)
    #expect(block.meta == Self.frozenMetaValueV3)
    let all = try block.select([], startMs: .min, endMs: .max)
    #expect(all.flatMap(\.chunks).allSatisfy { $0.encoding == .decimalWithBase })
    #expect(decoded(all) == decoded(Self.series))
    #expect(decoded(try block.select([matcher(.equal, "zone", "z")], startMs: .min, endMs: .max)) == decoded([Self.series[1]]))
    #expect(try block.select([matcher(.equal, "job", "b")], startMs: 4000, endMs: 4500).isEmpty)
    #expect(block.labelValues("zone") == ["z"])
  }

  @Test func frozenBlockStillOpens() throws {
    let directory = try writeFrozen(chunks: Self.frozenChunks, index: Self.frozenIndex, meta: Self.frozenMeta)
    let block = try Block.open(directory)
    #expect(block.meta == Self.frozenMetaValue)
    let all = try block.select([], startMs: .min, endMs: .max)
    #expect(all.flatMap(\.chunks).allSatisfy { $0.encoding == .decimal })
    #expect(decoded(all) == decoded(Self.series))
    #expect(decoded(try block.select([matcher(.equal, "zone", "")], startMs: .min, endMs: .max)) == decoded([Self.series[0]]))
    #expect(try block.select([matcher(.equal, "job", "b")], startMs: 4000, endMs: 4500).isEmpty)
    #expect(block.labelValues("job") == ["a", "b"])
  }

  @Test func versionOneBlockStillOpens() throws {
    let directory = try writeFrozen(chunks: Self.frozenChunksV1, index: Self.frozenIndexV1, meta: Self.frozenMetaV1)
    let block = try Block.open(directory)
    #expect(block.meta == Self.frozenMetaValueV1)
    #expect(try block.select([], startMs: .min, endMs: .max) == Self.series)
    #expect(try block.select([matcher(.equal, "zone", "")], startMs: .min, endMs: .max) == [Self.series[0]])
    #expect(try block.select([matcher(.equal, "job", "b")], startMs: 4000, endMs: 4500).isEmpty)
    #expect(block.labelValues("job") == ["a", "b"])
  }

  /// Compaction rewrites older blocks (XOR chunks of version 1, encoding-3 chunks of version 3,
  /// each series here one chunk or two) as version 4 with every chunk in encoding 4.
  @Test(arguments: [1, 3])
  func olderBlockCompactsIntoVersionFour(version: Int) throws {
    let frozen =
      version == 1
      ? (Self.frozenChunksV1, Self.frozenIndexV1, Self.frozenMetaV1) : (Self.frozenChunksV3, Self.frozenIndexV3, Self.frozenMetaV3)
    let source = try Block.open(try writeFrozen(chunks: frozen.0, index: frozen.1, meta: frozen.2))
    let blocks = temporaryStoreDirectory() + "/blocks"
    let meta = try BlockCompactor.compact([source], into: blocks)
    let compacted = try Block.open(blocks + "/" + meta.id)
    #expect(compacted.meta.version == 4 && compacted.meta.samples == 5)
    let all = try compacted.select([], startMs: .min, endMs: .max)
    #expect(all.flatMap(\.chunks).allSatisfy { $0.encoding == .decimalPlanes })
    #expect(decoded(all) == decoded(Self.series))
  }

  private func writeFrozen(chunks: String, index: String, meta: String) throws -> String {
    let directory = temporaryStoreDirectory() + "/blocks/" + Self.id
    try FileIO.makeDirectory(directory)
    try FileIO.writeFile(directory + "/chunks", bytes(chunks))
    try FileIO.writeFile(directory + "/index", bytes(index))
    try FileIO.writeFile(directory + "/meta.json", Array(meta.utf8))
    return directory
  }

  private func bigEndian(_ value: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    BigEndian.append(value, to: &bytes)
    return bytes
  }
}
