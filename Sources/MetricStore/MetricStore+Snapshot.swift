// A consistent copy of the store for backups: every block hard-linked (instant, no extra space)
// and the head's samples written as one more block. The snapshot is itself a store directory:
// open it with `MetricStore(directory:)` or copy it into place to restore.
import Codecs
import Foundation
import Logging
#if canImport(Glibc)
  import Glibc
#endif

extension MetricStore {
  /// What a snapshot holds.
  package struct SnapshotReport: Sendable, Equatable {
    package var directory: String
    package var blocks: Int
    package var headSeries: Int
  }

  /// Writes a snapshot into `directory` (which must not exist yet).
  ///
  /// The head is captured first and the block list after it, so a block cut from the head while
  /// the snapshot runs is in the snapshot twice (reads collapse equal timestamps) rather than
  /// missing. Blocks are linked, not copied, so they must be on the same file system.
  /// - Parameter includeHead: false skips the in-memory samples (Prometheus's `skip_head`).
  package func snapshot(into directory: String, includeHead: Bool = true) throws(StoreError) -> SnapshotReport {
    if FileIO.exists(directory) { throw StoreError(.io, "cannot snapshot into \(directory): it already exists") }
    let blocksTarget = directory + "/" + FileNames.blocksDirectory
    try FileIO.makeDirectory(blocksTarget)

    var headSeries = 0
    if includeHead {
      let series = try head.blockSeries(startMs: .min, endMs: .max)
      if let first = series.flatMap(\.chunks).map(\.minTimeMs).min(),
        let last = series.flatMap(\.chunks).map(\.maxTimeMs).max()
      {
        _ = try BlockWriter.write(series, minTimeMs: first, maxTimeMs: last + 1, level: 1, sources: [], into: blocksTarget)
        headSeries = series.count
      }
    }

    // Link every block; one removed meanwhile (compaction, retention) restarts this step with
    // the current list.
    var linked = 0
    for attempt in 1...5 {
      linked = 0
      var vanished = false
      for block in blocks.current {
        let target = blocksTarget + "/" + block.meta.id
        if FileIO.exists(target) { try FileIO.removeFlatDirectory(target) }
        try FileIO.makeDirectory(target)
        for name in [FileNames.blockChunks, FileNames.blockIndex, FileNames.blockMeta] {
          if link(block.directory + "/" + name, target + "/" + name) != 0 {
            if errno == ENOENT {
              vanished = true
              break
            }
            throw FileIO.error("link", block.directory + "/" + name, errno: errno)
          }
        }
        if vanished { break }
        // Deletions recorded against the block go with it (absent for most blocks).
        let tombstonesPath = block.directory + "/" + FileNames.blockTombstones
        if FileIO.exists(tombstonesPath), link(tombstonesPath, target + "/" + FileNames.blockTombstones) != 0, errno != ENOENT {
          throw FileIO.error("link", tombstonesPath, errno: errno)
        }
        linked += 1
      }
      if !vanished { break }
      if attempt == 5 { throw StoreError(.io, "cannot snapshot: blocks kept changing while linking them") }
    }
    FileIO.syncDirectory(blocksTarget)
    logger.info(
      "metrics snapshot written",
      metadata: ["snapshot.directory": "\(directory)", "snapshot.blocks": "\(linked)", "snapshot.head_series": "\(headSeries)"])
    return SnapshotReport(directory: directory, blocks: linked, headSeries: headSeries)
  }
}
