// The dashboards' reads and writes. Updates check the version the editor started from inside the
// write transaction, so two people saving the same dashboard never overwrite each other unseen.
// Built-in dashboards are seeded once per data directory, behind a marker row.
import Foundation
import GRDB

/// What an update did.
package enum DashboardUpdateOutcome: Sendable, Equatable {
  case updated(DashboardRecord)
  case notFound
  /// The stored version is not the one the update started from.
  case versionConflict(stored: Int)
}

extension CatalogDatabase {
  /// Every dashboard's list entry, by title then uid.
  package func dashboardSummaries() async throws(CatalogError) -> [DashboardSummary] {
    try await read("cannot list dashboards") { db in
      try DashboardSummary.fetchAll(
        db, sql: "SELECT uid, title, tags_json, version, panel_count, updated FROM dashboard ORDER BY title COLLATE NOCASE, uid")
    }
  }

  /// The dashboard `uid`, or nil.
  package func dashboard(uid: String) async throws(CatalogError) -> DashboardRecord? {
    try await read("cannot read dashboard \(uid)") { db in try DashboardRecord.fetchOne(db, key: uid) }
  }

  /// Stores a new dashboard; false (and nothing written) when its uid is taken.
  package func insertDashboard(_ record: DashboardRecord) async throws(CatalogError) -> Bool {
    try await write("cannot save dashboard \(record.uid)") { db in
      if try DashboardRecord.exists(db, key: record.uid) { return false }
      try record.insert(db)
      return true
    }
  }

  /// Replaces dashboard `record.uid` when its stored version is `expectedVersion` (any version
  /// when nil). The stored row gets the next version and keeps its creation time; `record`'s own
  /// `version` and `created` are ignored.
  package func updateDashboard(_ record: DashboardRecord, expectedVersion: Int?) async throws(CatalogError) -> DashboardUpdateOutcome {
    try await write("cannot save dashboard \(record.uid)") { db in
      guard let stored = try DashboardRecord.fetchOne(db, key: record.uid) else { return .notFound }
      if let expectedVersion, stored.version != expectedVersion { return .versionConflict(stored: stored.version) }
      var record = record
      record.version = stored.version + 1
      record.created = stored.created
      try record.update(db)
      return .updated(record)
    }
  }

  /// Deletes dashboard `uid`; false when there was none.
  package func deleteDashboard(uid: String) async throws(CatalogError) -> Bool {
    try await write("cannot delete dashboard \(uid)") { db in try DashboardRecord.deleteOne(db, key: uid) }
  }

  /// Inserts `records` (skipping uids already taken) unless seed `marker` was done before, then
  /// records the marker. Returns whether this call seeded.
  package func seedDashboardsOnce(marker: String, _ records: [DashboardRecord], nowMs: Int64) async throws(CatalogError) -> Bool {
    try await write("cannot seed dashboards") { db in
      let done = try Bool.fetchOne(db, sql: "SELECT 1 FROM seed_marker WHERE name = ?", arguments: [marker]) ?? false
      if done { return false }
      for record in records {
        if try !DashboardRecord.exists(db, key: record.uid) { try record.insert(db) }
      }
      try db.execute(sql: "INSERT INTO seed_marker (name, seeded_at_ms) VALUES (?, ?)", arguments: [marker, nowMs])
      return true
    }
  }
}
