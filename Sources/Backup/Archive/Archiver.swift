// `backup`: walks the given paths, stores changed files' chunks and every directory's tree, then
// writes the snapshot. Directories are walked depth first; the regular files of one directory
// that need reading are read in parallel (one file per worker, as many workers as cores). Files
// whose size, mtime, ctime and inode match the parent snapshot are not read again.
// Order of durability: packs, then their index files, then the snapshot, so a snapshot never
// names data that is not safely in the repository.
import Codecs
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

package struct BackupOptions: Sendable {
  package var paths: [String]
  /// fnmatch patterns, matched against each entry's name and its absolute path.
  package var excludes: [String] = []
  package var tags: [String] = []
  package var hostname: String = ProcessInfo.processInfo.hostName
  /// Parallel readers; default one per core.
  package var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
  /// Called now and then with the running totals (from any thread).
  package var progress: (@Sendable (BackupProgress) -> Void)?

  package init(paths: [String]) {
    self.paths = paths
  }
}

package struct BackupProgress: Sendable {
  package var files = 0
  package var bytesRead: UInt64 = 0
  package var currentPath = ""
}

package final class Archiver: Sendable {
  package let repository: Repository
  private let writer: BlobWriter
  private let files: FileChunkStore
  private let names = OwnerNames()
  private let summary = Mutex(Snapshot.Summary())
  private let progressState = Mutex(BackupProgress())

  package init(repository: Repository, index: RepositoryIndex) {
    self.repository = repository
    writer = BlobWriter(repository: repository, index: index)
    files = FileChunkStore(chunker: ContentChunker(seed: repository.config.chunkerSeed), writer: writer)
  }

  /// Runs the backup and writes the snapshot; errors reading single files are in the summary.
  package func run(_ options: BackupOptions) throws -> SnapshotEntry {
    let started = Date()
    let paths = try Self.normalize(options.paths)
    let parent = try parentSnapshot(paths: paths, hostname: options.hostname)
    let parentRoot = try parent.map { try loadTree($0.snapshot.tree) }
    let root = try archiveRoots(paths, parentRoot: parentRoot, options: options)
    let rootID = try storeTree(root)
    try writer.flush()
    var finalSummary = summary.withLock { $0 }
    let added = writer.added
    finalSummary.bytesAdded = added.bytes
    finalSummary.dataBlobsAdded = added.dataBlobs
    finalSummary.treeBlobsAdded = added.treeBlobs
    finalSummary.durationSeconds = Date().timeIntervalSince(started)
    let snapshot = Snapshot(
      time: Snapshot.timestamp(started), tree: rootID, paths: paths, hostname: options.hostname,
      username: ProcessInfo.processInfo.environment["USER"] ?? "", tags: options.tags, parent: parent?.id,
      programVersion: "warden", summary: finalSummary)
    let id = try repository.save(snapshot, kind: .snapshots)
    return SnapshotEntry(id: id, snapshot: snapshot)
  }

  /// Absolute, standardized, existing, without duplicates.
  static func normalize(_ paths: [String]) throws -> [String] {
    guard !paths.isEmpty else { throw BackupError(.usage, "nothing to back up: give at least one path") }
    var out: [String] = []
    for path in paths {
      let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
      var info = stat()
      guard lstat(absolute, &info) == 0 else { throw BackupError(fileSystemAction: "back up", path: absolute, errno: errno) }
      if !out.contains(absolute) { out.append(absolute) }
    }
    return out.sorted()
  }

  /// The newest snapshot of the same host and paths, whose unchanged files are reused.
  private func parentSnapshot(paths: [String], hostname: String) throws -> SnapshotEntry? {
    try repository.snapshots().last { $0.snapshot.hostname == hostname && $0.snapshot.paths == paths }
  }

  // MARK: the path trie above the backed-up paths

  /// The root tree: a directory node for each component leading to each path (with that
  /// directory's own metadata), and the paths themselves archived whole.
  private func archiveRoots(_ paths: [String], parentRoot: Tree?, options: BackupOptions) throws -> Tree {
    try archiveLevel(prefix: "", remainders: paths.map { $0.split(separator: "/").map(String.init) }, parent: parentRoot, options: options)
  }

  private func archiveLevel(prefix: String, remainders: [[String]], parent: Tree?, options: BackupOptions) throws -> Tree {
    var byFirst: [String: [[String]]] = [:]
    for components in remainders where !components.isEmpty {
      byFirst[components[0], default: []].append(Array(components.dropFirst()))
    }
    var nodes: [Node] = []
    for (name, rests) in byFirst.sorted(by: { $0.key < $1.key }) {
      let path = prefix + "/" + name
      let previous = parent?.node(named: name)
      if rests.contains(where: \.isEmpty) {
        // This component is itself a backed-up path: everything below it.
        if let node = try archive(path: path, name: name, previous: previous, options: options) { nodes.append(node) }
      } else {
        guard case .success(var node) = FileStatus.node(path: path, name: name, names: names) else { continue }
        let previousTree = try previous?.subtree.map { try loadTree($0) }
        node.subtree = try storeTree(try archiveLevel(prefix: path, remainders: rests, parent: previousTree, options: options))
        nodes.append(node)
      }
    }
    return Tree(nodes: nodes)
  }

  // MARK: walking

  /// Archives one path of any type; nil when it could not be read (recorded in the summary).
  private func archive(path: String, name: String, previous: Node?, options: BackupOptions) throws -> Node? {
    let status = FileStatus.node(path: path, name: name, names: names)
    guard case .success(var node) = status else {
      if case .failure(let error) = status { recordError(error.message) }
      return nil
    }
    switch node.type {
    case .dir:
      let previousTree = try previous?.subtree.map { try loadTree($0) }
      guard let tree = try archiveDirectory(path: path, previous: previousTree, options: options) else { return nil }
      node.subtree = try storeTree(tree)
      summary.withLock { $0.directories += 1 }
    case .file:
      let results = try storeFiles([(path, node, previous)], options: options)
      guard let stored = results[0] else { return nil }
      node = stored
    default:
      break
    }
    return node
  }

  private func archiveDirectory(path: String, previous: Tree?, options: BackupOptions) throws -> Tree? {
    let names: [String]
    do {
      names = try FileIO.list(path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    } catch {
      recordError(error.message)
      return nil
    }
    var nodes: [Node] = []
    var pendingFiles: [(path: String, node: Node, previous: Node?)] = []
    for name in names {
      let child = path == "/" ? "/" + name : path + "/" + name
      if isExcluded(name: name, path: child, patterns: options.excludes) { continue }
      let status = FileStatus.node(path: child, name: name, names: self.names)
      guard case .success(let node) = status else {
        if case .failure(let error) = status { recordError(error.message) }
        continue
      }
      let before = previous?.node(named: name)
      switch node.type {
      case .file:
        pendingFiles.append((child, node, before))
      case .dir:
        if let archived = try archive(path: child, name: name, previous: before, options: options) { nodes.append(archived) }
      default:
        nodes.append(node)
      }
    }
    for stored in try storeFiles(pendingFiles, options: options) {
      if let stored { nodes.append(stored) }
    }
    return Tree(nodes: nodes)
  }

  /// Stores the content of regular files, in parallel; unchanged files reuse their previous
  /// content. A file that cannot be read gives nil (and an error in the summary).
  private func storeFiles(_ entries: [(path: String, node: Node, previous: Node?)], options: BackupOptions) throws -> [Node?] {
    guard !entries.isEmpty else { return [] }
    let results = Mutex<[Result<Node?, any Error>]>(Array(repeating: .success(nil), count: entries.count))
    let work: @Sendable (Int) -> Void = { [self] index in
      let entry = entries[index]
      var node = entry.node
      if let previous = entry.previous, node.unchanged(since: previous), let content = previous.content,
        content.allSatisfy({ writer.contains($0) })
      {
        node.content = content
        summary.withLock {
          $0.filesUnmodified += 1
          $0.totalFiles += 1
          $0.totalBytes += node.size
        }
        results.withLock { $0[index] = .success(node) }
        return
      }
      do {
        let stored = try files.store(path: entry.path)
        node.content = stored.content
        node.size = stored.bytesRead
        summary.withLock {
          if entry.previous == nil { $0.filesNew += 1 } else { $0.filesChanged += 1 }
          $0.totalFiles += 1
          $0.totalBytes += stored.bytesRead
          $0.bytesRead += stored.bytesRead
        }
        report(path: entry.path, bytes: stored.bytesRead, options: options)
        results.withLock { $0[index] = .success(node) }
      } catch let error as BackupError where error.kind == .io {
        recordError(error.message)
        results.withLock { $0[index] = .success(nil) }
      } catch {
        results.withLock { $0[index] = .failure(error) }
      }
    }
    if entries.count == 1 || options.workers == 1 {
      for index in entries.indices { work(index) }
    } else {
      // Bounded parallelism: at most `workers` files at once, each holding one read window.
      let gate = DispatchSemaphore(value: options.workers)
      let group = DispatchGroup()
      let queue = DispatchQueue.global(qos: .userInitiated)
      for index in entries.indices {
        gate.wait()
        queue.async(group: group) {
          work(index)
          gate.signal()
        }
      }
      group.wait()
    }
    return try results.withLock { $0 }.map { try $0.get() }
  }

  private func report(path: String, bytes: UInt64, options: BackupOptions) {
    guard let progress = options.progress else { return }
    let snapshot = progressState.withLock { state -> BackupProgress in
      state.files += 1
      state.bytesRead += bytes
      state.currentPath = path
      return state
    }
    progress(snapshot)
  }

  private func recordError(_ message: String) {
    summary.withLock { $0.errors.append(message) }
  }

  private func isExcluded(name: String, path: String, patterns: [String]) -> Bool {
    patterns.contains { pattern in fnmatch(pattern, name, 0) == 0 || fnmatch(pattern, path, 0) == 0 }
  }

  // MARK: trees

  private func storeTree(_ tree: Tree) throws -> BlobID {
    let bytes = try [UInt8](JSONEncoder.sorted.encode(tree))
    let id = BlobID.hash(bytes)
    _ = try writer.store(bytes, id: id, type: .tree)
    return id
  }

  private func loadTree(_ id: BlobID) throws -> Tree {
    try TreeReader(repository: repository, index: writer.index).tree(id)
  }
}
