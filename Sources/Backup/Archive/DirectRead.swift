// Direct I/O (O_DIRECT) for reading large source files: the disk copies straight into the read
// window, without the page cache. A backup reads most of its data once, cold: through the page
// cache each byte is copied twice and the pages it fills evict the machine's working set; on the
// benchmark machine the page cache's allocation was also most of a large backup's system time.
// Set with fcntl on an open descriptor, and taken off again when the file system refuses it (at
// open, as tmpfs does, or on an unaligned read). Not available: the flag's value is per
// architecture and Glibc's Swift module does not export it, so other architectures read buffered.
#if canImport(Glibc)
  import Glibc
#endif

enum DirectRead {
  /// Buffer address, length and file offset of a direct read are multiples of this (the largest
  /// logical block size of common devices).
  static let alignment = 4096

  #if arch(x86_64)
    static let flag: Int32 = 0o40000
  #elseif arch(arm64)
    static let flag: Int32 = 0o200000
  #else
    static let flag: Int32 = 0
  #endif

  /// Turns direct I/O on for `descriptor`; false when the file system does not support it.
  static func enable(_ descriptor: Int32) -> Bool {
    guard flag != 0 else { return false }
    let flags = fcntl(descriptor, F_GETFL)
    return flags >= 0 && fcntl(descriptor, F_SETFL, flags | flag) == 0
  }

  static func disable(_ descriptor: Int32) {
    let flags = fcntl(descriptor, F_GETFL)
    if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~flag) }
  }
}
