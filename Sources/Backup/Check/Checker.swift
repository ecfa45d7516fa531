// `check`: proves the repository is whole. The structure check reads every index file and
// snapshot, walks every tree and confirms each blob it names is indexed in a pack that exists and
// is long enough. `--read-data` also reads packs (all, or a subset), checks each pack against its
// name (see PackID), its own header agrees with the index, and every blob decrypts and hashes to its id.
// Damage is reported per pack, with the snapshots and files that use it, so an operator knows
// what is lost and what still restores.
import Codecs
import Dispatch
import Foundation
import Synchronization

package struct CheckOptions: Sendable {
  package var readData = false
  /// With readData: the share of packs to read, 0 < p <= 100 (packs chosen at random).
  package var subsetPercent: Double = 100
  package var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

  package init() {}
}

package struct CheckReport: Sendable {
  package var snapshots = 0
  package var trees = 0
  package var packs = 0
  package var packsRead = 0
  package var blobsRead = 0
  package var bytesRead: UInt64 = 0
  /// Packs on disk that no index lists (left by an interrupted backup; prune removes them).
  package var unindexedPacks = 0
  /// Each problem, one line.
  package var errors: [String] = []
  /// Damaged or missing packs and why.
  package var damagedPacks: [BlobID: String] = [:]
  /// "snapshot <id> <path>" for every file or directory that uses a damaged or missing blob.
  package var affected: [String] = []

  package var isClean: Bool { errors.isEmpty && damagedPacks.isEmpty }
}

