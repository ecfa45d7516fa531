// The store's periodic work: cut ready head ranges into blocks (then checkpoint the WAL), and
// delete blocks past the retention time or over the retention size.
import Foundation
import Logging
import Synchronization

extension MetricStore {
  /// What one maintenance pass did.
  package struct MaintenanceReport: Sendable, Equatable {
    package var blocksWritten = 0
    package var blocksDeleted = 0
  }

  /// Cuts every ready range of the head into a block, then applies retention.
  /// Call from one task at a time (the maintenance service); blocks on disk I/O.
  package func maintain(nowMs: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws(StoreError) -> MaintenanceReport {
    var report = MaintenanceReport()
    while let range = head.rangeReadyToCut() {
      let series = try head.blockSeries(startMs: range.startMs, endMs: range.endMs)
      if !series.isEmpty {
        let meta = try BlockWriter.write(
          series, minTimeMs: range.startMs, maxTimeMs: range.endMs, level: 1, sources: [], into: blocksDirectory)
        blocks.add(try Block.open(blocksDirectory + "/" + meta.id))
        report.blocksWritten += 1
        metrics.blocksWritten.add(1, ordering: .relaxed)
        logger.info(
          "metrics block written",
          metadata: [
            "block.id": "\(meta.id)", "block.series": "\(meta.series)", "block.samples": "\(meta.samples)",
            "block.min_time": "\(meta.minTimeMs)", "block.max_time": "\(meta.maxTimeMs)",
          ])
      }
      // The block is durable: drop its range from memory and from the WAL.
      head.truncate(before: range.endMs)
      try checkpointWAL(cutMs: range.endMs)
    }
    report.blocksDeleted = try applyRetention(nowMs: nowMs)
    return report
  }

  /// Deletes blocks that end before `now − retention`, then the oldest until the blocks fit in
  /// the size limit. Returns how many were deleted.
  func applyRetention(nowMs: Int64) throws(StoreError) -> Int {
    var doomed: [Block] = []
    let all = blocks.current
    if options.retentionMs > 0 {
      doomed += all.filter { $0.meta.maxTimeMs <= nowMs &- options.retentionMs }
    }
    if options.retentionBytes > 0 {
      var size = all.reduce(0) { $0 + $1.sizeBytes } - doomed.reduce(0) { $0 + $1.sizeBytes }
      for block in all where size > options.retentionBytes && !doomed.contains(where: { $0 === block }) {
        doomed.append(block)
        size -= block.sizeBytes
      }
    }
    guard !doomed.isEmpty else { return 0 }
    blocks.remove(ids: Set(doomed.map(\.meta.id)))
    for block in doomed {
      // Renamed first, so a crash mid-delete leaves a `.deleted` directory, not a damaged block.
      let trash = block.directory + ".deleted"
      try FileIO.rename(block.directory, to: trash)
      try FileIO.removeFlatDirectory(trash)
      metrics.blocksDeleted.add(1, ordering: .relaxed)
      logger.info("metrics block deleted by retention", metadata: ["block.id": "\(block.meta.id)"])
    }
    FileIO.syncDirectory(blocksDirectory)
    return doomed.count
  }
}
