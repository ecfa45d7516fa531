// PostgreSQL through a real server (Debian's, started by the test on a loopback port): tables
// with awkward text are dumped with pg_dump into the repository, a drill loads the dump into a
// scratch database and finds the same row counts, and the scratch database is gone afterwards;
// a wrong password and a missing database fail the backup with pg_dump's own message.
import Backup
import Foundation
import Testing
import WardenTesting

@Suite(.enabled(if: PostgresServer.isInstalled, Comment(rawValue: PostgresServer.notInstalled)))
struct PostgresDrillTests {
  static let password = "drill-secret"

  static func connection(_ server: PostgresServer, database: String) -> PostgresConnection {
    var connection = PostgresConnection(database: database)
    connection.host = server.host
    connection.port = server.port
    connection.user = server.user
    connection.password = server.password
    return connection
  }

  @Test func aDumpRestoresIntoAScratchDatabaseWithTheSameRowCounts() throws {
    let server = try PostgresServer.start(password: Self.password)
    defer { server.stop() }
    try server.psql("CREATE DATABASE shop")
    // Text with tabs, newlines, backslashes, a lone "\." and NULLs: every escape of COPY's format.
    try server.psql(
      """
      CREATE TABLE orders (id integer PRIMARY KEY, note text, amount numeric);
      INSERT INTO orders
        SELECT n, CASE n % 5 WHEN 0 THEN NULL WHEN 1 THEN E'tab\\there' WHEN 2 THEN E'line\\nbreak\\r\\n'
                               WHEN 3 THEN E'back\\\\slash \\\\.' ELSE 'plain ' || n END, n * 1.5
        FROM generate_series(1, 3000) AS n;
      CREATE SCHEMA "Sales Data";
      CREATE TABLE "Sales Data"."Line Items" ("Order" integer, sku text);
      INSERT INTO "Sales Data"."Line Items" SELECT n % 300, E'\\\\N' FROM generate_series(1, 1234) AS n;
      CREATE TABLE empty_table (x integer);
      """, database: "shop")
    let (_, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [])
    let source = Self.connection(server, database: "shop")
    options.streams = [.postgres(source)]
    let snapshot = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    #expect(snapshot.snapshot.paths == ["/postgresql/127.0.0.1-\(server.port)/shop.sql"])
    #expect(source.defaultDumpPath == snapshot.snapshot.paths[0])

    var drillOptions = DrillOptions(scratchDirectory: try BackupFixtures.temporaryDirectory("pg-drill"))
    drillOptions.databases = [(dumpPath: source.defaultDumpPath, server: Self.connection(server, database: "postgres"))]
    let report = try RestoreDrill(repository: repository, index: try RepositoryIndex.load(repository)).run(snapshot, options: drillOptions)
    #expect(report.isSuccess, "\(report.mismatches) \(report.databases.map(\.mismatches))")
    let database = try #require(report.databases.first)
    #expect(database.tables == 3)
    #expect(database.rowsExpected == 3000 + 1234)
    #expect(database.rowsRestored == 3000 + 1234)
    #expect(database.mismatches.isEmpty)
    #expect(database.scratchDatabase.hasPrefix("warden_drill_"))
    #expect(report.restoreSeconds > 0 && report.restoreSeconds <= report.totalSeconds)
    // Dropped afterwards.
    let left = try server.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'warden_drill_%'")
    #expect(left == "0")
    // The restored rows themselves survived the round trip (checked on a second load by hand).
    try server.psql("CREATE DATABASE shop_copy")
    let dump = try BackupRoundTripTests.restore(repository, snapshot).0 + source.defaultDumpPath
    let load = Process()
    load.executableURL = URL(fileURLWithPath: server.binDirectory + "/psql")
    load.arguments = [
      "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.host, "-p", String(server.port), "-U", server.user, "-d", "shop_copy",
      "-f", dump, "-o", "/dev/null",
    ]
    load.environment = ["PGPASSWORD": Self.password]
    load.standardInput = FileHandle.nullDevice
    try load.run()
    load.waitUntilExit()
    #expect(load.terminationStatus == 0)
    let sum = "SELECT md5(string_agg(coalesce(note, '<null>'), ',' ORDER BY id)) FROM orders"
    #expect(try server.psql(sum, database: "shop_copy") == (try server.psql(sum, database: "shop")))
  }

