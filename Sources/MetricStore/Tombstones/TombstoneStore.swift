// The tombstones of every block, loaded at open from `<block>/tombstones.json`, added to by
// deletions (the file rewritten atomically), and dropped when a block goes (compaction applies
// them; retention deletes the block).
import Codecs
import Foundation
import Synchronization
import WardenCore

/// Thread-safe: one `Mutex` around the map; files are written outside it.
final class TombstoneStore: Sendable {
  /// A tombstone compiled once, when loaded or added: reads apply it on every select.
  typealias Compiled = (matchers: [LabelMatcher], startMs: Int64, endMs: Int64)

  private struct Entry {
    /// As written to the block's file.
    var records: [Tombstone] = []
    var compiled: [Compiled] = []

    mutating func append(_ tombstone: Tombstone) {
      records.append(tombstone)
      if let matchers = tombstone.compiled() { compiled.append((matchers, tombstone.startMs, tombstone.endMs)) }
    }
  }

  private let byBlock = Mutex<[String: Entry]>([:])

  /// Reads the tombstones of `blocks`; an unreadable file is an error naming it.
  func load(_ blocks: [Block]) throws(StoreError) {
    for block in blocks {
      let path = block.directory + "/" + FileNames.blockTombstones
      guard FileIO.exists(path) else { continue }
      let bytes = try FileIO.read(path)
      do {
        var entry = Entry()
        for tombstone in try JSONDecoder().decode([Tombstone].self, from: Data(bytes)) { entry.append(tombstone) }
        byBlock.withLock { [entry] in $0[block.meta.id] = entry }
      } catch {
        throw StoreError(.corrupt, "cannot read tombstones \(path)", cause: error)
      }
    }
  }

  /// Records a deletion for `block` and rewrites its file (synced, then renamed into place).
  func add(_ tombstone: Tombstone, to block: Block) throws(StoreError) {
    let list = byBlock.withLock { map -> [Tombstone] in
      map[block.meta.id, default: Entry()].append(tombstone)
      return map[block.meta.id]!.records
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
  func tombstones(of blockID: String) -> [Compiled] {
    byBlock.withLock { $0[blockID]?.compiled ?? [] }
  }

  func forget(_ blockIDs: some Sequence<String>) {
    byBlock.withLock { map in for id in blockIDs { map[id] = nil } }
  }
}
