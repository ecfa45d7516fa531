// A whole file memory-mapped read-only, for the immutable files of a block. Unmapped when the
// last reference goes away, so borrowed pointers are valid while the owner holds the object.
#if canImport(Glibc)
  import Glibc
#endif

/// A read-only mapping of a file's bytes at open time.
///
/// `@unchecked Sendable` is safe: the only state is an immutable pointer and length set in
/// `init`; the region is mapped `PROT_READ` (no one can write through it), is owned solely by
/// this final class, and is unmapped only in `deinit`, when no reference (and so no reader)
/// remains. Block files are never modified after being written; truncating one behind the
/// store's back would make reads fault (SIGBUS), as with any mmap reader.
final class MappedFile: @unchecked Sendable {
  let path: String
  /// The file's bytes; empty for an empty file (nothing is mapped then).
  let bytes: UnsafeRawBufferPointer

  init(_ path: String) throws(StoreError) {
    self.path = path
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileIO.error("open", path, errno: errno) }
    defer { close(descriptor) }
    let size = FileIO.size(descriptor)
    guard size > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0)
    guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else {
      throw FileIO.error("map", path, errno: errno)
    }
    bytes = UnsafeRawBufferPointer(start: address, count: size)
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }

  var count: Int { bytes.count }
}
