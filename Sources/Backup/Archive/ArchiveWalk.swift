// The walk below a backed-up directory, on a pool of threads: each directory is one job that
// lists it, stats its entries (fstatat on the open directory), reuses unchanged files from the
// parent snapshot, and hands the rest on: files to read in groups (up to 64 files or 4 MiB), and
// its subdirectories as jobs of their own. Nothing waits for its children: the last part of a
// directory to finish (its own job, a group of files, a subdirectory) stores the directory's
// tree and reports the directory's node to its parent. So many stats, directory reads and file
// reads are in flight at once, which is what a cold cache needs, and the cores stay busy.
// The first error that is not about a single unreadable file stops the walk and fails the run.
import Dispatch
import NIOConcurrencyHelpers

#if canImport(Glibc)
  import Glibc
#endif

extension Archiver {
  /// What one run's walk shares: the pool, the options, the gate for large files, the failure.
  final class Walk: Sendable {
    let pool: WorkerPool
    let options: BackupOptions
    /// Large files (a 12 MiB read window each) read at once: one per core, which bounds memory.
    let largeReaders: DispatchSemaphore
    let failure = NIOLockedValueBox<(any Error)?>(nil)

    init(options: BackupOptions, workers: Int) {
      self.options = options
      largeReaders = DispatchSemaphore(value: workers)
      // Mostly waiting on I/O: a few threads per core, at least 8 (what a virtual disk overlaps).
      pool = WorkerPool(threads: min(32, max(8, workers * 2)))
    }

    var failed: Bool { failure.withLockedValue { $0 != nil } }

    func fail(_ error: any Error) {
      failure.withLockedValue { if $0 == nil { $0 = error } }
    }
  }

  /// A directory waiting for its parts; the part that brings `pending` to zero gets every node.
  final class PendingDirectory: Sendable {
    private let state: NIOLockedValueBox<(nodes: [Node], pending: Int)>

    init(parts: Int, capacity: Int) {
      var nodes: [Node] = []
      nodes.reserveCapacity(capacity)
      state = NIOLockedValueBox((nodes, parts))
    }

    /// Adds a part's nodes; returns all nodes when it was the last part.
    func finish(_ nodes: [Node]) -> [Node]? {
      state.withLockedValue { state -> [Node]? in
        state.nodes += nodes
        state.pending -= 1
        guard state.pending == 0 else { return nil }
        defer { state.nodes = [] }
        return state.nodes
      }
    }
  }

  typealias FileEntry = (path: String, node: Node, previous: Node?)