package struct Checker: Sendable {
  let repository: Repository

  package init(repository: Repository) {
    self.repository = repository
  }

  package func run(_ options: CheckOptions) throws -> CheckReport {
    var report = CheckReport()
    var index = RepositoryIndex()
    for file in try repository.list(.index) {
      do {
        let entries = try IndexFile.decode(try repository.loadBytes(kind: .index, id: file), what: "index \(file.short)")
        for (pack, blobs) in entries { index.add(pack: pack, blobs: blobs) }
      } catch {
        report.errors.append("\(error)")
      }
    }
    let onDisk = Set(try repository.allPackIDs())
    let grouped = index.blobsByPack()
    report.packs = grouped.count
    report.unindexedPacks = onDisk.subtracting(grouped.keys).count
    for (pack, blobs) in grouped {
      guard onDisk.contains(pack) else {
        report.damagedPacks[pack] = "pack \(pack.hex) is missing"
        continue
      }
      let size = FileIO.fileSize(repository.packPath(pack))
      let end = blobs.map { Int($0.offset) + Int($0.length) }.max() ?? 0
      if size < end + 4 {
        report.damagedPacks[pack] = "pack \(pack.hex) is truncated: \(size) bytes, its blobs need \(end + 4)"
      }
    }
    if options.readData { readPacks(grouped, options: options, report: &report) }
    walkSnapshots(index: index, report: &report)
    return report
  }

  private func readPacks(_ grouped: [BlobID: [PackedBlob]], options: CheckOptions, report: inout CheckReport) {
    var packs = grouped.keys.filter { report.damagedPacks[$0] == nil }.sorted()
    if options.subsetPercent < 100 {
      packs.shuffle()
      packs = Array(packs.prefix(max(1, Int((Double(packs.count) * options.subsetPercent / 100).rounded(.up)))))
    }
    let results = Mutex<(read: Int, blobs: Int, bytes: UInt64, damaged: [BlobID: String])>((0, 0, 0, [:]))
    let chosen = packs
    WorkBatches.run(chosen.count, workers: options.workers) { [repository] job in
      let pack = chosen[job]
      let outcome = Self.verify(pack: pack, blobs: grouped[pack] ?? [], repository: repository)
      results.withLock {
        $0.read += 1
        $0.blobs += outcome.blobs
        $0.bytes += outcome.bytes
        if let problem = outcome.problem { $0.damaged[pack] = problem }
      }
    }
    let totals = results.withLock { $0 }
    report.packsRead = totals.read
    report.blobsRead = totals.blobs
    report.bytesRead = totals.bytes
    report.damagedPacks.merge(totals.damaged) { first, _ in first }
  }

  /// Reads one pack whole; nil problem when it is sound.
  static func verify(pack: BlobID, blobs: [PackedBlob], repository: Repository) -> (blobs: Int, bytes: UInt64, problem: String?) {
    let path = repository.packPath(pack)
    let bytes: [UInt8]
    do {
      bytes = try FileIO.read(path)
    } catch {
      return (0, 0, "pack \(pack.hex) cannot be read: \(error)")
    }
    let match = bytes.withUnsafeBytes { PackID.match($0, name: pack) }
    if case .none = match {
      return (0, UInt64(bytes.count), "pack \(pack.hex) is damaged: its content does not hash to its name")
    }
    var verified = 0
    let plain = ScratchBuffer()
    for blob in blobs {
      let end = Int(blob.offset) + Int(blob.length)
      guard end <= bytes.count else { return (verified, UInt64(bytes.count), "pack \(pack.hex): blob \(blob.id.short) lies past its end") }
      do {
        try bytes.withUnsafeBytes { packBytes in
          let sealed = UnsafeRawBufferPointer(rebasing: packBytes[Int(blob.offset)..<end])
          try PackReader.verified(sealed, blob: blob, packPath: path, cipher: repository.cipher, plain: plain) { _ in }
        }
        verified += 1
      } catch {
        return (verified, UInt64(bytes.count), "pack \(pack.hex): \(error)")
      }
    }
    if let header = try? PackReader.header(path: path, cipher: repository.cipher) {
      let listed = Set(header.map(\.id))
      if let missing = blobs.first(where: { !listed.contains($0.id) }) {
        return (verified, UInt64(bytes.count), "pack \(pack.hex): its header does not list blob \(missing.id.short) that the index places there")
      }
      // A pack named by its trailer commits to its blobs, not to bytes outside them.
      if case .trailer(let headerStart) = match, header.reduce(0, { $0 + Int($1.length) }) != headerStart {
        return (verified, UInt64(bytes.count), "pack \(pack.hex) is damaged: bytes that no blob holds lie before its header")
      }
    } else {
      return (verified, UInt64(bytes.count), "pack \(pack.hex): its header cannot be read")
    }
    return (verified, UInt64(bytes.count), nil)
  }

  /// Walks every snapshot's trees; every blob must be indexed; files using damaged packs are named.
  private func walkSnapshots(index: RepositoryIndex, report: inout CheckReport) {
    let reader = TreeReader(repository: repository, index: index)
    let damaged = Set(report.damagedPacks.keys)
    var seenTrees: Set<BlobID> = []
    let snapshotIDs: [BlobID]
    do {
      snapshotIDs = try repository.list(.snapshots)
    } catch {
      report.errors.append("\(error)")
      return
    }
    for id in snapshotIDs {
      let snapshot: Snapshot
      do {
        snapshot = try repository.load(Snapshot.self, kind: .snapshots, id: id)
      } catch {
        report.errors.append("\(error)")
        continue
      }
      report.snapshots += 1
      walk(snapshot.tree, path: "", snapshot: id, reader: reader, index: index, damaged: damaged, seen: &seenTrees, report: &report)
    }
  }

  private func walk(
    _ treeID: BlobID, path: String, snapshot: BlobID, reader: TreeReader, index: RepositoryIndex, damaged: Set<BlobID>,
    seen: inout Set<BlobID>, report: inout CheckReport
  ) {
    func unusable(_ id: BlobID) -> String? {
      guard let (pack, _) = index.location(of: id) else { return "blob \(id.short) is not in any index" }
      return damaged.contains(pack) ? "blob \(id.short) is in damaged pack \(pack.short)" : nil
    }
    if let problem = unusable(treeID) {
      report.affected.append("snapshot \(snapshot.short) \(path.isEmpty ? "/" : path) (directory: \(problem))")
      report.errors.append("snapshot \(snapshot.short): tree of \(path.isEmpty ? "/" : path): \(problem)")
      return
    }
    let tree: Tree
    do {
      tree = try reader.tree(treeID)
    } catch {
      report.errors.append("snapshot \(snapshot.short) \(path.isEmpty ? "/" : path): \(error)")
      return
    }
    let firstVisit = seen.insert(treeID).inserted
    if firstVisit { report.trees += 1 }
    // A tree shared with an earlier snapshot was checked there; walk it again only to name the
    // files of this snapshot that damage reaches.
    if !firstVisit, damaged.isEmpty, report.errors.isEmpty { return }
    for node in tree.nodes {
      let child = path + "/" + node.name
      if let content = node.content, let problem = content.lazy.compactMap(unusable).first {
        report.affected.append("snapshot \(snapshot.short) \(child) (\(problem))")
        if firstVisit, !problem.contains("damaged pack") { report.errors.append("snapshot \(snapshot.short) \(child): \(problem)") }
      }
      if let subtree = node.subtree {
        walk(subtree, path: child, snapshot: snapshot, reader: reader, index: index, damaged: damaged, seen: &seen, report: &report)
      }
    }
  }
}
