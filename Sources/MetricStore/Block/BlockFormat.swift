// Constants of the block file formats: magics, versions, header and table-of-contents sizes,
// version 2's zstd frames and chunk references.
// Byte-by-byte layout: docs/format/metrics-block.md.
import Codecs

enum BlockFormat {
  /// "WBCH": first 4 bytes of a `chunks` file.
  static let chunksMagic: UInt32 = 0x5742_4348
  /// "WBIX": first 4 bytes of an `index` file.
  static let indexMagic: UInt32 = 0x5742_4958
  /// The byte after the magic in both files: the version this code writes. Equals `meta.json`'s.
  static let fileVersion: UInt8 = 4
  /// Versions this code reads: 1 (framed XOR chunks), 2 (zstd frames of tagged chunks), 3 (as 2,
  /// with the index's series section in zstd-compressed pages) and 4 (as 3, with chunks of
  /// encoding 4).
  static let readableVersions: ClosedRange<UInt8> = 1...4
  /// Version 3: series per page of the index's series section.
  static let seriesPerPage = 128
  /// Version 3: the largest uncompressed series page a reader accepts.
  static let maxSeriesPageBytes = 16 << 20
  /// Magic + version.
  static let headerSize = 5
  /// The index's sections, in file and table-of-contents order.
  static let sectionNames = ["symbols", "series", "postings", "label values"]
  /// Four u64 BE section offsets and a u32 BE CRC32C of them.
  static let tocSize = 4 * 8 + 4
  /// A section: u32 BE body length, body, u32 BE CRC32C of the body.
  static let sectionOverhead = 8

  // MARK: Version 2 chunks file

  /// A zstd frame is closed once its uncompressed chunk entries reach this size. Larger frames
  /// compress better (more similar series to match against) but cost a read of one series more.
  static let frameTargetBytes = 256 << 10
  /// The zstd level of the frames: 13 is where zstd's optimal parser starts; higher levels save
  /// almost nothing more on chunk data (0.1 %) at half the speed (about 28 MB/s here).
  static let zstdLevel: Int32 = 13
  /// Low bits of a version-2 chunk reference: the offset inside the uncompressed frame. The high
  /// bits are the frame's byte offset in the file.
  static let refInnerBits: UInt64 = 24
  /// The largest uncompressed frame a reader accepts (the inner offset must fit its bits).
  static let maxFrameBytes = 1 << 24
  /// A frame: u32 BE compressed length, u32 BE uncompressed length, zstd bytes, u32 BE CRC32C.
  static let frameHeaderSize = 8

  /// The version-2 reference of the chunk entry at `inner` in the frame at file offset `frame`.
  static func ref(frame: Int, inner: Int) -> UInt64 {
    UInt64(frame) << refInnerBits | UInt64(inner)
  }

  /// The frame offset and inner offset of a version-2 reference.
  static func split(_ ref: UInt64) -> (frame: UInt64, inner: Int) {
    (ref >> refInnerBits, Int(ref & (1 << refInnerBits - 1)))
  }

  static func header(magic: UInt32, version: UInt8 = fileVersion) -> [UInt8] {
    var bytes: [UInt8] = []
    BigEndian.append(magic, to: &bytes)
    bytes.append(version)
    return bytes
  }
}
