// The dashboard table: stored documents survive a reopen, uids are unique, updates check the
// version they started from, and seeding happens once per data directory (a delete sticks).
import Catalog
import Foundation
import Testing

struct CatalogDashboardTests {
  private func open(_ path: String? = nil) throws -> (CatalogDatabase, String) {
    let path =
      path
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("catalog-dashboards-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let database = try CatalogDatabase(
      path: path + "/" + CatalogDatabase.fileName, run: ServerRun(startedAtMs: 1, version: "test", revision: "t"))
    return (database, path)
  }

  private func record(_ uid: String, title: String, version: Int = 1, panels: Int = 2) -> DashboardRecord {
    DashboardRecord(
      uid: uid, title: title, tags: ["a", "b"], version: version, panelCount: panels, created: 100.5, updated: 100.5,
      documentJSON: #"{"uid":"\#(uid)","title":"\#(title)"}"#)
  }

  @Test func dashboardsAreStoredListedByTitleAndKeptAcrossReopen() async throws {
    let (database, directory) = try open()
    #expect(try await database.insertDashboard(record("zeta", title: "Zeta")))
    #expect(try await database.insertDashboard(record("alpha", title: "alpha", panels: 7)))
    #expect(try await database.insertDashboard(record("mid", title: "Middle")))
    try database.close()

    let (reopened, _) = try open(directory)
    let summaries = try await reopened.dashboardSummaries()
    #expect(summaries.map(\.uid) == ["alpha", "mid", "zeta"])
    #expect(summaries[0].panelCount == 7)
    #expect(summaries[0].tags == ["a", "b"])
    #expect(summaries[0].updated == 100.5)
    #expect(try await reopened.dashboard(uid: "mid") == record("mid", title: "Middle"))
    #expect(try await reopened.dashboard(uid: "missing") == nil)
  }

  @Test func aTakenUIDIsRefusedWithoutChangingTheStoredOne() async throws {
    let (database, _) = try open()
    #expect(try await database.insertDashboard(record("x", title: "First")))
    #expect(try await database.insertDashboard(record("x", title: "Second")) == false)
    #expect(try await database.dashboard(uid: "x")?.title == "First")
  }

  @Test func updatesCheckTheVersionAndCountUp() async throws {
    let (database, _) = try open()
    #expect(try await database.insertDashboard(record("d", title: "One")))
    var edit = record("d", title: "Two")
    edit.created = 999  // ignored: creation time is the stored one
    edit.updated = 200
    let first = try await database.updateDashboard(edit, expectedVersion: 1)
    guard case .updated(let saved) = first else {
      Issue.record("expected an update, got \(first)")
      return
    }
    #expect(saved.version == 2)
    #expect(saved.created == 100.5)
    #expect(try await database.dashboard(uid: "d") == saved)

    // A second editor that also started from version 1 loses.
    #expect(try await database.updateDashboard(record("d", title: "Stale"), expectedVersion: 1) == .versionConflict(stored: 2))
    #expect(try await database.dashboard(uid: "d")?.title == "Two")
    // No expected version: overwrite.
    guard case .updated(let forced) = try await database.updateDashboard(record("d", title: "Forced"), expectedVersion: nil) else {
      Issue.record("expected an update")
      return
    }
    #expect(forced.version == 3)
    #expect(try await database.updateDashboard(record("nope", title: "X"), expectedVersion: nil) == .notFound)
  }

  @Test func deleteRemovesOnlyThatDashboard() async throws {
    let (database, _) = try open()
    _ = try await database.insertDashboard(record("a", title: "A"))
    _ = try await database.insertDashboard(record("b", title: "B"))
    #expect(try await database.deleteDashboard(uid: "a"))
    #expect(try await database.deleteDashboard(uid: "a") == false)
    #expect(try await database.dashboardSummaries().map(\.uid) == ["b"])
  }

  @Test func seedingHappensOnceAndADeleteSticksAcrossReopen() async throws {
    let (database, directory) = try open()
    let builtin = record("host", title: "Host")
    #expect(try await database.seedDashboardsOnce(marker: "builtin.v1", [builtin], nowMs: 5))
    #expect(try await database.dashboard(uid: "host") == builtin)
    #expect(try await database.seedDashboardsOnce(marker: "builtin.v1", [builtin], nowMs: 6) == false)
    #expect(try await database.deleteDashboard(uid: "host"))
    try database.close()

    let (reopened, _) = try open(directory)
    #expect(try await reopened.seedDashboardsOnce(marker: "builtin.v1", [builtin], nowMs: 7) == false)
    #expect(try await reopened.dashboard(uid: "host") == nil)
    // A new marker (a later built-in set) seeds, leaving a user's dashboard with the same uid alone.
    _ = try await reopened.insertDashboard(record("host", title: "Mine"))
    #expect(try await reopened.seedDashboardsOnce(marker: "builtin.v2", [builtin, record("extra", title: "Extra")], nowMs: 8))
    #expect(try await reopened.dashboard(uid: "host")?.title == "Mine")
    #expect(try await reopened.dashboard(uid: "extra") != nil)
    #expect(try await reopened.appliedMigrations().contains("v3-dashboards"))
  }
}
