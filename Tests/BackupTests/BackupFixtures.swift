// Test trees and repositories: a source tree with every kind of entry a backup must keep (empty,
// large, sparse, hard-linked, symlinked, unicode-named, odd permissions, a fifo), and a byte and
// metadata comparison of two trees.
import Backup
import Foundation
import Testing
import WardenTesting

#if canImport(Glibc)
  import Glibc
#endif

enum BackupFixtures {
  static func temporaryDirectory(_ prefix: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    var bytes = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
      let word = generator.next()
      for shift in 0..<8 where index < count {
        bytes[index] = UInt8(truncatingIfNeeded: word >> UInt64(shift * 8))
        index += 1
      }
    }
    return bytes
  }

  static func write(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  /// A tree with every kind of entry; returns its root.
  static func makeSourceTree() throws -> String {
    let root = try temporaryDirectory("backup-src")
    let fm = FileManager.default
    try fm.createDirectory(atPath: root + "/docs/deep/deeper", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: root + "/empty-dir", withIntermediateDirectories: true)
    try write(root + "/empty.txt", [])
    try write(root + "/small.txt", Array("hello, backup\n".utf8))
    try write(root + "/docs/large.bin", randomBytes(5 << 20, seed: 1))
    try write(root + "/docs/deep/deeper/leaf.txt", Array(String(repeating: "compressible line\n", count: 20_000).utf8))
    try write(root + "/Ünïcödé 名前 ✓.txt", Array("unicode name\n".utf8))
    try write(root + "/mode-600", Array("private\n".utf8))
    chmod(root + "/mode-600", 0o600)
    try write(root + "/script.sh", Array("#!/bin/sh\necho hi\n".utf8))
    chmod(root + "/script.sh", 0o755)
    // Bits a restore cannot give at creation: group write (the umask takes it), setgid (set after
    // the owner, since chown clears it).
    try write(root + "/group-writable", Array("shared\n".utf8))
    chmod(root + "/group-writable", 0o664)
    try write(root + "/setgid-tool", Array("#!/bin/sh\n".utf8))
    chmod(root + "/setgid-tool", 0o2755)
    // Sparse: 3 MiB hole, data, 2 MiB hole.
    let sparse = open(root + "/sparse.img", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let middle = randomBytes(70_000, seed: 2)
    _ = middle.withUnsafeBytes { pwrite(sparse, $0.baseAddress, $0.count, 3 << 20) }
    _ = ftruncate(sparse, off_t((3 << 20) + 70_000 + (2 << 20)))
    close(sparse)
    // Hard links and symlinks.
    try write(root + "/linked-a", Array("shared inode\n".utf8))
    link(root + "/linked-a", root + "/docs/linked-b")
    symlink("docs/large.bin", root + "/relative-link")
    symlink("/nonexistent/target", root + "/dangling-link")
    mkfifo(root + "/a-fifo", 0o640)
    // An old mtime, to see it restored.
    var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 123_456_789), timespec(tv_sec: 1_000_000_000, tv_nsec: 123_456_789)]
    utimensat(AT_FDCWD, root + "/small.txt", &times, 0)
    return root
  }

  struct Entry: Equatable, CustomStringConvertible {
    var type: UInt32
    var mode: UInt32
    var size: Int64
    var mtime: Int64
    var target: String?
    var contentHash: String?
    var description: String { "type \(String(type, radix: 8)) mode \(String(mode, radix: 8)) size \(size) mtime \(mtime) target \(target ?? "-") hash \(contentHash ?? "-")" }
  }

  /// Every entry under `root` by relative path, with metadata and content hash.
  static func describe(_ root: String) throws -> [String: Entry] {
    var out: [String: Entry] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
    while let relative = walker.nextObject() as? String {
      let path = root + "/" + relative
      var info = stat()
      guard lstat(path, &info) == 0 else { continue }
      let format = info.st_mode & S_IFMT
      var entry = Entry(
        type: format, mode: info.st_mode & 0o7777, size: format == S_IFREG ? Int64(info.st_size) : 0,
        mtime: format == S_IFDIR ? 0 : Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
      if format == S_IFLNK {
        entry.target = try FileManager.default.destinationOfSymbolicLink(atPath: path)
      } else if format == S_IFREG {
        entry.contentHash = BlobID.hash([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).hex
      }
      out[relative] = entry
    }
    return out
  }

  static func inode(_ path: String) -> UInt64 {
    var info = stat()
    return lstat(path, &info) == 0 ? UInt64(info.st_ino) : 0
  }

  static func allocatedBytes(_ path: String) -> Int {
    var info = stat()
    return lstat(path, &info) == 0 ? Int(info.st_blocks) * 512 : -1
  }
}
