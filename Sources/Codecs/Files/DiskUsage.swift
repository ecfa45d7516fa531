// Sizes on disk (for the overview page): a file's bytes, the bytes of every file under a
// directory, and the free and total space of a filesystem, by plain POSIX calls. It lives here
// rather than in Server because release builds of Server attribute `struct stat` to Dispatch's C
// module, which member-import visibility then refuses.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

package enum DiskUsage {
  /// The size of a regular file, 0 when it does not exist.
  package static func fileSize(_ path: String) -> Int {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return 0 }
    return Int(info.st_size)
  }

  /// Bytes of the regular files under `directory`, at any depth; symbolic links are not followed,
  /// and entries that vanish while walking (compaction removing a block) are skipped.
  package static func bytesUnder(_ directory: String, depthLimit: Int = 16) -> Int {
    guard depthLimit > 0, let handle = opendir(directory) else { return 0 }
    defer { closedir(handle) }
    var total = 0
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      let path = directory + "/" + name
      var info = stat()
      guard lstat(path, &info) == 0 else { continue }
      switch info.st_mode & S_IFMT {
      case S_IFREG: total += Int(info.st_size)
      case S_IFDIR: total += bytesUnder(path, depthLimit: depthLimit - 1)
      default: break
      }
    }
    return total
  }

  /// Free (for unprivileged users, as `df` shows) and total bytes of the filesystem holding `path`.
  package static func space(_ path: String) -> (free: Int, total: Int)? {
    var result = statvfs()
    guard statvfs(path, &result) == 0 else { return nil }
    let blockSize = UInt64(result.f_frsize)
    return (Int(clamping: UInt64(result.f_bavail) &* blockSize), Int(clamping: UInt64(result.f_blocks) &* blockSize))
  }
}
