// The log store's sizes on Warden's own /metrics, read from its status at scrape time:
// `warden_logs_stored_bytes`, `warden_logs_compression_ratio`, segments, streams, records and the
// work the block filters saved, beside the ingest counters of `LogIngestMetrics`.
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
}
