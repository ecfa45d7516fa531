// Lists a directory with opendir/readdir, handing out names as bytes (for /sys/.../clocksource*
// and /proc/self/fd) without building a String per entry.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum DirectoryListing {
  /// Calls `body` with the name of each entry except `.` and `..`.
  /// - Returns: false if the directory could not be opened.
  @discardableResult
  static func forEachEntry(in path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
    // withCString, not the implicit String-to-pointer conversion: that one copies short (inline)
    // strings into a heap array.
    guard let directory = path.withCString({ opendir($0) }) else { return false }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      withUnsafeBytes(of: &entry.pointee.d_name) { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        let length = bytes.firstIndex(of: 0) ?? bytes.count
        let name = bytes.slice(0, length)
        if name.equals(".") || name.equals("..") { return }
        body(name)
      }
    }
    return true
  }
}
