// Thin POSIX file helpers for the store: whole writes, fsync, truncation, directory listing,
// with errors that name the file and keep errno (ENOSPC must become "out of space").
#if canImport(Glibc)
  import Glibc
#endif

enum FileIO {
  static func error(_ action: String, _ path: String, errno code: Int32) -> StoreError {
    let reason = String(cString: strerror(code))
    let kind: StoreError.Code = (code == ENOSPC || code == EDQUOT) ? .outOfSpace : .io
    return StoreError(kind, "cannot \(action) \(path): \(reason)")
  }

  static func makeDirectory(_ path: String) throws(StoreError) {
    var components: [Substring] = []
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      components.append(part)
      current += "/" + part
      if mkdir(current, 0o755) != 0, errno != EEXIST {
        throw error("create directory", current, errno: errno)
      }
    }
  }

  /// Names in a directory, without `.` and `..`.
  static func list(_ path: String) throws(StoreError) -> [String] {
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

  static func openForAppend(_ path: String) throws(StoreError) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw error("open", path, errno: errno) }
    return descriptor
  }

  /// Writes all of `bytes`, retrying short writes and EINTR.
  static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(StoreError) {
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

  static func sync(_ descriptor: Int32, path: String) throws(StoreError) {
    if fdatasync(descriptor) != 0 { throw error("sync", path, errno: errno) }
  }

  /// Makes a new file's directory entry durable.
  static func syncDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }

  static func truncate(_ path: String, to size: Int) throws(StoreError) {
    if Glibc.truncate(path, off_t(size)) != 0 { throw error("truncate", path, errno: errno) }
  }

  static func size(_ descriptor: Int32) -> Int {
    var info = stat()
    return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
  }

  /// Reads a whole file.
  static func read(_ path: String) throws(StoreError) -> [UInt8] {
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
    return Array(bytes[0..<offset])
  }
}

extension FileIO {
  /// The size of the file at `path`, 0 when it cannot be read.
  static func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
  }
}

extension FileIO {
  /// Writes all of `bytes` (an array, so callers need no typed-throws closure).
  static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
    // withUnsafeBytes rethrows untyped errors, so the typed one is carried out as a value.
    let failure: StoreError? = bytes.withUnsafeBytes { buffer in
      do throws(StoreError) {
        try writeAll(descriptor, buffer, path: path)
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  /// Creates (or truncates) a file for writing.
  static func create(_ path: String) throws(StoreError) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw error("create", path, errno: errno) }
    return descriptor
  }

  /// Creates `path` holding exactly `bytes`, fsynced before it returns.
  static func writeFile(_ path: String, _ bytes: [UInt8]) throws(StoreError) {
    let descriptor = try create(path)
    defer { close(descriptor) }
    try writeAll(descriptor, bytes, path: path)
    try sync(descriptor, path: path)
  }

  /// Like `syncDirectory`, but reports failure (for steps whose durability is promised).
  static func syncDirectoryOrThrow(_ path: String) throws(StoreError) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw error("open directory", path, errno: errno) }
    defer { close(descriptor) }
    if fsync(descriptor) != 0 { throw error("sync directory", path, errno: errno) }
  }

  /// Atomically renames `source` to `destination` (same file system).
  static func rename(_ source: String, to destination: String) throws(StoreError) {
    if Glibc.rename(source, destination) != 0 { throw error("rename \(source) to", destination, errno: errno) }
  }

  /// Whether anything exists at `path`.
  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// Removes a directory that holds only files (such as a block), and the files; absent is fine.
  static func removeFlatDirectory(_ path: String) throws(StoreError) {
    guard exists(path) else { return }
    for name in try list(path) where unlink(path + "/" + name) != 0 && errno != ENOENT {
      throw error("remove", path + "/" + name, errno: errno)
    }
    if rmdir(path) != 0, errno != ENOENT { throw error("remove directory", path, errno: errno) }
  }
}

extension FileIO {
  /// Removes a file, ignoring a file that is already gone.
  static func remove(_ path: String) {
    _ = unlink(path)
  }
}
