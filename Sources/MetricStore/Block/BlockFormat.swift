// Constants of the block file formats: magics, version, header and table-of-contents sizes.
// Byte-by-byte layout: docs/format/metrics-block.md.
import Codecs

enum BlockFormat {
  /// "WBCH": first 4 bytes of a `chunks` file.
  static let chunksMagic: UInt32 = 0x5742_4348
  /// "WBIX": first 4 bytes of an `index` file.
  static let indexMagic: UInt32 = 0x5742_4958
  /// The byte after the magic in both files.
  static let fileVersion: UInt8 = 1
  /// Magic + version.
  static let headerSize = 5
  /// The index's sections, in file and table-of-contents order.
  static let sectionNames = ["symbols", "series", "postings", "label values"]
  /// Four u64 BE section offsets and a u32 BE CRC32C of them.
  static let tocSize = 4 * 8 + 4
  /// A section: u32 BE body length, body, u32 BE CRC32C of the body.
  static let sectionOverhead = 8

  static func header(magic: UInt32) -> [UInt8] {
    var bytes: [UInt8] = []
    BigEndian.append(magic, to: &bytes)
    bytes.append(fileVersion)
    return bytes
  }
}
