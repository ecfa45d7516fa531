// One block: the records of one stream sorted by time, compressed together (zstd), with what a
// reader needs to decide without decompressing it whether to open it: time range, counts, and
// the n-gram filter of its lines. Held in memory once sealed from a head, and as an index entry
// pointing into a segment file once written.

/// What a segment index or a sealed head block says about one block.
struct LogBlockInfo: Sendable, Equatable {
  var minTimeNs: Int64
  var maxTimeNs: Int64
  var count: Int
  /// Bytes of the records' lines (what the compression ratio compares against).
  var lineBytes: Int
  /// Size of the payload once decompressed.
  var payloadBytes: Int
  /// Size of the compressed payload.
  var compressedBytes: Int
  /// CRC32C of the compressed payload.
  var crc: UInt32
}

/// A block sealed from a head, waiting in memory for the next segment cut.
struct SealedLogBlock: Sendable {
  var info: LogBlockInfo
  var compressed: [UInt8]
  var bloom: [UInt8]
}
