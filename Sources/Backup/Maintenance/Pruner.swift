// `prune`: removes data no snapshot uses. Under an exclusive lock it walks every snapshot to find
// the blobs still needed, then per pack: all needed -> kept; none -> deleted; some -> repacked
// (needed blobs copied to new packs) when the unneeded part is over `repackThreshold`, else kept.
// Crash-safe order: new packs and their index first, then a new index of everything kept, then
// the old index files are removed, and only then the old packs. Interrupted at any step, every
// index file still points at packs that exist; leftovers are unindexed packs the next prune
// deletes.
import Codecs
import Foundation

package struct PruneReport: Sendable {
  package var packsBefore = 0
  package var packsDeleted = 0
  package var packsRepacked = 0
  package var packsKept = 0
  package var blobsRepacked = 0
  package var bytesFreed: UInt64 = 0
  package var unindexedPacksDeleted = 0
}

package struct Pruner: Sendable {
  let repository: Repository
  /// Repack a pack when more than this share of its bytes is unneeded.
  package var repackThreshold = 0.2

  package init(repository: Repository) {
    self.repository = repository
  }

  package func run() throws -> PruneReport {
    var report = PruneReport()
    let oldIndexFiles = try repository.list(.index)
    var entries: [BlobID: [PackedBlob]] = [:]
    var index = RepositoryIndex()
    for file in oldIndexFiles {
      for (pack, blobs) in try IndexFile.decode(try repository.loadBytes(kind: .index, id: file), what: repository.filePath(.index, file)) {
        entries[pack] = blobs
        index.add(pack: pack, blobs: blobs)
      }
    }
    let onDisk = Set(try repository.allPackIDs())
    report.packsBefore = onDisk.count
    let needed = try neededBlobs(index: index)

    // Which copy of each needed blob is kept: the first pack (in id order) that holds it.
    var claimed: Set<BlobID> = []
    var keep: [(BlobID, [PackedBlob])] = []
    var repack: [(BlobID, [PackedBlob])] = []
    var delete: [BlobID] = []
    for pack in entries.keys.sorted() {
      let blobs = entries[pack] ?? []
      guard onDisk.contains(pack) else {
        throw BackupError(.corrupt, "pack \(pack.hex) is listed in the index but missing; run `warden backup check` before pruning")
      }
      var used: [PackedBlob] = []
      var unusedBytes: UInt64 = 0
      for blob in blobs {
        if needed.contains(blob.id), claimed.insert(blob.id).inserted { used.append(blob) } else { unusedBytes += UInt64(blob.length) }
      }
      let totalBytes = blobs.reduce(UInt64(0)) { $0 + UInt64($1.length) }
      if used.isEmpty {
        delete.append(pack)
      } else if unusedBytes > 0, Double(unusedBytes) > Double(totalBytes) * repackThreshold {
        repack.append((pack, used))
      } else {
        keep.append((pack, blobs))
      }
    }
    // Every needed blob must have a home, or pruning would lose data.
    if let lost = needed.first(where: { !claimed.contains($0) }) {
      throw BackupError(.corrupt, "blob \(lost.short) is used by a snapshot but in no pack; run `warden backup check` before pruning")
    }

    // 1. Copy the needed blobs of repacked packs into new packs (and their index files).
    var keptIndex = RepositoryIndex()
    for (pack, blobs) in keep { keptIndex.add(pack: pack, blobs: blobs) }
    let writer = BlobWriter(repository: repository, index: keptIndex)
    for (pack, blobs) in repack {
      for blob in blobs {
        let plain = try PackReader.blob(blob, packPath: repository.packPath(pack), cipher: repository.cipher)
        _ = try writer.store(plain, id: blob.id, type: blob.type)
        report.blobsRepacked += 1
      }
    }
    try writer.flush()
    // 2. One index of everything that stays, written before anything is removed.
    let finalIndex = writer.index
    let stays = finalIndex.blobsByPack().map { (pack: $0.key, blobs: $0.value) }.sorted { $0.pack < $1.pack }
    var newIndexFiles: Set<BlobID> = []
    for start in stride(from: 0, to: stays.count, by: 256) {
      newIndexFiles.insert(try repository.saveBytes(IndexFile.encode(Array(stays[start..<min(start + 256, stays.count)])), kind: .index))
    }
    // 3. The old index files (and the writer's interim ones, now covered by the new index).
    for file in try repository.list(.index) where !newIndexFiles.contains(file) { try repository.remove(.index, id: file) }
    // 4. Packs no index lists any more.
    let staying = Set(finalIndex.packs)
    for pack in onDisk where !staying.contains(pack) {
      let path = repository.packPath(pack)
      report.bytesFreed += UInt64(max(0, FileIO.fileSize(path)))
      if entries[pack] == nil { report.unindexedPacksDeleted += 1 }
      FileIO.remove(path)
    }
    report.packsDeleted = delete.count
    report.packsRepacked = repack.count
    report.packsKept = keep.count
    return report
  }

  /// Every blob (trees and data) some snapshot reaches.
  private func neededBlobs(index: RepositoryIndex) throws -> Set<BlobID> {
    let reader = TreeReader(repository: repository, index: index)
    var needed: Set<BlobID> = []
    var pending: [BlobID] = []
    for entry in try repository.snapshots() { pending.append(entry.snapshot.tree) }
    while let tree = pending.popLast() {
      guard needed.insert(tree).inserted else { continue }
      for node in try reader.tree(tree).nodes {
        for blob in node.content ?? [] { needed.insert(blob) }
        if let subtree = node.subtree { pending.append(subtree) }
      }
    }
    return needed
  }
}

extension Repository {
  /// Removes the snapshots `decision` does not keep (data stays until `prune`).
  package func forget(_ snapshots: [SnapshotEntry]) throws {
    for entry in snapshots { try remove(.snapshots, id: entry.id) }
  }
}
