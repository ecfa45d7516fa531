// A whole segment file memory-mapped read-only. Unmapped when the last reference goes away, so
// borrowed pointers are valid while the owner holds the object.
#if canImport(Glibc)
  import Glibc
#endif

/// A read-only mapping of a file's bytes at open time.
///
/// `@unchecked Sendable` is safe: the only state is an immutable pointer and length set in
/// `init`; the region is mapped `PROT_READ` (no one can write through it), is owned solely by this
/// final class, and is unmapped only in `deinit`, when no reference (and so no reader) remains.
/// Segment files are never modified in place: they are replaced by rename or unlinked, and both
/// leave an existing mapping intact.
final class MappedSegmentFile: @unchecked Sendable {
  let path: String
  /// The file's bytes; empty for an empty file (nothing is mapped then).
  let bytes: UnsafeRawBufferPointer

  init(_ path: String) throws(LogStoreError) {
    self.path = path
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw LogFileIO.error("open", path, errno: errno) }
    defer { close(descriptor) }
    let size = LogFileIO.size(descriptor)
    guard size > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0)
    guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else {
      throw LogFileIO.error("map", path, errno: errno)
    }
    bytes = UnsafeRawBufferPointer(start: address, count: size)
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }
}
