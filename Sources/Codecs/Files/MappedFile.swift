// A whole file memory-mapped read-only, for the immutable files of the stores (metric blocks, log
// segments). Unmapped when the last reference goes away, so borrowed pointers are valid while the
// owner holds the object.
#if canImport(Glibc)
  import Glibc
#endif

/// A read-only mapping of a file's bytes at open time.
///
/// `@unchecked Sendable` is safe: the only state is an immutable pointer and length set in
/// `init`; the region is mapped `PROT_READ` (no one can write through it), is owned solely by
/// this final class, and is unmapped only in `deinit`, when no reference (and so no reader)
/// remains. The stores never modify a mapped file in place: they replace it by rename or unlink
/// it, and both leave an existing mapping intact (truncating one behind the store's back would
/// make reads fault with SIGBUS, as with any mmap reader).
package final class MappedFile: @unchecked Sendable {
  package let path: String
  /// The file's bytes; empty for an empty file (nothing is mapped then).
  package let bytes: UnsafeRawBufferPointer

  /// Maps `path`, throwing the caller's own error type.
  package init<Failure: FileSystemFailure>(_ path: String, failure: Failure.Type) throws(Failure) {
    self.path = path
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw Failure(fileSystemAction: "open", path: path, errno: errno) }
    defer { close(descriptor) }
    let size = PosixFiles<Failure>.size(descriptor)
    guard size > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0)
    guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else {
      throw Failure(fileSystemAction: "map", path: path, errno: errno)
    }
    bytes = UnsafeRawBufferPointer(start: address, count: size)
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }

  package var count: Int { bytes.count }
}
