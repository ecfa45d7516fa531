// The catalog database: created and migrated on open, its identity stable across opens, each
// start recorded, and a database from a newer Warden refused.
import Catalog
import Foundation
import Testing

struct CatalogDatabaseTests {
  private func temporaryPath() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(CatalogDatabase.fileName).path
  }

  @Test func createsMigratesAndRecordsStarts() async throws {
    let path = try temporaryPath()
    let first = try CatalogDatabase(path: path, run: ServerRun(startedAtMs: 1000, version: "0.1.0", revision: "a"))
    #expect(try await first.appliedMigrations() == ["v1-instance", "v2-alerting", "v3-dashboards", "v4-backups"])
    let id = first.instanceID
    #expect(UUID(uuidString: id) != nil)
    try first.close()

    let second = try CatalogDatabase(path: path, run: ServerRun(startedAtMs: 2000, version: "0.2.0", revision: "b"))
    #expect(second.instanceID == id, "the data directory's identity must not change between starts")
    let runs = try await second.serverRuns()
    #expect(runs.map(\.startedAtMs) == [2000, 1000])
    #expect(runs.map(\.version) == ["0.2.0", "0.1.0"])
    try second.close()
  }

  @Test func refusesADatabaseFromANewerWarden() throws {
    let path = try temporaryPath()
    try CatalogDatabase(path: path, run: ServerRun(startedAtMs: 1, version: "0.1.0", revision: "a")).close()
    // A migration this binary does not know, as a newer Warden would have left.
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    sqlite.arguments = [path, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')"]
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
      Issue.record("sqlite3 CLI missing; cannot simulate a newer database")
      return
    }
    try sqlite.run()
    sqlite.waitUntilExit()
    #expect(sqlite.terminationStatus == 0)

    #expect {
      try CatalogDatabase(path: path, run: ServerRun(startedAtMs: 2, version: "0.1.0", revision: "a"))
    } throws: { error in
      (error as? CatalogError)?.code == .newerSchema && "\(error)".contains("newer Warden")
    }
  }

  @Test func reportsAnUnopenablePath() {
    #expect {
      try CatalogDatabase(path: "/proc/no-such-dir/warden.sqlite", run: ServerRun(startedAtMs: 1, version: "x", revision: "y"))
    } throws: { error in
      (error as? CatalogError)?.code == .open && "\(error)".contains("/proc/no-such-dir/warden.sqlite")
    }
  }
}
