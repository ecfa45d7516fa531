// `restore`: recreates a snapshot's tree under a target directory. The tree is walked first
// (directories created, files planned); file contents are then written in parallel, each file
// by one worker with positional writes, runs of zero blobs left as holes so sparse files stay
// sparse; hard links are made after their first path exists; directory modes and times are set
// last, deepest first, so writing into them does not disturb them. Every blob is verified as it
// is read, so a damaged pack fails only the files that use it.
// Small files are mostly file-system calls (create, write, chmod, times, close) and waits on the
// pack reads: they run on a few threads per core (WorkerPool), in groups that share open packs.
import Codecs
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

package struct RestoreOptions: Sendable {
  package var target: String
  /// Snapshot paths ("/etc/hosts", "/home"): only these and what is under them are restored.
  package var includes: [String] = []
  /// Cores to use; files are written on a few threads per core (1: one thread).
  package var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

  package init(target: String) {
    self.target = target
  }
}

package struct RestoreSummary: Sendable, Equatable {
  package var files = 0
  package var directories = 0
  package var links = 0
  package var bytes: UInt64 = 0
  package var errors: [String] = []
}

package final class Restorer: Sendable {
  private let repository: Repository
  private let reader: TreeReader
  private let summary = Mutex(RestoreSummary())

  package init(repository: Repository, index: RepositoryIndex) {
    self.repository = repository
    reader = TreeReader(repository: repository, index: index)
  }

  private struct Plan {
    var directories: [(path: String, node: Node)] = []
    var files: [(path: String, node: Node)] = []
    var hardLinks: [(path: String, existing: String)] = []
    var others: [(path: String, node: Node)] = []
    var firstPathOfInode: [String: String] = [:]
  }

  package func restore(_ snapshot: SnapshotEntry, options: RestoreOptions) throws -> RestoreSummary {
    let target = URL(fileURLWithPath: options.target).standardizedFileURL.path
    try FileIO.makeDirectory(target)
    var plan = Plan()
    var packs = PackDescriptors()
    defer { packs.closeAll() }
    try walk(
      snapshot.snapshot.tree, relative: "", target: target, includes: options.includes, plan: &plan, packs: &packs,
      buffers: BlobReadBuffers())
    runFiles(plan.files, workers: options.workers)
    for (path, node) in plan.others { restoreSpecial(path: path, node: node) }
    for (path, existing) in plan.hardLinks {
      unlink(path)
      if link(existing, path) == 0 {
        summary.withLock { $0.links += 1 }
      } else {
        recordError(BackupError(fileSystemAction: "link \(existing) to", path: path, errno: errno).message)
      }
    }
    for (path, node) in plan.directories.reversed() { applyMetadata(path: path, node: node, isSymlink: false) }
    return summary.withLock { $0 }
  }

  private func walk(
    _ treeID: BlobID, relative: String, target: String, includes: [String], plan: inout Plan, packs: inout PackDescriptors,
    buffers: BlobReadBuffers
  ) throws {
    let tree = try TreeReader.decode(try withBlob(treeID, packs: &packs, buffers: buffers) { [UInt8]($0) }, id: treeID)
    for node in tree.nodes {
      guard Self.isSafeName(node.name) else {
        recordError("skipped \(relative)/\(node.name.debugDescription): not a safe file name")
        continue
      }
      let snapshotPath = relative + "/" + node.name
      guard Self.selected(snapshotPath, includes: includes, isDirectory: node.type == .dir) else { continue }
      let path = target + snapshotPath
      switch node.type {
      case .dir:
        if mkdir(path, 0o700) != 0, errno != EEXIST {
          recordError(BackupError(fileSystemAction: "create directory", path: path, errno: errno).message)
          continue
        }
        plan.directories.append((path, node))
        summary.withLock { $0.directories += 1 }
        if let subtree = node.subtree {
          try walk(subtree, relative: snapshotPath, target: target, includes: includes, plan: &plan, packs: &packs, buffers: buffers)
        }
      case .file:
        if node.links > 1 {
          let key = "\(node.device):\(node.inode)"
          if let existing = plan.firstPathOfInode[key] {
            plan.hardLinks.append((path, existing))
            continue
          }
          plan.firstPathOfInode[key] = path
        }
        plan.files.append((path, node))
      default:
        plan.others.append((path, node))
      }
    }
  }

  /// A name from a tree must be one path component: never "", ".", ".." or containing "/", so a
  /// crafted snapshot cannot write outside the target.
  static func isSafeName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
  }

  /// Whether `path` is one of `includes`, under one, or a directory on the way to one.
  static func selected(_ path: String, includes: [String], isDirectory: Bool) -> Bool {
    guard !includes.isEmpty else { return true }
    return includes.contains { include in
      let trimmed = include.hasSuffix("/") && include.count > 1 ? String(include.dropLast()) : include
      return path == trimmed || path.hasPrefix(trimmed + "/") || (isDirectory && trimmed.hasPrefix(path + "/"))
    }
  }

  /// Restores files on `workers` threads. Small files go in groups (up to 64 files or 8 MiB) that
  /// share the open pack descriptors, since neighbouring small files usually sit in the same pack.
  private func runFiles(_ files: [(path: String, node: Node)], workers: Int) {
    let batches = WorkBatches.ranges(files.map(\.node.size), maxCount: 64, maxBytes: 8 << 20)
    let pool = WorkerPool(threads: workers == 1 ? 1 : min(32, max(8, workers * 2)))
    let group = DispatchGroup()
    for batch in batches {
      group.enter()
      pool.submit(.file) { [self] in
        var packs = PackDescriptors()
        let buffers = BlobReadBuffers()
        var restored = (files: 0, bytes: UInt64(0))
        for file in files[batch] {
          if let bytes = restoreFile(path: file.path, node: file.node, packs: &packs, buffers: buffers) {
            restored.files += 1
            restored.bytes += bytes
          }
        }
        packs.closeAll()
        // Once per group: a lock per file is contended with many threads.
        summary.withLock {
          $0.files += restored.files
          $0.bytes += restored.bytes
        }
        group.leave()
      }
    }
    group.wait()
    pool.shutdown()
  }

  /// Open pack files of one restore worker, closed when its batch is done.
  private struct PackDescriptors {
    var open: [BlobID: Int32] = [:]

    mutating func descriptor(_ pack: BlobID, path: String) throws -> Int32 {
      if let existing = open[pack] { return existing }
      if open.count >= 64 { closeAll() }
      let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw BackupError(fileSystemAction: "open pack", path: path, errno: errno) }
      open[pack] = descriptor
      return descriptor
    }

    mutating func closeAll() {
      for descriptor in open.values { close(descriptor) }
      open = [:]
    }
  }

  /// Blob `id`, verified, handed to `body` (which must not keep it; see PackReader.withBlob).
  private func withBlob<Result>(
    _ id: BlobID, packs: inout PackDescriptors, buffers: BlobReadBuffers, _ body: (UnsafeRawBufferPointer) throws -> Result
  ) throws -> Result {
    guard let (pack, blob) = reader.index.location(of: id) else {
      throw BackupError(.corrupt, "blob \(id.short) is missing from the repository index")
    }
    let path = repository.packPath(pack)
    let descriptor = try packs.descriptor(pack, path: path)
    return try PackReader.withBlob(blob, packPath: path, cipher: repository.cipher, descriptor: descriptor, buffers: buffers, body)
  }

  /// Writes one file; its size, or nil when it failed (recorded).
  private func restoreFile(path: String, node: Node, packs: inout PackDescriptors, buffers: BlobReadBuffers) -> UInt64? {
    // A new file, never whatever is at `path` (a symlink there must not be followed): replaced
    // only when something is in the way, which saves an unlink per file in an empty target.
    // Created with its permission bits (not setuid, setgid or sticky: chown clears those, so they
    // come after it): when the umask leaves them as they are, no chmod is needed after.
    let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
    let createMode = mode_t(node.mode & 0o777)
    var descriptor = open(path, flags, createMode)
    if descriptor < 0, errno == EEXIST {
      unlink(path)
      descriptor = open(path, flags, createMode)
    }
    guard descriptor >= 0 else {
      recordError(BackupError(fileSystemAction: "create", path: path, errno: errno).message)
      return nil
    }
    defer { close(descriptor) }
    var offset: UInt64 = 0
    var written: UInt64 = 0
    do {
      for id in node.content ?? [] {
        try withBlob(id, packs: &packs, buffers: buffers) { bytes in
          if let end = try writeSkippingZeroBlocks(descriptor, bytes, at: offset, path: path) { written = end }
          offset += UInt64(bytes.count)
        }
      }
      // Sets the size when the file ends in a hole (the file is new: otherwise it is right).
      if written != offset, ftruncate(descriptor, off_t(offset)) != 0 {
        throw BackupError(fileSystemAction: "set the size of", path: path, errno: errno)
      }
    } catch {
      recordError("\(path): \(error)")
      return nil
    }
    applyMetadata(descriptor: descriptor, path: path, node: node)
    return offset
  }

  /// Writes `bytes` at `offset`, leaving 4 KiB blocks of zeros unwritten: the file was just
  /// truncated, so they read back as zeros and take no disk space (a sparse file stays sparse).
  /// Returns where the last write ended in the file, nil when all of `bytes` were zeros.
  private func writeSkippingZeroBlocks(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, at offset: UInt64, path: String) throws -> UInt64? {
    let block = 4096
    var runStart = -1
    var position = 0
    var writtenEnd: UInt64?
    while position < buffer.count {
      let end = min(position + block, buffer.count)
      let isZero = UnsafeRawBufferPointer(rebasing: buffer[position..<end]).allSatisfy { $0 == 0 }
      if isZero, runStart >= 0 {
        try write(descriptor, UnsafeRawBufferPointer(rebasing: buffer[runStart..<position]), at: offset + UInt64(runStart), path: path)
        writtenEnd = offset + UInt64(position)
        runStart = -1
      } else if !isZero, runStart < 0 {
        runStart = position
      }
      position = end
    }
    if runStart >= 0 {
      try write(descriptor, UnsafeRawBufferPointer(rebasing: buffer[runStart...]), at: offset + UInt64(runStart), path: path)
      writtenEnd = offset + UInt64(buffer.count)
    }
    return writtenEnd
  }

  private func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64, path: String) throws {
    var done = 0
    while done < bytes.count {
      let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
      if count < 0 {
        if errno == EINTR { continue }
        throw BackupError(fileSystemAction: "write", path: path, errno: errno)
      }
      done += count
    }
  }

  private func restoreSpecial(path: String, node: Node) {
    unlink(path)
    let result: Int32
    switch node.type {
    case .symlink: result = symlink(node.target ?? "", path)
    case .fifo: result = mkfifo(path, mode_t(node.mode & 0o777))
    case .chardev: result = mknod(path, S_IFCHR | mode_t(node.mode & 0o777), dev_t(node.rdev ?? 0))
    case .blockdev: result = mknod(path, S_IFBLK | mode_t(node.mode & 0o777), dev_t(node.rdev ?? 0))
    case .socket: return  // a socket is recreated by the program that listens on it
    default: return
    }
    guard result == 0 else {
      recordError(BackupError(fileSystemAction: "create \(node.type.rawValue)", path: path, errno: errno).message)
      return
    }
    applyMetadata(path: path, node: node, isSymlink: node.type == .symlink)
  }

  /// Owner (when running as root), mode and times, on a file this restore created. A small-file
  /// restore is mostly system calls that change an inode: owner and mode are set only when the
  /// new file's differ (an `fstat` changes nothing).
  private func applyMetadata(descriptor: Int32, path: String, node: Node) {
    var info = stat()
    let known = fstat(descriptor, &info) == 0
    var ownerChanged = false
    if geteuid() == 0, !known || info.st_uid != node.uid || info.st_gid != node.gid {
      _ = fchown(descriptor, node.uid, node.gid)
      ownerChanged = true
    }
    // chown clears setuid and setgid, so after one the mode is set again whatever it was.
    if !known || ownerChanged || info.st_mode & 0o7777 != mode_t(node.mode & 0o7777) { _ = fchmod(descriptor, mode_t(node.mode)) }
    var times = [Self.timespec(node.atime), Self.timespec(node.mtime)]
    _ = futimens(descriptor, &times)
  }

  private func applyMetadata(path: String, node: Node, isSymlink: Bool) {
    if geteuid() == 0 { _ = lchown(path, node.uid, node.gid) }
    if !isSymlink { _ = chmod(path, mode_t(node.mode)) }
    var times = [Self.timespec(node.atime), Self.timespec(node.mtime)]
    _ = utimensat(AT_FDCWD, path, &times, isSymlink ? AT_SYMLINK_NOFOLLOW : 0)
  }

  static func timespec(_ nanoseconds: Int64) -> Glibc.timespec {
    Glibc.timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
  }

  private func recordError(_ message: String) {
    summary.withLock { $0.errors.append(message) }
  }
}
