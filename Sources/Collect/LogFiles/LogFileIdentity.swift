// What tells one log file from another across renames: its device and inode numbers, plus a
// fingerprint of its first bytes. The inode follows a file through a rename (rotation by
// rename+create); the fingerprint catches what the inode cannot: an inode number reused by a new
// file while Warden was stopped, and a copytruncate'd file refilled past our offset before we
// looked (its size alone would not show the truncation).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

package struct LogFileIdentity: Hashable, Sendable, Codable, CustomStringConvertible {
  package var device: UInt64
  package var inode: UInt64

  package init(device: UInt64, inode: UInt64) {
    self.device = device
    self.inode = inode
  }

  package var description: String { "\(device):\(inode)" }
}

/// What `stat`/`fstat` tells the tailer about a file.
struct LogFileStatus: Sendable {
  var identity: LogFileIdentity
  var size: Int64
  var isRegularFile: Bool
  /// 0 once the file has been deleted (while someone still holds it open).
  var linkCount: Int

  init(_ info: stat) {
    identity = LogFileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    size = Int64(info.st_size)
    isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
    linkCount = Int(info.st_nlink)
  }

  /// The file `path` names (following symbolic links), or nil if it cannot be examined.
  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    self.init(info)
  }

  init?(descriptor: Int32) {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    self.init(info)
  }
}

/// FNV-1a over a file's first bytes (up to `maximumLength`), with the number of bytes hashed.
package struct LogFileFingerprint: Hashable, Sendable {
  package static let maximumLength = 256

  package var length: Int
  package var hash: UInt64

  package init(length: Int, hash: UInt64) {
    self.length = length
    self.hash = hash
  }

  static let empty = LogFileFingerprint(length: 0, hash: 0xcbf2_9ce4_8422_2325)

  static func of(_ bytes: UnsafeRawBufferPointer) -> LogFileFingerprint {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return LogFileFingerprint(length: bytes.count, hash: hash)
  }

  /// The fingerprint of the first `length` bytes of the open file (fewer if it is shorter),
  /// or nil if it cannot be read.
  static func read(descriptor: Int32, length: Int = maximumLength) -> LogFileFingerprint? {
    withUnsafeTemporaryAllocation(byteCount: maximumLength, alignment: 1) { buffer in
      var filled = 0
      let wanted = min(length, maximumLength)
      while filled < wanted {
        let count = pread(descriptor, buffer.baseAddress! + filled, wanted - filled, off_t(filled))
        if count > 0 {
          filled += count
        } else if count == 0 {
          break
        } else if errno != EINTR {
          return nil
        }
      }
      return of(UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
    }
  }

  /// Whether the open file still starts with the bytes this fingerprint was taken from.
  func matches(descriptor: Int32) -> Bool {
    guard let current = Self.read(descriptor: descriptor, length: length) else { return false }
    return current == self
  }
}
