// A SQLite database backed up consistently while applications keep writing to it: SQLite's online
// backup API copies it page by page into a private temporary copy (restarting if a writer changes
// it mid-way), and that copy is stored under the database's own path. Restoring gives a plain,
// consistent database file. The temporary copy is removed as soon as it is stored.
import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#endif

extension StreamSource {
  /// The database at `databasePath`, stored at the same path in the snapshot.
  package static func sqlite(_ databasePath: String, scratchDirectory: String = NSTemporaryDirectory()) -> StreamSource {
    let absolute = URL(fileURLWithPath: databasePath).standardizedFileURL.path
    return StreamSource(path: absolute) {
      guard FileManager.default.fileExists(atPath: absolute) else {
        throw BackupError(.io, "cannot back up SQLite database \(absolute): it does not exist")
      }
      let copy = scratchDirectory + "/warden-sqlite-\(UUID().uuidString).db"
      do {
        var configuration = Configuration()
        configuration.readonly = true
        let source = try DatabaseQueue(path: absolute, configuration: configuration)
        let destination = try DatabaseQueue(path: copy)
        try source.backup(to: destination)
        try destination.close()
        try source.close()
      } catch {
        try? FileManager.default.removeItem(atPath: copy)
        throw BackupError(.io, "cannot back up SQLite database \(absolute): \(error)")
      }
      let descriptor = Glibc.open(copy, O_RDONLY | O_CLOEXEC)
      // Unlinked at once: the open descriptor keeps the data until it is read.
      unlink(copy)
      guard descriptor >= 0 else { throw BackupError(fileSystemAction: "open", path: copy, errno: errno) }
      return (descriptor, {})
    }
  }
}
