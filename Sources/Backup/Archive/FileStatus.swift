// lstat(2) as a snapshot node: the metadata part of a Node, before its content is stored.
// Owner names are looked up once per id and cached for the run. The walk lists a directory and
// stats its entries relative to the open directory (fstatat), so the kernel does not resolve the
// whole path again for each entry.
import NIOConcurrencyHelpers

#if canImport(Glibc)
  import Glibc
#endif

package enum FileStatus {
  /// The node for `path` (named `name`), without content; or the errno text.
  package static func node(path: String, name: String, names: OwnerNames) -> Result<Node, BackupError> {
    var memo = OwnerNames.Memo(names)
    return node(in: AT_FDCWD, entry: path, path: path, name: name, names: &memo)
  }

  /// The node for `entry` relative to the open directory `directory` (or AT_FDCWD); `path` is
  /// for messages.
  static func node(in directory: Int32, entry: String, path: String, name: String, names: inout OwnerNames.Memo) -> Result<Node, BackupError> {
    var info = stat()
    guard fstatat(directory, entry, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
      return .failure(BackupError(fileSystemAction: "stat", path: path, errno: errno))
    }
    let format = info.st_mode & S_IFMT
    let kind: Node.Kind
    var target: String?
    var rdev: UInt64?
    switch format {
    case S_IFREG: kind = .file
    case S_IFDIR: kind = .dir
    case S_IFLNK:
      kind = .symlink
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlinkat(directory, entry, &buffer, buffer.count - 1)
      guard count >= 0 else { return .failure(BackupError(fileSystemAction: "read link", path: path, errno: errno)) }
      target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    case S_IFIFO: kind = .fifo
    case S_IFCHR:
      kind = .chardev
      rdev = UInt64(info.st_rdev)
    case S_IFBLK:
      kind = .blockdev
      rdev = UInt64(info.st_rdev)
    default: kind = .socket
    }
    return .success(
      Node(
        name: name, type: kind, mode: UInt32(info.st_mode & 0o7777), uid: info.st_uid, gid: info.st_gid,
        user: names.user(info.st_uid), group: names.group(info.st_gid),
        size: kind == .file ? UInt64(info.st_size) : 0,
        mtime: nanoseconds(info.st_mtim), atime: nanoseconds(info.st_atim), ctime: nanoseconds(info.st_ctim),
        inode: UInt64(info.st_ino), device: UInt64(info.st_dev), links: UInt64(info.st_nlink), target: target, rdev: rdev,
        content: nil, subtree: nil))
  }

  /// The names in directory `path` (without "." and ".."), and the open directory to stat them
  /// in; `close` it when done.
  static func list(_ path: String) -> Result<(directory: OpaquePointer, names: [String]), BackupError> {
    guard let directory = opendir(path) else { return .failure(BackupError(fileSystemAction: "list", path: path, errno: errno)) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name != ".", name != ".." { names.append(name) }
    }
    return .success((directory, names))
  }

  static func nanoseconds(_ time: timespec) -> Int64 {
    Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }
}

/// uid/gid to names, cached (getpwuid_r reads /etc/passwd each call).
package final class OwnerNames: Sendable {
  /// The last uid and gid looked up, kept by one thread: nearly every entry of a directory has
  /// the same owner, and the shared cache's lock is contended when many threads walk.
  struct Memo {
    let names: OwnerNames
    private var lastUser: (uid: UInt32, name: String?)?
    private var lastGroup: (gid: UInt32, name: String?)?

    init(_ names: OwnerNames) {
      self.names = names
    }

    mutating func user(_ uid: UInt32) -> String? {
      if let lastUser, lastUser.uid == uid { return lastUser.name }
      let name = names.user(uid)
      lastUser = (uid, name)
      return name
    }

    mutating func group(_ gid: UInt32) -> String? {
      if let lastGroup, lastGroup.gid == gid { return lastGroup.name }
      let name = names.group(gid)
      lastGroup = (gid, name)
      return name
    }
  }

  private let users = NIOLockedValueBox<[UInt32: String?]>([:])
  private let groups = NIOLockedValueBox<[UInt32: String?]>([:])

  package init() {}

  package func user(_ uid: UInt32) -> String? {
    if let cached = users.withLockedValue({ $0[uid] }) { return cached }
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    let name: String? =
      getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0 && result != nil ? String(cString: entry.pw_name) : nil
    users.withLockedValue { $0[uid] = .some(name) }
    return name
  }

  package func group(_ gid: UInt32) -> String? {
    if let cached = groups.withLockedValue({ $0[gid] }) { return cached }
    var entry = Glibc.group()
    var result: UnsafeMutablePointer<group>?
    var buffer = [CChar](repeating: 0, count: 4096)
    let name: String? =
      getgrgid_r(gid, &entry, &buffer, buffer.count, &result) == 0 && result != nil ? String(cString: entry.gr_name) : nil
    groups.withLockedValue { $0[gid] = .some(name) }
    return name
  }
}
