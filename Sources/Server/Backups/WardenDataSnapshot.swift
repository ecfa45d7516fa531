// Warden's own data as a backup source: a consistent copy of the metric store (blocks
// hard-linked, the head written out), the log store (segments hard-linked) and the catalog
// (SQLite's online backup API), laid out as a data directory. It is made at a fixed path inside
// the data directory, so every snapshot of it has the same paths and restoring it gives a
// directory `warden serve --data-dir` opens as is.
import Catalog
import Foundation
import LogStore
import MetricStore

enum WardenDataSnapshot {
  /// `<data-dir>/backup-snapshot`: where the copy is made for the duration of a backup.
  static func path(dataDirectory: String) -> String {
    URL(fileURLWithPath: dataDirectory).standardizedFileURL.path + "/backup-snapshot"
  }

  /// Makes the copy (replacing one a crash left behind) and returns its path. Blocks: call it
  /// off the cooperative pool.
  static func make(stores: Stores, dataDirectory: String) throws -> String {
    guard let catalog = stores.catalog, let metrics = stores.metrics, let logs = stores.logs else {
      throw BackupJobError("Warden's stores are still opening; its own data cannot be backed up yet")
    }
    let target = path(dataDirectory: dataDirectory)
    remove(dataDirectory: dataDirectory)
    do {
      try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
      _ = try metrics.snapshot(into: target + "/metrics", includeHead: true)
      _ = try logs.snapshot(into: target + "/logs")
      try catalog.backup(to: target + "/" + CatalogDatabase.fileName)
    } catch {
      remove(dataDirectory: dataDirectory)
      throw BackupJobError("cannot snapshot Warden's own data: \(error)")
    }
    return target
  }

  static func remove(dataDirectory: String) {
    try? FileManager.default.removeItem(atPath: path(dataDirectory: dataDirectory))
  }
}
