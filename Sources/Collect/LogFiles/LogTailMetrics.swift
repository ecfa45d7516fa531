// The tailer's counters, as one value the server reads for `warden_logs_*` (all totals since the
// tailer started, except the two gauges).

package struct LogTailMetrics: Sendable, Equatable {
  /// Bytes read from files.
  package var bytesRead: UInt64 = 0
  /// Physical lines read.
  package var linesRead: UInt64 = 0
  /// Records acknowledged by the sink (a joined multi-line record counts once).
  package var recordsDelivered: UInt64 = 0
  /// Lines truncated to the line limit, and multi-line records cut to their byte cap.
  package var linesTruncated: UInt64 = 0
  /// Files renamed away from their path (rotation by rename+create) or deleted.
  package var rotations: UInt64 = 0
  /// Files found shorter than the offset read so far, or rewritten from the start (copytruncate).
  package var truncations: UInt64 = 0
  /// Batches the sink did not acknowledge (and that were offered again).
  package var sinkFailures: UInt64 = 0
  /// Failed attempts to save positions.
  package var positionWriteFailures: UInt64 = 0
  /// Gauge: files open now.
  package var filesWatched = 0
  /// Gauge: matching files not opened because of `maxOpenFiles`.
  package var filesSkipped = 0

  package init() {}
}
