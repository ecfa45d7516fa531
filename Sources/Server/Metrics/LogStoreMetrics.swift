// The log store's sizes on Warden's own /metrics, read from its status at scrape time:
// `warden_logs_stored_bytes`, `warden_logs_compression_ratio`, segments, streams, records and the
// work the block filters saved, beside the ingest counters of `LogIngestMetrics`; and the file
// tailer's counters (`warden_logs_file_*`) when `log_files:` is configured.
import Collect
import LogStore
import WardenCore

enum LogStoreMetrics {
  static func emit<E: MetricEmitter>(_ status: LogStoreStatus, into emitter: inout E) {
    let none: [Label] = []
    let gauges: [(String, String, Double)] = [
      ("warden_logs_stored_bytes", "Bytes the log store takes on disk (segments and WAL).", Double(status.storedBytes)),
      ("warden_logs_segment_bytes", "Bytes of log segment files (blocks, filters and indexes).", Double(status.segmentBytes)),
      ("warden_logs_wal_bytes", "Bytes of log WAL files (records not yet in a segment).", Double(status.walBytes)),
      ("warden_logs_line_bytes", "Bytes of the log lines stored (uncompressed), segments and heads.", Double(status.lineBytes)),
      (
        "warden_logs_compression_ratio", "Uncompressed line bytes per byte of segment file, indexes included.",
        status.compressionRatio
      ),
      ("warden_logs_segments", "Log segment files.", Double(status.segments)),
      ("warden_logs_streams", "Log streams known to the store.", Double(status.streams)),
      ("warden_logs_records", "Log records stored, segments and heads.", Double(status.records)),
      ("warden_logs_pending_deletions", "Deletions recorded and not yet applied to every segment.", Double(status.pendingDeletions)),
    ]
    for (name, help, value) in gauges {
      emitter.family(name, type: .gauge, help: help)
      emitter.sample(name, labels: none, value: value)
    }
    let counters: [(String, String, Double)] = [
      ("warden_logs_quarantined_segments_total", "Log segments moved aside because they failed their checks.", Double(status.quarantinedSegments)),
      ("warden_logs_blocks_decompressed_total", "Log blocks decompressed by queries.", Double(status.blocksDecompressed)),
      (
        "warden_logs_blocks_skipped_total", "Log blocks queries skipped because their filter ruled out the searched text.",
        Double(status.blocksSkippedByFilter)
      ),
    ]
    for (name, help, value) in counters {
      emitter.family(name, type: .counter, help: help)
      emitter.sample(name, labels: none, value: value)
    }
  }

  /// The file tailer's counters (`log_files:`).
  static func emit<E: MetricEmitter>(_ tail: LogTailMetrics, into emitter: inout E) {
    let none: [Label] = []
    let counters: [(String, String, UInt64)] = [
      ("warden_logs_file_bytes_read_total", "Bytes read from tailed log files.", tail.bytesRead),
      ("warden_logs_file_lines_read_total", "Lines read from tailed log files.", tail.linesRead),
      ("warden_logs_file_rotations_total", "Tailed files renamed away or deleted (rotation).", tail.rotations),
      ("warden_logs_file_truncations_total", "Tailed files found truncated (copytruncate).", tail.truncations),
      ("warden_logs_file_store_failures_total", "Batches of tailed lines the store did not take (retried).", tail.sinkFailures),
      ("warden_logs_file_position_write_failures_total", "Failed saves of the tailed files' positions.", tail.positionWriteFailures),
    ]
    for (name, help, value) in counters {
      emitter.family(name, type: .counter, help: help)
      emitter.sample(name, labels: none, value: Double(value))
    }
    emitter.family("warden_logs_files_watched", type: .gauge, help: "Tailed log files open now.")
    emitter.sample("warden_logs_files_watched", labels: none, value: Double(tail.filesWatched))
    emitter.family("warden_logs_files_skipped", type: .gauge, help: "Matching log files not opened (max open files).")
    emitter.sample("warden_logs_files_skipped", labels: none, value: Double(tail.filesSkipped))
  }
}
