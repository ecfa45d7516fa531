// Thin POSIX file helpers for the log store: whole writes, fsync, truncation, listing, atomic
// replacement, with errors that name the file and keep errno (ENOSPC becomes "out of space").
#if canImport(Glibc)
  import Glibc
#endif

enum LogFileIO {
  static func error(_ action: String, _ path: String, errno code: Int32) -> LogStoreError {
    let reason = String(cString: strerror(code))
    let kind: LogStoreError.Code = (code == ENOSPC || code == EDQUOT) ? .outOfSpace : .io
    return LogStoreError(kind, "cannot \(action) \(path): \(reason)")
  }

  static func makeDirectory(_ path: String) throws(LogStoreError) {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o755) != 0, errno != EEXIST {
        throw error("create directory", current, errno: errno)
      }
    }
  }

  /// Names in a directory, without `.` and `..`.
  static func list(_ path: String) throws(LogStoreError) -> [String] {
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

  static func openForAppend(_ path: String) throws(LogStoreError) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw error("open", path, errno: errno) }
    return descriptor
  }

  static func create(_ path: String) throws(LogStoreError) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw error("create", path, errno: errno) }
    return descriptor
  }

  /// Writes all of `bytes`, retrying short writes and EINTR.
  static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(LogStoreError) {
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
  static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(LogStoreError) {
    // withUnsafeBytes rethrows untyped errors, so the typed one is carried out as a value.
    let failure: LogStoreError? = bytes.withUnsafeBytes { buffer in
      do throws(LogStoreError) {
        try writeAll(descriptor, buffer, path: path)
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  static func sync(_ descriptor: Int32, path: String) throws(LogStoreError) {
    if fdatasync(descriptor) != 0 { throw error("sync", path, errno: errno) }
  }

  /// Makes new, renamed or removed directory entries durable.
  static func syncDirectory(_ path: String) throws(LogStoreError) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw error("open directory", path, errno: errno) }
    defer { close(descriptor) }
    if fsync(descriptor) != 0 { throw error("sync directory", path, errno: errno) }
  }

  static func truncate(_ path: String, to size: Int) throws(LogStoreError) {
    if Glibc.truncate(path, off_t(size)) != 0 { throw error("truncate", path, errno: errno) }
  }

  static func size(_ descriptor: Int32) -> Int {
    var info = stat()
    return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
  }

  /// The size of the file at `path`, 0 when it cannot be read.
  static func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
  }

  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// Reads a whole file.
  static func read(_ path: String) throws(LogStoreError) -> [UInt8] {
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

  /// Replaces `path` with exactly `bytes`, atomically: a temporary file, synced, renamed over it,
  /// and the directory synced. A crash leaves the old file or the new one, never a mix.
  static func replaceFile(_ path: String, with bytes: [UInt8], directory: String) throws(LogStoreError) {
    let temporary = path + ".tmp"
    let descriptor = try create(temporary)
    do throws(LogStoreError) {
      try writeAll(descriptor, bytes, path: temporary)
      try sync(descriptor, path: temporary)
    } catch {
      close(descriptor)
      remove(temporary)
      throw error
    }
    close(descriptor)
    try rename(temporary, to: path)
    try syncDirectory(directory)
  }

  static func rename(_ source: String, to destination: String) throws(LogStoreError) {
    if Glibc.rename(source, destination) != 0 { throw error("rename \(source) to", destination, errno: errno) }
  }

  /// Removes a file; one already gone is fine.
  static func remove(_ path: String) {
    _ = unlink(path)
  }
}
