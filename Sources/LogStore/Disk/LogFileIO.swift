// The log store's file helpers: Codecs' shared POSIX helpers throwing `LogStoreError`, where
// ENOSPC and EDQUOT become "out of space".
import Codecs
#if canImport(Glibc)
  import Glibc
#endif

typealias LogFileIO = PosixFiles<LogStoreError>

extension LogStoreError: FileSystemFailure {
  package init(fileSystemAction action: String, path: String, errno code: Int32) {
    let kind: LogStoreError.Code = (code == ENOSPC || code == EDQUOT) ? .outOfSpace : .io
    self.init(kind, "cannot \(action) \(path): \(LogFileIO.reason(code))")
  }
}
