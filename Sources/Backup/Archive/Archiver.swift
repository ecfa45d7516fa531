// `backup`: walks the given paths, stores changed files' chunks and every directory's tree, then
// writes the snapshot. The components above the backed-up paths are handled here; below them the
// walk runs on a pool of threads (ArchiveWalk.swift). Files whose size, mtime, ctime and inode
// match the parent snapshot are not read again.
// Order of durability: packs, then their index files, then the snapshot, so a snapshot never
// names data that is not safely in the repository.
import Codecs
import Dispatch
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
  import Glibc
#endif

package struct BackupOptions: Sendable {
  package var paths: [String]
  /// fnmatch patterns, matched against each entry's name and its absolute path.
  package var excludes: [String] = []
  package var tags: [String] = []
  /// Streams stored as files at their own paths (database dumps, standard input).
  package var streams: [StreamSource] = []
  package var hostname: String = ProcessInfo.processInfo.hostName
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
  let writer: BlobWriter
  let files: FileChunkStore
  let names = OwnerNames()
  let summary = NIOLockedValueBox(Snapshot.Summary())
  private let progressState = NIOLockedValueBox(BackupProgress())
  /// Cores: how many large files are read at once (each holds a 12 MiB window).
  let workers: Int

  package init(repository: Repository, index: RepositoryIndex, workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)) {
    self.repository = repository
    self.workers = max(1, workers)
    writer = BlobWriter(repository: repository, index: index)
    files = FileChunkStore(chunker: ContentChunker(seed: repository.config.chunkerSeed), writer: writer)
  }

  /// Runs the backup and writes the snapshot; errors reading single files are in the summary.
  package func run(_ options: BackupOptions) throws -> SnapshotEntry {
    let started = Date()
    Self.returnLargeBuffersAtOnce()
    let paths = try Self.normalize(options.paths, streams: options.streams.count)
    for stream in options.streams {
      guard stream.path.hasPrefix("/"), stream.path.split(separator: "/").allSatisfy({ $0 != ".." && $0 != "." }) else {
        throw BackupError(.usage, "a stream's path must be absolute and plain: \(stream.path)")
      }
    }
    let parent = try parentSnapshot(paths: paths, hostname: options.hostname)
    let parentRoot = try parent.map { try loadTree($0.snapshot.tree) }
    let walk = Walk(options: options, workers: workers)
    defer { walk.pool.shutdown() }
    let root = try archiveRoots(paths, parentRoot: parentRoot, walk: walk)
    let recorded = (paths + options.streams.map(\.path)).sorted()
    let rootID = try storeTree(root)
    try writer.flush()
    var finalSummary = summary.withLockedValue { $0 }
    let added = writer.added
    finalSummary.bytesAdded = added.bytes
    finalSummary.dataBlobsAdded = added.dataBlobs
    finalSummary.treeBlobsAdded = added.treeBlobs
    finalSummary.durationSeconds = Date().timeIntervalSince(started)
    let snapshot = Snapshot(
      time: Snapshot.timestamp(started), tree: rootID, paths: recorded, hostname: options.hostname,
      username: ProcessInfo.processInfo.environment["USER"] ?? "", tags: options.tags, parent: parent?.id,
      programVersion: "warden", summary: finalSummary)
    let id = try repository.save(snapshot, kind: .snapshots)
    return SnapshotEntry(id: id, snapshot: snapshot)
  }

  /// Absolute, standardized, existing, without duplicates.
  static func normalize(_ paths: [String], streams: Int = 0) throws -> [String] {
    guard !paths.isEmpty || streams > 0 else { throw BackupError(.usage, "nothing to back up: give at least one path") }
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
    try repository.snapshots().last { $0.snapshot.hostname == hostname && Set(paths).isSubset(of: $0.snapshot.paths) }
  }

  // MARK: the path trie above the backed-up paths

  /// The root tree: a directory node for each component leading to each path (with that
  /// directory's own metadata), and the paths themselves archived whole.
  /// A path to archive: a file-system path, or a stream stored under its own path.
  private struct Leaf {
    var components: [String]
    var stream: StreamSource?
  }

  private func archiveRoots(_ paths: [String], parentRoot: Tree?, walk: Walk) throws -> Tree {
    let leaves =
      paths.map { Leaf(components: $0.split(separator: "/").map(String.init), stream: nil) }
      + walk.options.streams.map { Leaf(components: $0.path.split(separator: "/").map(String.init), stream: $0) }
    return try archiveLevel(prefix: "", leaves: leaves, parent: parentRoot, walk: walk)
  }

  private func archiveLevel(prefix: String, leaves: [Leaf], parent: Tree?, walk: Walk) throws -> Tree {
    var byFirst: [String: [Leaf]] = [:]
    for leaf in leaves where !leaf.components.isEmpty {
      byFirst[leaf.components[0], default: []].append(Leaf(components: Array(leaf.components.dropFirst()), stream: leaf.stream))
    }
    var nodes: [Node] = []
    for (name, rests) in byFirst.sorted(by: { $0.key < $1.key }) {
      let path = prefix + "/" + name
      let previous = parent?.node(named: name)
      if let stream = rests.first(where: { $0.components.isEmpty && $0.stream != nil })?.stream {
        nodes.append(try archive(stream: stream, name: name))
      } else if rests.contains(where: { $0.components.isEmpty }) {
        // This component is itself a backed-up path: everything below it.
        if let node = try archive(path: path, name: name, previous: previous, walk: walk) { nodes.append(node) }
      } else {
        // A directory on the way to the paths: its own metadata, or made up for a stream's path.
        var node: Node
        if case .success(let status) = FileStatus.node(path: path, name: name, names: names), status.type == .dir, rests.contains(where: { $0.stream == nil }) {
          node = status
        } else {
          node = Self.syntheticDirectory(name)
        }
        let previousTree = try previous?.subtree.map { try loadTree($0) }
        node.subtree = try storeTree(try archiveLevel(prefix: path, leaves: rests, parent: previousTree, walk: walk))
        nodes.append(node)
      }
    }
    return Tree(nodes: nodes)
  }

  /// Stores a stream as a regular file node (mode 0600, owned by this process, time now).
  private func archive(stream: StreamSource, name: String) throws -> Node {
    let (descriptor, finish) = try stream.open()
    let stored: FileChunkStore.Stored
    do {
      defer { close(descriptor) }
      stored = try files.store(descriptor: descriptor, path: stream.path)
    }
    try finish()
    let now = Self.nowNanoseconds()
    summary.withLockedValue {
      $0.filesNew += 1
      $0.totalFiles += 1
      $0.totalBytes += stored.bytesRead
      $0.bytesRead += stored.bytesRead
    }
    return Node(
      name: name, type: .file, mode: 0o600, uid: getuid(), gid: getgid(), user: names.user(getuid()), group: names.group(getgid()),
      size: stored.bytesRead, mtime: now, atime: now, ctime: now, inode: 0, device: 0, links: 1, target: nil, rdev: nil,
      content: stored.content, subtree: nil)
  }

  /// The walk's threads each allocate and free chunk-sized buffers (read windows, compressed and
  /// sealed blobs, packs). glibc then raises its mmap threshold (up to 32 MiB) and keeps the freed
  /// buffers in per-thread arenas: measured, 3x the peak memory of the same backup on 2 threads.
  /// A fixed threshold hands buffers of 1 MiB and more back to the system when freed (and turns
  /// off that adaptation, process-wide: harmless for the rest of Warden).
  private static func returnLargeBuffersAtOnce() {
    #if canImport(Glibc)
      // <malloc.h> is not in the Glibc module: mallopt is looked up, M_MMAP_THRESHOLD is -3 there.
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(nil, "mallopt") else { return }  // nil: RTLD_DEFAULT
      _ = unsafeBitCast(symbol, to: Mallopt.self)(-3, 1 << 20)
    #endif
  }

  private static func syntheticDirectory(_ name: String) -> Node {
    let now = nowNanoseconds()
    return Node(
      name: name, type: .dir, mode: 0o755, uid: getuid(), gid: getgid(), user: nil, group: nil, size: 0, mtime: now, atime: now,
      ctime: now, inode: 0, device: 0, links: 1, target: nil, rdev: nil, content: nil, subtree: nil)
  }

  private static func nowNanoseconds() -> Int64 {
    Int64(Date().timeIntervalSince1970 * 1e9)
  }

  // MARK: walking

  /// Archives one path of any type; nil when it could not be read (recorded in the summary).
  /// A directory is walked on the pool (see ArchiveWalk) while this thread waits.
  private func archive(path: String, name: String, previous: Node?, walk: Walk) throws -> Node? {
    let status = FileStatus.node(path: path, name: name, names: names)
    guard case .success(let node) = status else {
      if case .failure(let error) = status { recordError(error.message) }
      return nil
    }
    switch node.type {
    case .dir:
      let result = NIOLockedValueBox<Node?>(nil)
      let done = DispatchSemaphore(value: 0)
      walk.pool.submit(.directory) { [self] in
        walkDirectory(path: path, node: node, previous: previous, walk: walk) { archived in
          result.withLockedValue { $0 = archived }
          done.signal()
        }
      }
      done.wait()
      if let failure = walk.failure.withLockedValue({ $0 }) { throw failure }
      return result.withLockedValue { $0 }
    case .file:
      if let reused = reuse(node, previous: previous) { return reused }
      return try read(path: path, node: node, isNew: previous == nil, walk: walk)
    default:
      return node
    }
  }

  func report(path: String, bytes: UInt64, options: BackupOptions) {
    guard let progress = options.progress else { return }
    let snapshot = progressState.withLockedValue { state -> BackupProgress in
      state.files += 1
      state.bytesRead += bytes
      state.currentPath = path
      return state
    }
    progress(snapshot)
  }

  func recordError(_ message: String) {
    summary.withLockedValue { $0.errors.append(message) }
  }

  func isExcluded(name: String, path: String, patterns: [String]) -> Bool {
    patterns.contains { pattern in fnmatch(pattern, name, 0) == 0 || fnmatch(pattern, path, 0) == 0 }
  }

  // MARK: trees

  func storeTree(_ tree: Tree) throws -> BlobID {
    let bytes = TreeEncoder.encode(tree)
    let id = BlobID.hash(bytes)
    _ = try writer.store(bytes, id: id, type: .tree)
    return id
  }

  func loadTree(_ id: BlobID) throws -> Tree {
    try TreeReader(repository: repository, index: writer.index).tree(id)
  }
}
