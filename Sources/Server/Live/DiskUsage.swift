// Sizes on disk for the overview: a file's bytes, the bytes of every file under a directory, and
// the free and total space of a filesystem, through FileManager (in a release build the POSIX
// `stat` structures are owned by Dispatch's C module, which the member-import rules then demand).
import Foundation

enum DiskUsage {
  /// The size of a regular file, 0 when it does not exist.
  static func fileSize(_ path: String) -> Int {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular
    else { return 0 }
    return (attributes[.size] as? NSNumber)?.intValue ?? 0
  }

  /// Bytes of the regular files under `directory`, at any depth; symbolic links are not followed,
  /// and entries that vanish while walking (compaction removing a block) are skipped.
  static func bytesUnder(_ directory: String) -> Int {
    guard let names = try? FileManager.default.subpathsOfDirectory(atPath: directory) else { return 0 }
    return names.reduce(0) { total, name in total + fileSize(directory + "/" + name) }
  }

  /// Free (for unprivileged users, as `df` shows) and total bytes of the filesystem holding `path`.
  static func space(_ path: String) -> (free: Int, total: Int)? {
    guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: path),
      let free = (attributes[.systemFreeSize] as? NSNumber)?.intValue,
      let total = (attributes[.systemSize] as? NSNumber)?.intValue
    else { return nil }
    return (free, total)
  }
}
