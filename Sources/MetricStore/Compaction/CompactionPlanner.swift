// Which blocks to merge, as pure functions of their metas (no I/O): overlapping blocks first, then
// blocks sharing an aligned window of the next compaction range (2h → 6h → 24h by default), and
// which blocks are redundant because a compacted block already holds all their sources.

/// Compaction planning, after Prometheus's `LeveledCompactor.Plan`. Pure and thread-safe.
enum CompactionPlanner {
  /// The compaction ranges in effect: `configured` up to (not including) the first range longer
  /// than 10% of the retention time, so no block outlives retention by much; all of them when
  /// retention is off (0). Fewer than two ranges means no compaction.
  static func effectiveRanges(_ configured: [Int64], retentionMs: Int64) -> [Int64] {
    guard retentionMs > 0 else { return configured }
    return Array(configured.prefix { $0 <= retentionMs / 10 })
  }

  /// The groups of blocks to merge next, each into one block; the groups are disjoint.
  ///
  /// 1. Blocks overlapping in time (should not happen; merged to be safe), runs of them.
  /// 2. Otherwise, for the first range of `rangesMs.dropFirst()` (ascending) that yields any:
  ///    the blocks lying entirely inside each epoch-aligned window `[k·range, (k+1)·range)`,
  ///    when there are at least two and the window is complete, that is it ends at or before the
  ///    newest block's end (blocks are cut from the head in time order, so no block can arrive
  ///    for it any more; a missing block is a gap in the data).
  ///
  /// - Parameter rangesMs: ascending; the first is the head's block range (level 1).
  /// - Returns: groups sorted by time, each sorted by `minTimeMs`; empty when nothing to do.
  static func plan(_ metas: [BlockMeta], rangesMs: [Int64]) -> [[BlockMeta]] {
    let sorted = metas.sorted { ($0.minTimeMs, $0.maxTimeMs, $0.id) < ($1.minTimeMs, $1.maxTimeMs, $1.id) }
    let overlapping = overlappingGroups(sorted)
    if !overlapping.isEmpty { return overlapping }
    guard rangesMs.count >= 2, let newestEnd = sorted.map(\.maxTimeMs).max() else { return [] }
    for range in rangesMs.dropFirst() where range > 0 {
      var groups: [[BlockMeta]] = []
      var window: (start: Int64, blocks: [BlockMeta])?
      func close() {
        if let window, window.blocks.count > 1, window.start &+ range <= newestEnd { groups.append(window.blocks) }
      }
      for meta in sorted {
        let start = SeriesChunks.blockStart(meta.minTimeMs, range)
        // A block longer than the window, or straddling its end, is not part of any window.
        guard meta.maxTimeMs <= start &+ range else { continue }
        if window?.start == start {
          window?.blocks.append(meta)
        } else {
          close()
          window = (start, [meta])
        }
      }
      close()
      if !groups.isEmpty { return groups }
    }
    return []
  }

  /// Runs of blocks whose ranges overlap (`[min, max)` intervals), in time order.
  private static func overlappingGroups(_ sorted: [BlockMeta]) -> [[BlockMeta]] {
    var groups: [[BlockMeta]] = []
    var current: [BlockMeta] = []
    var currentEnd = Int64.min
    for meta in sorted {
      if !current.isEmpty, meta.minTimeMs < currentEnd {
        current.append(meta)
        currentEnd = max(currentEnd, meta.maxTimeMs)
        continue
      }
      if current.count > 1 { groups.append(current) }
      current = [meta]
      currentEnd = meta.maxTimeMs
    }
    if current.count > 1 { groups.append(current) }
    return groups
  }

  /// The level-1 blocks `meta` holds the data of: its `sources`, or itself for a block cut from
  /// the head (written with no sources).
  static func sources(of meta: BlockMeta) -> Set<String> {
    meta.sources.isEmpty ? [meta.id] : Set(meta.sources)
  }

  /// The merged block's lineage: level one more than the highest input, sources the sorted union
  /// of the inputs' sources.
  static func lineage(of metas: [BlockMeta]) -> (level: Int, sources: [String]) {
    let union = metas.reduce(into: Set<String>()) { $0.formUnion(sources(of: $1)) }
    return ((metas.map(\.level).max() ?? 0) + 1, union.sorted())
  }

  /// Ids of blocks whose data another block of `metas` already holds: their sources are a subset
  /// of the other's (for equal sets, the higher level, then the later id, is kept). A crash after
  /// a compaction wrote its block but before it deleted the inputs leaves such blocks.
  static func redundant(_ metas: [BlockMeta]) -> Set<String> {
    let entries = metas.map { (meta: $0, sources: sources(of: $0)) }
    var result = Set<String>()
    for candidate in entries {
      for other in entries where other.meta.id != candidate.meta.id && candidate.sources.isSubset(of: other.sources) {
        let keepsOther = candidate.sources != other.sources
          || (other.meta.level, other.meta.id) > (candidate.meta.level, candidate.meta.id)
        if keepsOther {
          result.insert(candidate.meta.id)
          break
        }
      }
    }
    return result
  }
}
