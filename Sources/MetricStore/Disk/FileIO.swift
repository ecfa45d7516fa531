// The metric store's file helpers: Codecs' shared POSIX helpers throwing `StoreError`, where
// ENOSPC and EDQUOT become "out of space".
import Codecs
#if canImport(Glibc)
  import Glibc
#endif

typealias FileIO = PosixFiles<StoreError>

extension StoreError: FileSystemFailure {
  package init(fileSystemAction action: String, path: String, errno code: Int32) {
    let kind: StoreError.Code = (code == ENOSPC || code == EDQUOT) ? .outOfSpace : .io
    self.init(kind, "cannot \(action) \(path): \(FileIO.reason(code))")
  }
}
