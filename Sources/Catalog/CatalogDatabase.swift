// The catalog: `data/warden.sqlite` through one GRDB `DatabasePool`, opened once per process,
// migrated on open. Later issues add their tables and record types here.
import Foundation
import GRDB

/// The open catalog database.
///
/// Thread-safe: GRDB's pool serialises writes and runs reads concurrently; use the async
/// `read`/`write` so no cooperative thread blocks on SQLite.
package final class CatalogDatabase: Sendable {
  /// The file name inside the data directory.
  package static let fileName = "warden.sqlite"

  let pool: DatabasePool
  /// This data directory's identity, created on first open.
  package let instanceID: String
  package let path: String

  /// Opens (creating if needed) and migrates the catalog at `path`, and records this start.
  /// - Throws: `CatalogError` when the file cannot be opened, a migration fails, or the
  ///   database was written by a newer Warden.
  package init(path: String, run: ServerRun) throws(CatalogError) {
    self.path = path
    var configuration = Configuration()
    configuration.label = "warden.catalog"
    configuration.busyMode = .timeout(10)
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw CatalogError(.open, "cannot open catalog \(path)", cause: error)
    }
    let migrator = CatalogMigrations.migrator
    do {
      if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
        throw CatalogError(
          .newerSchema,
          "cannot open catalog \(path): it was written by a newer Warden (unknown migrations); upgrade this binary")
      }
      try migrator.migrate(pool)
    } catch let error as CatalogError {
      throw error
    } catch {
      throw CatalogError(.migrate, "cannot migrate catalog \(path)", cause: error)
    }
    do {
      instanceID = try pool.write { db in
        if let existing = try InstanceRecord.fetchOne(db) { return existing.id }
        let record = InstanceRecord(id: UUID().uuidString.lowercased(), createdAtMs: run.startedAtMs)
        try record.insert(db)
        return record.id
      }
      try pool.write { db in try run.insert(db) }
    } catch {
      throw CatalogError(.query, "cannot record this start in catalog \(path)", cause: error)
    }
  }

  /// The starts recorded on this data directory, newest first.
  package func serverRuns(limit: Int = 20) async throws(CatalogError) -> [ServerRun] {
    do {
      return try await pool.read { db in
        try ServerRun.order(Column("id").desc).limit(limit).fetchAll(db)
      }
    } catch {
      throw CatalogError(.query, "cannot read server runs", cause: error)
    }
  }

  /// The identifiers of the migrations applied, oldest first.
  package func appliedMigrations() async throws(CatalogError) -> [String] {
    do {
      return try await pool.read { db in try CatalogMigrations.migrator.appliedMigrations(db) }
    } catch {
      throw CatalogError(.query, "cannot read applied migrations", cause: error)
    }
  }

  /// Checkpoints the WAL and closes every connection. Further use throws.
  package func close() throws(CatalogError) {
    do {
      _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
      try pool.close()
    } catch {
      throw CatalogError(.query, "cannot close catalog \(path)", cause: error)
    }
  }

  /// A consistent copy of the whole catalog at `path` (which must not exist), through SQLite's
  /// online backup API while the server keeps writing: for backups of Warden's own data.
  /// Blocks the calling thread for the copy; call it off the cooperative pool.
  package func backup(to path: String) throws(CatalogError) {
    do {
      let destination = try DatabaseQueue(path: path)
      try pool.backup(to: destination)
      try destination.close()
    } catch {
      throw CatalogError(.query, "cannot copy catalog \(self.path) to \(path)", cause: error)
    }
  }

  // MARK: Plumbing for the table extensions

  func read<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(CatalogError) -> T {
    do {
      return try await pool.read(body)
    } catch {
      throw CatalogError(.query, what, cause: error)
    }
  }

  func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(CatalogError) -> T {
    do {
      return try await pool.write(body)
    } catch {
      throw CatalogError(.query, what, cause: error)
    }
  }
}
