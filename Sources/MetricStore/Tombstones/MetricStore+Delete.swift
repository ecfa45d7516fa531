// Deleting series data by matchers and time range (Prometheus's delete_series): removed from the
// head at once (and logged in the WAL), recorded as tombstones on the blocks that hold matching
// data (applied when reading, and for good at the next compaction).
import Logging
package import WardenCore

extension MetricStore {
  /// What a deletion touched.
  package struct DeleteReport: Sendable, Equatable {
    package var headSeries = 0
    package var blocks = 0
  }

  /// Deletes the samples of series matching `matchers` in `[startMs, endMs]`.
  /// - Throws: `StoreError` when the WAL record or a tombstone file cannot be written; what was
  ///   already deleted from the head stays deleted in memory and is not acknowledged.
  package func delete(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) async throws(StoreError) -> DeleteReport {
    var report = DeleteReport()
    let deletions = try head.delete(matchers, startMs: startMs, endMs: endMs)
    report.headSeries = deletions.count
    if !deletions.isEmpty {
      var records: [UInt8] = []
      WALRecord.appendDeletions(deletions, to: &records)
      try await logDurably(records, what: "the deletion")
    }
    let tombstone = Tombstone(matchers, startMs: startMs, endMs: endMs)
    for block in blocks.current where block.meta.minTimeMs <= endMs && block.meta.maxTimeMs > startMs {
      guard try !block.select(matchers, startMs: startMs, endMs: endMs).isEmpty else { continue }
      try tombstones.add(tombstone, to: block)
      // Its aggregates include the deleted samples: drop them; maintenance rebuilds them.
      try downsampled.remove([block.meta.id])
      report.blocks += 1
    }
    logger.info(
      "metric series deleted",
      metadata: [
        "delete.matchers": "\(matchers.map(\.description).joined(separator: ","))", "delete.start": "\(startMs)",
        "delete.end": "\(endMs)", "delete.head_series": "\(report.headSeries)", "delete.blocks": "\(report.blocks)",
      ])
    return report
  }
}