  @Test func aDrillThatFailsToLoadStillDropsItsDatabase() throws {
    let server = try PostgresServer.start()
    defer { server.stop() }
    // A "dump" that counts one row but whose load fails half-way.
    let (_, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [])
    let text = "CREATE TABLE t (a integer);\n\nCOPY public.t (a) FROM stdin;\n1\n\\.\nSELECT no_such_function();\n"
    options.streams = [.command(["printf", "%s", text], path: "/dumps/broken.sql")]
    let snapshot = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    var drillOptions = DrillOptions(scratchDirectory: try BackupFixtures.temporaryDirectory("pg-drill"))
    drillOptions.databases = [(dumpPath: "/dumps/broken.sql", server: Self.connection(server, database: "postgres"))]
    let report = try RestoreDrill(repository: repository, index: try RepositoryIndex.load(repository)).run(snapshot, options: drillOptions)
    #expect(!report.isSuccess)
    let database = try #require(report.databases.first)
    #expect(database.rowsExpected == 1)
    #expect(database.mismatches.contains { $0.contains("did not load") && $0.contains("no_such_function") }, "\(database.mismatches)")
    #expect(try server.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'warden_drill_%'") == "0")
  }

  @Test func scratchDatabasesAKilledDrillLeftAreDroppedOnceADayOld() throws {
    let server = try PostgresServer.start()
    defer { server.stop() }
    let now = Int(Date().timeIntervalSince1970)
    let abandoned = "warden_drill_\(now - 2 * 86_400)_ab12"
    let recent = "warden_drill_\(now - 60)_cd34"
    for name in [abandoned, recent, "warden_drill_not_ours"] { try server.psql("CREATE DATABASE \"\(name)\"") }
    let (_, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [])
    let text = "CREATE TABLE t (a integer);\n\nCOPY public.t (a) FROM stdin;\n1\n2\n\\.\n"
    options.streams = [.command(["printf", "%s", text], path: "/dumps/small.sql")]
    let snapshot = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    var drillOptions = DrillOptions(scratchDirectory: try BackupFixtures.temporaryDirectory("pg-drill"))
    drillOptions.databases = [(dumpPath: "/dumps/small.sql", server: Self.connection(server, database: "postgres"))]
    let report = try RestoreDrill(repository: repository, index: try RepositoryIndex.load(repository)).run(snapshot, options: drillOptions)
    #expect(report.isSuccess, "\(report.databases.map(\.mismatches))")
    let left = try server.psql("SELECT datname FROM pg_database WHERE datname LIKE 'warden_drill_%' ORDER BY 1")
    #expect(left.split(separator: "\n").map(String.init) == [recent, "warden_drill_not_ours"], "\(left)")
  }

  @Test func aWrongPasswordOrAMissingDatabaseFailsTheBackupWithPgDumpsMessage() throws {
    let server = try PostgresServer.start(password: Self.password)
    defer { server.stop() }
    let (_, repository) = try RepositoryTests.fresh()
    var wrong = Self.connection(server, database: "postgres")
    wrong.password = "not-the-password"
    var options = BackupOptions(paths: [])
    options.streams = [.postgres(wrong)]
    let denied = #expect(throws: BackupError.self) {
      try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    }
    #expect(denied?.message.contains("password authentication failed") == true, "\(denied?.message ?? "")")
    #expect(denied?.message.contains("not-the-password") == false, "the password is never shown")

    options.streams = [.postgres(Self.connection(server, database: "no_such_db"))]
    let missing = #expect(throws: BackupError.self) {
      try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    }
    #expect(missing?.message.contains("database \"no_such_db\" does not exist") == true, "\(missing?.message ?? "")")
    #expect(try repository.snapshots().isEmpty)
  }
}