  /// Walks directory `path` (whose own metadata is `node`) and calls `completion` once with its
  /// node, subtree stored; or nil when it could not be read (recorded) or the walk failed.
  func walkDirectory(path: String, node: Node, previous: Node?, walk: Walk, completion: @escaping @Sendable (Node?) -> Void) {
    guard !walk.failed else { return completion(nil) }
    let previousTree: Tree?
    do {
      previousTree = try previous?.subtree.map { try loadTree($0) }
    } catch {
      walk.fail(error)
      return completion(nil)
    }
    let listing: (directory: OpaquePointer, names: [String])
    switch FileStatus.list(path) {
    case .success(let opened): listing = opened
    case .failure(let error):
      recordError(error.message)
      return completion(nil)
    }
    // By name once per directory: looking each entry up in the list would be quadratic.
    var previousByName: [String: Node] = [:]
    previousByName.reserveCapacity(previousTree?.nodes.count ?? 0)
    for node in previousTree?.nodes ?? [] { previousByName[node.name] = node }

    let descriptor = dirfd(listing.directory)
    let excludes = walk.options.excludes
    var owners = OwnerNames.Memo(names)
    var ready: [Node] = []
    var unchanged: [FileEntry] = []
    var toRead: [FileEntry] = []
    var subdirectories: [FileEntry] = []
    for name in listing.names {
      let child = path == "/" ? "/" + name : path + "/" + name
      if !excludes.isEmpty, isExcluded(name: name, path: child, patterns: excludes) { continue }
      let status = FileStatus.node(in: descriptor, entry: name, path: child, name: name, names: &owners)
      guard case .success(let entry) = status else {
        if case .failure(let error) = status { recordError(error.message) }
        continue
      }
      let before = previousByName[name]
      switch entry.type {
      case .file:
        if let before, entry.unchanged(since: before) {
          unchanged.append((child, entry, before))
        } else {
          toRead.append((child, entry, before))
        }
      case .dir:
        subdirectories.append((child, entry, before))
      default:
        ready.append(entry)
      }
    }
    closedir(listing.directory)
    // Unchanged files keep their content when the repository still has all of it (one lock for
    // the directory); the rest are read.
    let present = writer.containsAll(unchanged.map { $0.previous?.content ?? [] })
    var reused = (files: 0, bytes: UInt64(0))
    for (entry, isPresent) in zip(unchanged, present) {
      guard isPresent else {
        toRead.append(entry)
        continue
      }
      var node = entry.node
      node.content = entry.previous?.content
      reused.files += 1
      reused.bytes += node.size
      ready.append(node)
    }
    if reused.files > 0 {
      summary.withLockedValue {
        $0.filesUnmodified += reused.files
        $0.totalFiles += reused.files
        $0.totalBytes += reused.bytes
      }
    }

    let groups = WorkBatches.ranges(toRead.map(\.node.size), maxCount: 64, maxBytes: 4 << 20)
    let pending = PendingDirectory(parts: groups.count + subdirectories.count + 1, capacity: listing.names.count)
    let finish: @Sendable ([Node]) -> Void = { [self] parts in
      guard let nodes = pending.finish(parts) else { return }
      guard !walk.failed else { return completion(nil) }
      var directory = node
      do {
        directory.subtree = try storeTree(Tree(nodes: nodes))
      } catch {
        walk.fail(error)
        return completion(nil)
      }
      summary.withLockedValue { $0.directories += 1 }
      completion(directory)
    }
    let files = toRead
    for group in groups {
      walk.pool.submit(.file) { [self] in
        var stored: [Node] = []
        for entry in files[group] where !walk.failed {
          do {
            if let node = try read(path: entry.path, node: entry.node, isNew: entry.previous == nil, walk: walk) { stored.append(node) }
          } catch {
            walk.fail(error)
          }
        }
        finish(stored)
      }
    }
    for subdirectory in subdirectories {
      walk.pool.submit(.directory) { [self] in
        walkDirectory(path: subdirectory.path, node: subdirectory.node, previous: subdirectory.previous, walk: walk) { archived in
          finish(archived.map { [$0] } ?? [])
        }
      }
    }
    finish(ready)
  }

  /// The node with its previous content when the file is unchanged since the parent snapshot and
  /// all of its blobs are still in the repository; nil when it must be read.
  func reuse(_ node: Node, previous: Node?) -> Node? {
    guard let previous, node.unchanged(since: previous), let content = previous.content,
      content.allSatisfy({ writer.contains($0) })
    else { return nil }
    var reused = node
    reused.content = content
    summary.withLockedValue {
      $0.filesUnmodified += 1
      $0.totalFiles += 1
      $0.totalBytes += reused.size
    }
    return reused
  }

  /// Reads and stores one file; nil when it could not be read (recorded in the summary).
  func read(path: String, node: Node, isNew: Bool, walk: Walk) throws -> Node? {
    let large = node.size >= UInt64(files.chunker.minimumSize)
    if large { walk.largeReaders.wait() }
    defer { if large { walk.largeReaders.signal() } }
    let stored: FileChunkStore.Stored
    do {
      stored = try files.store(path: path)
    } catch let error as BackupError where error.kind == .io {
      recordError(error.message)
      return nil
    }
    var result = node
    result.content = stored.content
    result.size = stored.bytesRead
    summary.withLockedValue {
      if isNew { $0.filesNew += 1 } else { $0.filesChanged += 1 }
      $0.totalFiles += 1
      $0.totalBytes += stored.bytesRead
      $0.bytesRead += stored.bytesRead
    }
    report(path: path, bytes: stored.bytesRead, options: walk.options)
    return result
  }
}
