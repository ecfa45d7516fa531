// The store's periodic work: cut ready head ranges into blocks (then checkpoint the WAL), merge
// blocks into larger aligned ones (compaction), and delete blocks past the retention time or
// over the retention size.
import Codecs
import Foundation
import Logging
import Synchronization

extension MetricStore {
  /// What one maintenance pass did.
  package struct MaintenanceReport: Sendable, Equatable {
    package var blocksWritten = 0
    /// Blocks merged into larger ones by compaction (the inputs; see `compactions`).
    package var blocksCompacted = 0
    /// Compacted blocks written.
    package var compactions = 0
    package var blocksDeleted = 0
    /// Blocks that got their downsampled (5m, 1h) copies.
    package var blocksDownsampled = 0
  }

  /// Cuts every ready range of the head into a block, compacts blocks, then applies retention.
  /// Call from one task at a time (the maintenance service); blocks on disk I/O.
  package func maintain(nowMs: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws(StoreError) -> MaintenanceReport {
    var report = MaintenanceReport()
    var lastCutMs: Int64?
    while let range = head.rangeReadyToCut() {
      let series = try head.blockSeries(startMs: range.startMs, endMs: range.endMs)
      if !series.isEmpty {
        let meta = try BlockWriter.write(
          series, minTimeMs: range.startMs, maxTimeMs: range.endMs, level: 1, sources: [], into: blocksDirectory,
          maxSamplesPerChunk: options.blockSamplesPerChunk)
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
      // The block is durable: drop its range from memory now, and from the WAL once every ready
      // range is cut. One checkpoint for all of them: each checkpoint reads and rewrites the whole
      // WAL, so one per block made a backfill of N blocks cost N full passes. Until it is written
      // the WAL still holds the cut samples, which replay skips as older than the blocks.
      head.truncate(before: range.endMs)
      lastCutMs = range.endMs
    }
    if let lastCutMs { try checkpointWAL(cutMs: lastCutMs) }
    (report.compactions, report.blocksCompacted) = try compactBlocks()
    report.blocksDeleted = try applyRetention(nowMs: nowMs)
    report.blocksDownsampled = try downsample(nowMs: nowMs)
    return report
  }

  /// Merges blocks as `CompactionPlanner.plan` says, until it has nothing more to merge (each
  /// compaction removes at least one block, so this ends). Returns how many blocks were written
  /// and how many they replaced.
  ///
  /// Crash-safe order: the merged block is written atomically and put in place; only then are
  /// its inputs removed from the served set and deleted (renamed to `<id>.deleted`, removed). A
  /// crash in between leaves inputs whose sources the merged block covers: `BlockLoader` deletes
  /// them at the next open. Readers may briefly see the merged block and its inputs together;
  /// reads keep one sample per timestamp, so they see no duplicates.
  func compactBlocks() throws(StoreError) -> (written: Int, replaced: Int) {
    let ranges = CompactionPlanner.effectiveRanges(options.compactionRangesMs, retentionMs: options.retentionMs)
    var written = 0
    var replaced = 0
    while true {
      let groups = CompactionPlanner.plan(blocks.current.map(\.meta), rangesMs: ranges)
      guard !groups.isEmpty else { break }
      for group in groups {
        let ids = Set(group.map(\.id))
        let inputs = blocks.current.filter { ids.contains($0.meta.id) }
        try compact(inputs)
        written += 1
        replaced += inputs.count
      }
    }
    return (written, replaced)
  }

  /// Merges `inputs` into one block, serves it, then removes and deletes the inputs.
  private func compact(_ inputs: [Block]) throws(StoreError) {
    let start = ContinuousClock.now
    let meta = try BlockCompactor.compact(
      inputs, into: blocksDirectory, samplesPerChunk: options.samplesPerChunk,
      blockSamplesPerChunk: options.blockSamplesPerChunk,
      deletions: { self.tombstones.tombstones(of: $0) })
    let merged: Block
    do {
      merged = try Block.open(blocksDirectory + "/" + meta.id)
    } catch {
      // Never leave an unserved block that would make its inputs look redundant at the next open.
      try? FileIO.rename(blocksDirectory + "/" + meta.id, to: blocksDirectory + "/" + meta.id + ".deleted")
      try? FileIO.removeFlatDirectory(blocksDirectory + "/" + meta.id + ".deleted")
      throw error
    }
    blocks.replace(ids: Set(inputs.map(\.meta.id)), with: merged)
    for block in inputs { try delete(block) }
    tombstones.forget(inputs.map(\.meta.id))
    try downsampled.remove(inputs.map(\.meta.id))
    FileIO.syncDirectory(blocksDirectory)
    metrics.compactions.add(1, ordering: .relaxed)
    logger.info(
      "metrics blocks compacted",
      metadata: [
        "block.id": "\(meta.id)", "block.sources": "\(meta.sources.joined(separator: ","))",
        "block.series": "\(meta.series)", "block.samples": "\(meta.samples)", "block.level": "\(meta.level)",
        "block.min_time": "\(meta.minTimeMs)", "block.max_time": "\(meta.maxTimeMs)",
        "compaction.inputs": "\(inputs.map(\.meta.id).joined(separator: ","))",
        "duration": "\(ContinuousClock.now - start)",
      ])
  }

  /// Deletes a block's directory, renamed first so a crash mid-delete leaves a `.deleted`
  /// directory (removed at the next open), not a damaged block.
  private func delete(_ block: Block) throws(StoreError) {
    let trash = block.directory + ".deleted"
    try FileIO.rename(block.directory, to: trash)
    try FileIO.removeFlatDirectory(trash)
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
    tombstones.forget(doomed.map(\.meta.id))
    try downsampled.remove(doomed.map(\.meta.id))
    for block in doomed {
      try delete(block)
      metrics.blocksDeleted.add(1, ordering: .relaxed)
      logger.info("metrics block deleted by retention", metadata: ["block.id": "\(block.meta.id)"])
    }
    FileIO.syncDirectory(blocksDirectory)
    return doomed.count
  }
}
