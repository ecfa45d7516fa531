// A job's restore drill, and its PostgreSQL sources: the latest snapshot of the job is restored
// into a scratch directory (every file, or a sample) and compared with the snapshot; each
// PostgreSQL dump is loaded into a scratch database on its own server and its rows counted; the
// measured recovery time is what the runbook and the RTO metric report.
import Backup
import Foundation

extension BackupJobRunner {
  func drill() throws -> BackupRunOutcome {
    let repository = try openRepository()
    let lock = try RepositoryLock.acquire(repository, exclusive: false)
    defer { lock.release() }
    guard let latest = try snapshots(in: repository).last else {
      throw BackupJobError("no snapshot of job \(job.name) to drill yet: run a backup first")
    }
    let scratch = job.drill?.scratchDirectory ?? (dataDirectory + "/backup-drills")
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    var options = DrillOptions(scratchDirectory: scratch)
    options.sampleFiles = job.drill?.sampleFiles
    for source in job.sources {
      guard let postgres = source.postgres else { continue }
      let connection = try Self.connection(postgres)
      options.databases.append((dumpPath: connection.defaultDumpPath, server: connection))
    }
    let index = try RepositoryIndex.load(repository)
    let report = try RestoreDrill(repository: repository, index: index).run(latest, options: options)
    var outcome = BackupRunOutcome()
    outcome.result = report.isSuccess ? "success" : "failed"
    outcome.snapshotID = report.snapshotID
    outcome.files = report.filesChecked
    outcome.bytesRead = report.bytesChecked
    outcome.recoverySeconds = report.restoreSeconds
    outcome.errors = Array(report.mismatches.prefix(100)) + report.databases.flatMap(\.mismatches)
    outcome.details["snapshot_time"] = .text(latest.snapshot.time)
    outcome.details["sampled"] = .text(options.sampleFiles.map { "\($0) files" } ?? "all files")
    outcome.details["total_seconds"] = .number(report.totalSeconds)
    outcome.details["databases"] = .table(
      report.databases.map { database in
        [
          "dump": database.dumpPath, "scratch_database": database.scratchDatabase, "tables": "\(database.tables)",
          "rows_expected": "\(database.rowsExpected)", "rows_restored": "\(database.rowsRestored)",
          "seconds": String(format: "%.3f", database.seconds),
        ]
      })
    return outcome
  }

  /// The connection a PostgreSQL source describes, with its password read now.
  static func connection(_ source: PostgresSourceConfiguration) throws -> PostgresConnection {
    var connection = PostgresConnection(database: source.database)
    connection.host = source.host
    connection.port = source.port
    connection.user = source.user
    connection.binDirectory = source.binDirectory
    if source.passwordFile != nil || source.passwordEnv != nil {
      connection.password = try BackupPassword.read(
        file: source.passwordFile, environmentVariable: source.passwordEnv, what: "PostgreSQL \(source.database)")
    }
    return connection
  }

  static func postgresStream(_ source: PostgresSourceConfiguration) throws -> StreamSource {
    .postgres(try connection(source))
  }
}
