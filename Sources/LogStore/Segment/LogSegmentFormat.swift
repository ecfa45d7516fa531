// Constants of the segment file layout (docs/format/logs.md): a 16-byte header, the compressed
// blocks, their n-gram filters, the index, and a 32-byte footer that locates and checks the rest.
import WardenCore

enum LogSegmentFormat {
  /// "WLSG".
  static let magic: UInt32 = 0x574C_5347
  static let version: UInt8 = 1
  static let headerSize = 16
  static let footerSize = 32
  /// An index claiming more streams or blocks than this is corruption.
  static let maxIndexEntries = 1 << 24
}

/// Where a block of a segment lives in its file.
struct LogSegmentBlock: Sendable {
  var info: LogBlockInfo
  var offset: Int
  var bloomOffset: Int
  var bloomBytes: Int
}

/// One stream's blocks in a segment, in the order they were sealed (arrival order).
struct LogSegmentStream: Sendable {
  var labels: Labels
  var blocks: [LogSegmentBlock]
  var minTimeNs: Int64
  var maxTimeNs: Int64
}
