// Every on-disk name the log store uses, in one place. Layout: docs/format/logs.md.

enum LogFileNames {
  /// WAL files, named `GGGGGGGG-NNNN`: head generation and part within it.
  static let walDirectory = "wal"
  /// Immutable segment files, named `GGGGGGGG.seg` by the head generation they were cut from.
  static let segmentsDirectory = "segments"
  /// Segments that failed their checks at open are moved here, never deleted.
  static let quarantineDirectory = "quarantine"
  /// Pending deletions (`LogTombstoneFile`).
  static let tombstones = "tombstones"
  static let segmentSuffix = ".seg"

  static func digits(_ value: UInt64, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  static func walFile(generation: UInt64, part: Int) -> String {
    digits(generation, 8) + "-" + digits(UInt64(part), 4)
  }

  /// The generation and part of a WAL file name, or nil for anything else.
  static func parseWALFile(_ name: String) -> (generation: UInt64, part: Int)? {
    let pieces = name.split(separator: "-", omittingEmptySubsequences: false)
    guard pieces.count == 2, pieces[0].count == 8, pieces[1].count == 4,
      pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let generation = UInt64(pieces[0]), let part = Int(pieces[1])
    else { return nil }
    return (generation, part)
  }

  static func segmentFile(generation: UInt64) -> String { digits(generation, 8) + segmentSuffix }

  static func parseSegmentFile(_ name: String) -> UInt64? {
    guard name.hasSuffix(segmentSuffix) else { return nil }
    let stem = name.dropLast(segmentSuffix.count)
    guard stem.count >= 8, stem.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return UInt64(stem)
  }
}
