// Opens the blocks on disk at start-up. A block that fails its checks is moved aside into
// `quarantine/` (never deleted: an operator may want it), logged, and counted; the store serves
// the rest. Leftovers of interrupted writes, deletions and compactions are cleaned up.
import Codecs
import Logging
import Synchronization

struct BlockLoader {
  let storeDirectory: String
  let logger: Logger
  let metrics: StoreMetrics

  var blocksDirectory: String { storeDirectory + "/" + FileNames.blocksDirectory }
  var quarantineDirectory: String { storeDirectory + "/" + FileNames.quarantineDirectory }

  func load() throws(StoreError) -> [Block] {
    try FileIO.makeDirectory(blocksDirectory)
    // Half-written blocks (`<id>.tmp`) and half-deleted ones (`<id>.deleted`) are not blocks.
    for name in try FileIO.list(blocksDirectory) where name.hasSuffix(".tmp") || name.hasSuffix(".deleted") {
      try FileIO.removeFlatDirectory(blocksDirectory + "/" + name)
    }
    var blocks: [Block] = []
    for id in Block.ids(in: blocksDirectory) {
      let path = blocksDirectory + "/" + id
      do {
        blocks.append(try Block.open(path))
      } catch {
        quarantine(id: id, reason: error)
      }
    }
    return try removingRedundant(blocks).sorted { $0.meta.minTimeMs < $1.meta.minTimeMs }
  }

  /// Deletes the blocks whose sources another opened block covers (`CompactionPlanner.redundant`):
  /// the inputs of a compaction interrupted after its block was in place. Only opened blocks
  /// count as covering, so inputs of a merged block that was quarantined are kept.
  private func removingRedundant(_ blocks: [Block]) throws(StoreError) -> [Block] {
    let redundant = CompactionPlanner.redundant(blocks.map(\.meta))
    guard !redundant.isEmpty else { return blocks }
    for block in blocks where redundant.contains(block.meta.id) {
      let trash = block.directory + ".deleted"
      try FileIO.rename(block.directory, to: trash)
      try FileIO.removeFlatDirectory(trash)
      logger.info(
        "metrics block already merged into another by an interrupted compaction; deleted",
        metadata: ["block.id": "\(block.meta.id)", "block.level": "\(block.meta.level)"])
    }
    FileIO.syncDirectory(blocksDirectory)
    return blocks.filter { !redundant.contains($0.meta.id) }
  }

  private func quarantine(id: String, reason: StoreError) {
    metrics.blocksQuarantined.add(1, ordering: .relaxed)
    do {
      try FileIO.makeDirectory(quarantineDirectory)
      try FileIO.rename(blocksDirectory + "/" + id, to: quarantineDirectory + "/" + id)
      logger.error(
        "metrics block failed its checks; moved to quarantine, the rest is served",
        metadata: ["block.id": "\(id)", "block.quarantine": "\(quarantineDirectory)/\(id)", "error": "\(reason)"])
    } catch {
      logger.error(
        "metrics block failed its checks and could not be moved aside; it is not served",
        metadata: ["block.id": "\(id)", "error": "\(reason)", "move.error": "\(error)"])
    }
  }
}
