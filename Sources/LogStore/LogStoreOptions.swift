// Tunables of the embedded log store (the `storage.logs` config section maps onto these): retention,
// per-stream limits as Loki names them, WAL durability, and when heads become blocks and segments.

/// When the log WAL is made durable. Every policy acknowledges a batch only after the sync that
/// covers it.
package enum LogFsyncPolicy: Sendable, Equatable {
  /// One write and one sync for everything pending, started as soon as the previous sync ends:
  /// appenders arriving during a sync share the next one, so a batch is synced within one sync
  /// time (well under 100 ms on any disk) and acknowledged right after.
  case groupCommit
  /// Gathers appenders for up to this long (e.g. 100 ms) before each write and sync: fewer syncs
  /// under heavy concurrent load, at the cost of that much latency per batch.
  case interval(Duration)
  /// Each batch gets its own write and sync, in submission order (the strict setting).
  case everyBatch
}

package struct LogStoreOptions: Sendable, Equatable {
  /// Records older than this (ns) are deleted, and appends of older records rejected; 0 keeps
  /// them forever.
  package var retentionNs: Int64 = 15 * 24 * 3600 * 1_000_000_000
  /// The oldest segments are deleted while the store takes more bytes than this; 0 for no limit.
  package var retentionBytes = 0

  package var fsync = LogFsyncPolicy.groupCommit

  /// Loki's `max_label_names_per_series`.
  package var maxLabelsPerStream = 15
  /// Loki's `max_label_name_length`.
  package var maxLabelNameBytes = 1024
  /// Loki's `max_label_value_length`.
  package var maxLabelValueBytes = 2048
  /// Longer lines are truncated to this many bytes (at a UTF-8 character boundary) and counted.
  package var maxLineBytes = 256 << 10
  /// Streams one head generation (the data since the last segment cut) may hold; records of
  /// further new streams are rejected. 0 for no limit.
  package var maxStreams = 0

  /// A stream's head is compressed into a block once it holds this many bytes of lines.
  package var blockTargetBytes = 256 << 10
  /// A stream's head is compressed into a block once it received nothing for this long (ns).
  package var blockIdleNs: Int64 = 5 * 60 * 1_000_000_000
  /// The heads are written out as a segment (and the WAL truncated) once the oldest is this old (ns)...
  package var segmentCutNs: Int64 = 3600 * 1_000_000_000
  /// ...or once they hold this many bytes of lines.
  package var segmentCutBytes = 256 << 20
  /// A WAL file is closed and the next one started past this size.
  package var walSegmentBytes = 64 << 20
  /// zstd level of blocks.
  package var compressionLevel: Int32 = 3

  package init() {}
}
