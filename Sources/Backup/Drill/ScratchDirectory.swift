// The drill's private working directory: created fresh (mode 0700) under the directory the
// options name, and removed completely afterwards, including restored directories whose modes
// would stop a plain recursive delete (a restored 0500 directory cannot be emptied until its
// mode is changed back).
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

enum ScratchDirectory {
  /// A new directory `<parent>/warden-drill-<random hex>`; `parent` is created when missing.
  static func create(under parent: String) throws -> String {
    let base = URL(fileURLWithPath: parent).standardizedFileURL.path
    do {
      try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    } catch {
      throw BackupError(.io, "cannot create the drill's scratch directory \(base): \(error.localizedDescription)")
    }
    let path = (base == "/" ? "" : base) + "/warden-drill-" + RestoreDrill.randomHex()
    guard mkdir(path, 0o700) == 0 else { throw BackupError(fileSystemAction: "create the scratch directory", path: path, errno: errno) }
    return path
  }

  /// Removes `path` and everything under it; symlinks are removed, never followed.
  static func remove(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    guard info.st_mode & S_IFMT == S_IFDIR else {
      unlink(path)
      return
    }
    chmod(path, 0o700)
    if let entries = try? FileManager.default.contentsOfDirectory(atPath: path) {
      for entry in entries { remove(path + "/" + entry) }
    }
    rmdir(path)
  }
}
