// Every on-disk name the metric store uses, in one place.

enum FileNames {
  /// The store's directory inside the data directory.
  static let storeDirectory = "metrics"
  /// Write-ahead log segments live here, named by 8-digit sequence number.
  static let walDirectory = "wal"

  static func walSegment(_ index: Int) -> String {
    let digits = String(index)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  /// A WAL checkpoint: the live series and the samples still needed from segments up to and
  /// including `index`, which it replaces.
  static func walCheckpoint(_ index: Int) -> String { "checkpoint." + walSegment(index) }

  static func walCheckpointIndex(_ name: String) -> Int? {
    guard name.hasPrefix("checkpoint.") else { return nil }
    return walSegmentIndex(String(name.dropFirst("checkpoint.".count)))
  }

  /// The index of a segment file name, or nil for anything else in the directory.
  static func walSegmentIndex(_ name: String) -> Int? {
    guard name.count == 8, name.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(name)
  }
}

extension FileNames {
  /// Persistent blocks live here, one directory per block, named by its 26-character id.
  static let blocksDirectory = "blocks"
  /// Downsampled copies of blocks, by resolution (`downsampled/5m/<id>`, `downsampled/1h/<id>`).
  static let downsampledDirectory = "downsampled"
  /// Blocks that failed their checks at start-up are moved here, never deleted.
  static let quarantineDirectory = "quarantine"
  /// A block's chunk file (framed XOR chunks).
  static let blockChunks = "chunks"
  /// A block's index file (symbols, series, postings, label values, table of contents).
  static let blockIndex = "index"
  /// A block's metadata, written last: a block without it is not complete.
  static let blockMeta = "meta.json"
  /// Deletions recorded against a block (optional; applied at read and at compaction).
  static let blockTombstones = "tombstones.json"
  /// Suffix of a block directory still being written; never opened as a block.
  static let blockTemporarySuffix = ".tmp"
}
