// `warden backup dump SNAPSHOT FILE` writes one file's content to standard output;
// `warden backup diff A B` lists what changed between two snapshots; `warden backup stats` sizes.
import ArgumentParser
import Backup
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

struct BackupDumpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "dump", abstract: "Write a file of a snapshot to standard output.")

  @OptionGroup var options: RepositoryOptions
  @Argument(help: "Snapshot id (or a unique prefix), or latest.") var snapshot: String
  @Argument(help: "The file's path in the snapshot.") var file: String

  func run() throws {
    let repository = try options.open()
    try backupAction {
      let entry = try repository.findSnapshot(snapshot)
      let reader = TreeReader(repository: repository, index: try RepositoryIndex.load(repository))
      guard let node = try reader.node(at: file, root: entry.snapshot.tree) else {
        throw BackupError(.usage, "\(file) is not in snapshot \(entry.id.short)")
      }
      guard node.type == .file else { throw BackupError(.usage, "\(file) is a \(node.type.rawValue), not a file") }
      for id in node.content ?? [] {
        let bytes = try reader.blob(id)
        var written = 0
        while written < bytes.count {
          let count = bytes.withUnsafeBytes { write(1, $0.baseAddress! + written, bytes.count - written) }
          guard count > 0 else { throw BackupError(.io, "cannot write to standard output: \(String(cString: strerror(errno)))") }
          written += count
        }
      }
    }
  }
}

struct BackupDiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "diff", abstract: "What changed between two snapshots.")

  @OptionGroup var options: RepositoryOptions
  @Argument var first: String
  @Argument var second: String

  func run() throws {
    let repository = try options.open()
    try backupAction {
      let a = try repository.findSnapshot(first)
      let b = try repository.findSnapshot(second)
      let reader = TreeReader(repository: repository, index: try RepositoryIndex.load(repository))
      var counts = (added: 0, removed: 0, modified: 0)
      try diff(a.snapshot.tree, b.snapshot.tree, prefix: "", reader: reader, counts: &counts)
      print("\(counts.added) added, \(counts.removed) removed, \(counts.modified) modified")
    }
  }

  private func diff(_ left: BlobID?, _ right: BlobID?, prefix: String, reader: TreeReader, counts: inout (added: Int, removed: Int, modified: Int)) throws {
    guard left != right else { return }
    let leftNodes = try left.map { try reader.tree($0).nodes } ?? []
    let rightNodes = try right.map { try reader.tree($0).nodes } ?? []
    let leftByName = Dictionary(leftNodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let rightByName = Dictionary(rightNodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for name in Set(leftByName.keys).union(rightByName.keys).sorted() {
      let path = prefix + "/" + name
      switch (leftByName[name], rightByName[name]) {
      case (nil, let added?):
        print("+ \(path)\(added.type == .dir ? "/" : "")")
        counts.added += 1
      case (let removed?, nil):
        print("- \(path)\(removed.type == .dir ? "/" : "")")
        counts.removed += 1
      case (let old?, let new?):
        if old.type == .dir, new.type == .dir {
          try diff(old.subtree, new.subtree, prefix: path, reader: reader, counts: &counts)
        } else if old.content != new.content || old.type != new.type || old.mode != new.mode || old.target != new.target {
          print("M \(path)")
          counts.modified += 1
        }
      default:
        break
      }
    }
  }
}

struct BackupStatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "stats", abstract: "How much the repository stores and saves.")

  @OptionGroup var options: RepositoryOptions

  func run() throws {
    let repository = try options.open()
    try backupAction {
      let index = try RepositoryIndex.load(repository)
      let snapshots = try repository.snapshots()
      let stored = index.blobsByPack().values.joined().reduce(UInt64(0)) { $0 + UInt64($1.length) }
      let raw = index.blobsByPack().values.joined().reduce(UInt64(0)) { $0 + UInt64($1.rawLength) }
      let logical = snapshots.reduce(UInt64(0)) { $0 + ($1.snapshot.summary?.totalBytes ?? 0) }
      let ratio = stored > 0 ? Double(logical) / Double(stored) : 0
      if options.json {
        printJSON(["snapshots": Int(snapshots.count), "blobs": index.blobCount, "packs": index.packs.count, "stored_bytes": Int(stored),
          "unique_bytes": Int(raw), "snapshot_bytes": Int(logical)])
      } else {
        print("snapshots:      \(snapshots.count)")
        print("blobs / packs:  \(index.blobCount) / \(index.packs.count)")
        print("unique data:    \(byteText(raw))")
        print("stored:         \(byteText(stored)) (compressed and encrypted)")
        print("all snapshots:  \(byteText(logical)) (\(String(format: "%.1f", ratio))x the stored size)")
      }
    }
  }
}
