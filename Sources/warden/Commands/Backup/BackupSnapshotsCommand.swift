// `warden backup snapshots` and `warden backup ls SNAPSHOT [PATH]`: what the repository holds.
import ArgumentParser
import Backup
import Foundation

struct BackupSnapshotsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "snapshots", abstract: "List snapshots.", aliases: ["list"])

  @OptionGroup var options: RepositoryOptions

  @Option(name: .customLong("tag"), help: "Only snapshots with this tag.")
  var tag: String?

  @Option(help: "Only snapshots from this host.")
  var host: String?

  func run() throws {
    let repository = try options.open()
    let all = try backupAction { try repository.snapshots() }.filter { entry in
      (tag.map { entry.snapshot.tags.contains($0) } ?? true) && (host.map { entry.snapshot.hostname == $0 } ?? true)
    }
    if options.json { return printJSON(all.map(SnapshotJSON.init)) }
    print("ID        Time                  Host              Tags            Size        Paths")
    for entry in all {
      let time = String(entry.snapshot.time.prefix(19)).replacingOccurrences(of: "T", with: " ")
      let size = entry.snapshot.summary.map { byteText($0.totalBytes) } ?? ""
      print(
        [
          entry.id.short, time.padding(toLength: 21, withPad: " ", startingAt: 0),
          entry.snapshot.hostname.padding(toLength: 17, withPad: " ", startingAt: 0),
          entry.snapshot.tags.joined(separator: ",").padding(toLength: 15, withPad: " ", startingAt: 0),
          size.padding(toLength: 11, withPad: " ", startingAt: 0), entry.snapshot.paths.joined(separator: " "),
        ].joined(separator: " "))
    }
    print("\(all.count) snapshot\(all.count == 1 ? "" : "s")")
  }
}

struct BackupLsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the files of a snapshot.")

  @OptionGroup var options: RepositoryOptions

  @Argument(help: "Snapshot id (or a unique prefix), or latest.")
  var snapshot: String

  @Argument(help: "Only this directory (a path inside the snapshot).")
  var path: String?

  @Flag(name: .shortAndLong, help: "Show mode, size and time.")
  var long = false

  func run() throws {
    let repository = try options.open()
    try backupAction {
      let entry = try repository.findSnapshot(snapshot)
      let reader = TreeReader(repository: repository, index: try RepositoryIndex.load(repository))
      var start = entry.snapshot.tree
      var prefix = ""
      if let path, path != "/" {
        guard let node = try reader.node(at: path, root: entry.snapshot.tree) else {
          throw BackupError(.usage, "\(path) is not in snapshot \(entry.id.short)")
        }
        guard let subtree = node.subtree else { return print(path) }
        start = subtree
        prefix = path.hasSuffix("/") ? String(path.dropLast()) : path
      }
      try list(start, prefix: prefix, reader: reader)
    }
  }

  private func list(_ tree: BlobID, prefix: String, reader: TreeReader) throws {
    for node in try reader.tree(tree).nodes {
      let path = prefix + "/" + node.name
      if options.json {
        printJSON(LsLine(path: path, node: node))
      } else if long {
        let time = Date(timeIntervalSince1970: Double(node.mtime) / 1e9)
        print("\(node.type.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(node.mode, radix: 8)) \(String(node.size).padding(toLength: 12, withPad: " ", startingAt: 0)) \(time) \(path)\(node.target.map { " -> " + $0 } ?? "")")
      } else {
        print(path)
      }
      if let subtree = node.subtree { try list(subtree, prefix: path, reader: reader) }
    }
  }

  struct LsLine: Encodable {
    let path: String
    let node: Node
  }
}
