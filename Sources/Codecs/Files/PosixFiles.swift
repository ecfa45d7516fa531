// Thin POSIX file helpers shared by the metric and log stores: whole writes, fsync, truncation,
// directory listing, atomic replacement, with errors that name the file and keep errno, so that
// ENOSPC can become each store's "out of space". Generic over the store's own error type, so each
// store calls them with its typed throws (`typealias FileIO = PosixFiles<StoreError>`).
#if canImport(Glibc)
  import Glibc
#endif

/// An error type the file helpers can throw: built from the failed action, the path and errno.
package protocol FileSystemFailure: Error {
  /// `action` (e.g. "write") failed on `path` with `code`; ENOSPC and EDQUOT should become the
  /// type's out-of-space case.
  init(fileSystemAction action: String, path: String, errno code: Int32)
}

package enum PosixFiles<Failure: FileSystemFailure> {
  package static func error(_ action: String, _ path: String, errno code: Int32) -> Failure {
    Failure(fileSystemAction: action, path: path, errno: code)
  }

  /// `strerror`'s text for `code`.
  package static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

  /// Creates `path` and its missing parents.
  package static func makeDirectory(_ path: String) throws(Failure) {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o755) != 0, errno != EEXIST {
        throw error("create directory", current, errno: errno)
      }
    }
  }

  /// Names in a directory, without `.` and `..`.
  package static func list(_ path: String) throws(Failure) -> [String] {
    guard let directory = opendir(path) else { throw error("list", path, errno: errno) }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name != ".", name != ".." { names.append(name) }
    }
    return names
  }

  package static func openForAppend(_ path: String) throws(Failure) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw error("open", path, errno: errno) }
    return descriptor
  }

  /// Creates (or truncates) a file for writing.
  package static func create(_ path: String) throws(Failure) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw error("create", path, errno: errno) }
    return descriptor
  }

  /// Writes all of `bytes`, retrying short writes and EINTR.
  package static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(Failure) {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw error("write", path, errno: errno)
      }
      offset += written
    }
  }

  /// Writes all of `bytes` (an array, so callers need no typed-throws closure).
  package static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(Failure) {
    // withUnsafeBytes rethrows untyped errors, so the typed one is carried out as a value.
    let failure: Failure? = bytes.withUnsafeBytes { buffer in
      do throws(Failure) {
        try writeAll(descriptor, buffer, path: path)
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  package static func sync(_ descriptor: Int32, path: String) throws(Failure) {
    if fdatasync(descriptor) != 0 { throw error("sync", path, errno: errno) }
  }

  /// Makes new, renamed or removed directory entries durable, best effort.
  package static func syncDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }

  /// Like `syncDirectory`, but reports failure (for steps whose durability is promised).
  package static func syncDirectoryOrThrow(_ path: String) throws(Failure) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw error("open directory", path, errno: errno) }
    defer { close(descriptor) }
    if fsync(descriptor) != 0 { throw error("sync directory", path, errno: errno) }
  }

  package static func truncate(_ path: String, to size: Int) throws(Failure) {
    if Glibc.truncate(path, off_t(size)) != 0 { throw error("truncate", path, errno: errno) }
  }

  package static func size(_ descriptor: Int32) -> Int {
    var info = stat()
    return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
  }

  /// The size of the file at `path`, 0 when it cannot be read.
  package static func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
  }

  /// Whether anything exists at `path`.
  package static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// Reads a whole file.
  package static func read(_ path: String) throws(Failure) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw error("open", path, errno: errno) }
    defer { close(descriptor) }
    let total = size(descriptor)
    var bytes = [UInt8](repeating: 0, count: total)
    var offset = 0
    while offset < total {
      let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + offset, total - offset) }
      if count < 0 {
        if errno == EINTR { continue }
        throw error("read", path, errno: errno)
      }
      if count == 0 { break }
      offset += count
    }
    return offset == total ? bytes : Array(bytes[0..<offset])
  }

  /// Creates `path` holding exactly `bytes`, fsynced before it returns.
  package static func writeFile(_ path: String, _ bytes: [UInt8]) throws(Failure) {
    let descriptor = try create(path)
    defer { close(descriptor) }
    try writeAll(descriptor, bytes, path: path)
    try sync(descriptor, path: path)
  }

  /// Replaces `path` with exactly `bytes`, atomically: a temporary file, synced, renamed over it,
  /// and the directory synced. A crash leaves the old file or the new one, never a mix.
  package static func replaceFile(_ path: String, with bytes: [UInt8], directory: String) throws(Failure) {
    let temporary = path + ".tmp"
    let descriptor = try create(temporary)
    do throws(Failure) {
      try writeAll(descriptor, bytes, path: temporary)
      try sync(descriptor, path: temporary)
    } catch {
      close(descriptor)
      remove(temporary)
      throw error
    }
    close(descriptor)
    try rename(temporary, to: path)
    try syncDirectoryOrThrow(directory)
  }

  /// Atomically renames `source` to `destination` (same file system).
  package static func rename(_ source: String, to destination: String) throws(Failure) {
    if Glibc.rename(source, destination) != 0 { throw error("rename \(source) to", destination, errno: errno) }
  }

  /// Removes a directory that holds only files (such as a block), and the files; absent is fine.
  package static func removeFlatDirectory(_ path: String) throws(Failure) {
    guard exists(path) else { return }
    for name in try list(path) where unlink(path + "/" + name) != 0 && errno != ENOENT {
      throw error("remove", path + "/" + name, errno: errno)
    }
    if rmdir(path) != 0, errno != ENOENT { throw error("remove directory", path, errno: errno) }
  }

  /// Removes a file; one already gone is fine.
  package static func remove(_ path: String) {
    _ = unlink(path)
  }
}
