// Sources beyond files: a command's output (as pg_dump's is) stored under a chosen path without a
// temporary file, a failing command failing the backup with its message, and a SQLite database
// copied consistently through the online backup API while another connection keeps writing.
import Backup
import Foundation
import GRDB
import Synchronization
import Testing

@Suite struct StreamSourceTests {
  @Test func commandOutputIsStoredUnderItsPathAndRestores() throws {
    let (_, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [])
    options.streams = [.command(["sh", "-c", "seq 1 300000"], path: "/dumps/numbers.txt")]
    let snapshot = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    #expect(snapshot.snapshot.paths == ["/dumps/numbers.txt"])
    let (target, summary) = try BackupRoundTripTests.restore(repository, snapshot)
    #expect(summary.errors.isEmpty)
    let text = try String(contentsOfFile: target + "/dumps/numbers.txt", encoding: .utf8)
    #expect(text.hasPrefix("1\n2\n3\n"))
    #expect(text.hasSuffix("299999\n300000\n"))
  }

  @Test func aFailingCommandFailsTheBackupWithItsMessage() throws {
    let (_, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [])
    options.streams = [.command(["sh", "-c", "echo partial; echo 'connection refused' >&2; exit 3"], path: "/dumps/db.sql")]
    let error = #expect(throws: BackupError.self) {
      try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    }
    #expect(error?.message.contains("status 3") == true)
    #expect(error?.message.contains("connection refused") == true)
    #expect(try repository.snapshots().isEmpty)
  }

  @Test func sqliteIsCopiedConsistentlyWhileBeingWritten() async throws {
    let directory = try BackupFixtures.temporaryDirectory("sqlite")
    let path = directory + "/app.db"
    let database = try DatabasePool(path: path)
    try await database.write { db in
      try db.execute(sql: "CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
      for index in 0..<5000 { try db.execute(sql: "INSERT INTO events (body) VALUES (?)", arguments: ["event \(index)"]) }
    }
    // A writer keeps inserting during the backup.
    let stop = Atomic<Bool>(false)
    let writer = Task {
      var written = 0
      while !stop.load(ordering: .relaxed) {
        try await database.write { db in try db.execute(sql: "INSERT INTO events (body) VALUES ('during')") }
        written += 1
      }
      return written
    }
    let (_, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [])
    options.streams = [.sqlite(path)]
    let snapshot = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    stop.store(true, ordering: .relaxed)
    let written = try await writer.value
    let (target, _) = try BackupRoundTripTests.restore(repository, snapshot)
    let restored = try DatabaseQueue(path: target + path)
    let (rows, integrity) = try await restored.read { db in
      (try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0, try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "")
    }
    #expect(integrity == "ok")
    #expect(rows >= 5000 && rows <= 5000 + written, "\(rows) rows, \(written) written during the backup")
  }
}
