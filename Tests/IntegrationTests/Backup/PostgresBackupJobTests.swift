// A backup job of a real PostgreSQL database inside the real `warden serve`: pg_dump streamed into
// the repository by the job, then the job's restore drill loads the dump into a scratch database
// on the same server, compares every table's row count with the dump, records the measured
// recovery time and drops the scratch database; the runbook gives the psql restore command, and
// the data restored by hand from the snapshot is the source's.
import Foundation
import Testing
import WardenTesting

@Suite(.enabled(if: PostgresServer.isInstalled, "\(PostgresServer.notInstalled)"), .timeLimit(.minutes(5)))
struct PostgresBackupJobTests {
  @Test func jobDumpsTheDatabaseAndItsDrillRestoresItIntoAScratchDatabase() async throws {
    let postgres = try PostgresServer.start(password: "pg secret")
    defer { postgres.stop() }
    _ = try postgres.psql("CREATE DATABASE shop")
    _ = try postgres.psql(
      """
      CREATE TABLE customers (id serial PRIMARY KEY, name text, note text);
      INSERT INTO customers (name, note) SELECT 'customer ' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE E'tab\\there\\nnewline \\\\ backslash' END
        FROM generate_series(1, 1500) AS i;
      CREATE TABLE orders (id bigserial PRIMARY KEY, customer int REFERENCES customers(id), total numeric(10,2));
      INSERT INTO orders (customer, total) SELECT 1 + i % 1500, i * 1.25 FROM generate_series(1, 4000) AS i;
      """, database: "shop")

    let root = try TemporaryDirectory.make(prefix: "pg-backup-job")
    let passwordFile = root.appendingPathComponent("repo.pass").path
    try "repository password\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
    let pgPasswordFile = root.appendingPathComponent("pg.pass").path
    try "pg secret\n".write(toFile: pgPasswordFile, atomically: true, encoding: .utf8)
    let repository = root.appendingPathComponent("repo").path
    let config = root.appendingPathComponent("warden.yml").path
    try """
    backup_jobs:
      - name: shop
        repository: \(repository)
        password_file: \(passwordFile)
        create_repository: true
        sources:
          - postgres:
              host: \(postgres.host)
              port: \(postgres.port)
              user: \(postgres.user)
              database: shop
              password_file: \(pgPasswordFile)
              bin_directory: \(postgres.binDirectory)
        schedule: "0 3 * * *"
        drill: {schedule: "0 5 * * *", scratch_directory: \(root.path)/drills}
    """.write(toFile: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config])
    try await server.waitUntilReady()

    let backup = try await BackupJobTests.run(server, "shop")
    #expect(backup["result"] as? String == "success", "\(backup)")
    let dumpPath = "/postgresql/\(postgres.host)-\(postgres.port)/shop.sql"
    #expect((backup["details"] as? [String: Any])?["paths"] as? [String] == [dumpPath])

    let drill = try await BackupJobTests.run(server, "shop", kind: "drill")
    #expect(drill["result"] as? String == "success", "\(drill)")
    #expect((drill["recoverySeconds"] as? Double ?? 0) > 0)
    let databases = try #require((drill["details"] as? [String: Any])?["databases"] as? [[String: String]])
    let database = try #require(databases.first)
    #expect(database["dump"] == dumpPath)
    #expect(database["tables"] == "2")
    #expect(database["rows_expected"] == "5500" && database["rows_restored"] == "5500", "\(database)")
    let scratch = try #require(database["scratch_database"])
    #expect(scratch.hasPrefix("warden_drill_"))
    let remaining = try postgres.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'warden_drill_%'")
    #expect(remaining.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "the scratch database was dropped: \(remaining)")
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: root.path + "/drills")) ?? []).isEmpty, "the scratch directory was removed")

    // The metric that becomes the RTO, and the runbook's restore command for this database.
    let metrics = try await server.get("/metrics").text
    #expect(metrics.contains("warden_backup_drill_duration_seconds{backup_job=\"shop\"}"))
    #expect(metrics.contains("warden_backup_drill_last_run_success{backup_job=\"shop\"} 1"))
    let runbook = try await server.get("/api/v1/backups/jobs/shop/runbook").text
    #expect(runbook.contains("| psql -h \(postgres.host) -p \(postgres.port) -U \(postgres.user)"), "\(runbook)")
    #expect(runbook.contains("measured recovery time"), "\(runbook)")
    try await server.stop()

    // As the runbook says: the dump from the snapshot loads into a new database with the same data.
    let dump = try Command.warden(["backup", "dump", "latest", dumpPath, "--repo", repository, "--password-file", passwordFile])
    #expect(dump.status == 0, "\(dump.stderr)")
    _ = try postgres.psql("CREATE DATABASE shop_restored")
    let dumpFile = root.appendingPathComponent("shop.sql").path
    try dump.stdout.write(toFile: dumpFile, atomically: true, encoding: .utf8)
    _ = try postgres.psql("\\i \(dumpFile)", database: "shop_restored")
    let checksum = "SELECT md5(string_agg(id || ':' || coalesce(name, '') || ':' || coalesce(note, '~'), ',' ORDER BY id)) FROM customers"
    #expect(try postgres.psql(checksum, database: "shop_restored") == (try postgres.psql(checksum, database: "shop")))
    #expect(try postgres.psql("SELECT sum(total) FROM orders", database: "shop_restored") == (try postgres.psql("SELECT sum(total) FROM orders", database: "shop")))
  }
}
