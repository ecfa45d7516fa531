// The tombstones of every block, loaded at open from `<block>/tombstones.json`, added to by
// deletions (the file rewritten atomically), and dropped when a block goes (compaction applies
// them; retention deletes the block).
import Foundation
import Synchronization
import WardenCore

/// Thread-safe: one `Mutex` around the map; files are written outside it.
final class TombstoneStore: Sendable {
  private let byBlock = Mutex<[String: [Tombstone]]>([:])

  /// Reads the tombstones of `blocks`; an unreadable file is an error naming it.
  func load(_ blocks: [Block]) throws(StoreError) {
    for block in blocks {
      let path = block.directory + "/" + FileNames.blockTombstones
      guard FileIO.exists(path) else { continue }
      let bytes = try FileIO.read(path)
      do {
        let list = try JSONDecoder().decode([Tombstone].self, from: Data(bytes))
        byBlock.withLock { $0[block.meta.id] = list }
      } catch {
        throw StoreError(.corrupt, "cannot read tombstones \(path)", cause: error)
      }
    }
  }

  /// Records a deletion for `block` and rewrites its file (synced, then renamed into place).
  func add(_ tombstone: Tombstone, to block: Block) throws(StoreError) {
    let list = byBlock.withLock { map -> [Tombstone] in
      map[block.meta.id, default: []].append(tombstone)
      return map[block.meta.id]!
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let bytes: [UInt8]
    do {
      bytes = Array(try encoder.encode(list))
    } catch {
      throw StoreError(.io, "cannot encode tombstones of block \(block.meta.id)", cause: error)
    }
    let path = block.directory + "/" + FileNames.blockTombstones
    try FileIO.writeFile(path + ".tmp", bytes)
    try FileIO.rename(path + ".tmp", to: path)
    FileIO.syncDirectory(block.directory)
  }

  /// The deletions recorded for a block, compiled.
  func tombstones(of blockID: String) -> [(matchers: [LabelMatcher], startMs: Int64, endMs: Int64)] {
    let list = byBlock.withLock { $0[blockID] ?? [] }
    return list.compactMap { tombstone in tombstone.compiled().map { ($0, tombstone.startMs, tombstone.endMs) } }
  }

  func forget(_ blockIDs: some Sequence<String>) {
    byBlock.withLock { map in for id in blockIDs { map[id] = nil } }
  }
}
