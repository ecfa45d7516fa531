// Reads and atomically replaces the positions file: the new content goes to a temporary file in
// the same directory, is fsynced, renamed over the old one, and the directory is fsynced, so after
// a crash the file is either the old or the new version, never a torn mix.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct PositionsFile: Sendable {
  let path: String

  private var directory: String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// What the file says; nil if there is no file yet.
  func load() throws(LogPositionsError) -> LogPositions? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    if descriptor < 0 {
      if errno == ENOENT { return nil }
      throw LogPositionsError("cannot open positions file \(path): \(Self.describe(errno))")
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count > 0 {
        bytes += chunk[..<count]
        if bytes.count > LogPositions.maximumFileBytes {
          throw LogPositionsError("positions file \(path) is over the \(LogPositions.maximumFileBytes)-byte limit")
        }
      } else if count == 0 {
        break
      } else if errno != EINTR {
        throw LogPositionsError("cannot read positions file \(path): \(Self.describe(errno))")
      }
    }
    return try LogPositions.decode(bytes)
  }

  /// Replaces the file with `positions`, creating its directory if needed.
  func store(_ positions: LogPositions) throws(LogPositionsError) {
    try makeDirectory(directory)
    let temporary = path + ".tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw LogPositionsError("cannot create \(temporary): \(Self.describe(errno))") }
    let bytes = positions.encoded()
    var written = 0
    let failure: Int32? = bytes.withUnsafeBytes { raw in
      while written < raw.count {
        let count = write(descriptor, raw.baseAddress! + written, raw.count - written)
        if count > 0 {
          written += count
        } else if count < 0 && errno != EINTR {
          return errno
        }
      }
      return fsync(descriptor) == 0 ? nil : errno
    }
    close(descriptor)
    if let failure {
      unlink(temporary)
      throw LogPositionsError("cannot write \(temporary): \(Self.describe(failure))")
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw LogPositionsError("cannot rename \(temporary) to \(path): \(Self.describe(code))")
    }
    // Makes the rename itself durable.
    let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }

  /// Moves an unreadable file aside (to `<path>.corrupt`) so it can be examined later, and the
  /// tailer can start over without it.
  func setAside() -> String {
    let aside = path + ".corrupt"
    rename(path, aside)
    return aside
  }

  private func makeDirectory(_ directory: String) throws(LogPositionsError) {
    var info = stat()
    if stat(directory, &info) == 0 { return }
    let parent = directory.lastIndex(of: "/").map { String(directory[..<$0]) } ?? ""
    if !parent.isEmpty { try makeDirectory(parent) }
    if mkdir(directory, 0o755) != 0 && errno != EEXIST {
      throw LogPositionsError("cannot create directory \(directory): \(Self.describe(errno))")
    }
  }

  private static func describe(_ code: Int32) -> String {
    String(cString: strerror(code))
  }
}
