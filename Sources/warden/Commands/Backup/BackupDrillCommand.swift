// `warden backup drill [SNAPSHOT] [--sample N] [--postgres-dump PATH ...]`: restores a snapshot
// into a scratch directory, checks every restored file against the snapshot, loads PostgreSQL
// dumps into scratch databases and counts their rows, prints what was checked and the measured
// recovery time, and removes the scratch copies. Exit 0 when everything matched, 1 otherwise.
import ArgumentParser
import Backup
import Foundation

struct BackupDrillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drill", abstract: "Prove a snapshot restores: restore it to a scratch place, verify it, time it, remove it.")

  @OptionGroup var options: RepositoryOptions

  @Argument(help: "Snapshot id (or a unique prefix), or latest.")
  var snapshot = "latest"

  @Option(help: "Check a random sample of this many regular files instead of all of them.")
  var sample: Int?

  @Option(help: "Where the scratch directory is made (default: the temporary directory).")
  var scratch: String?

  @Option(name: .customLong("postgres-dump"), help: "A pg_dump file in the snapshot to load into a scratch database and count (repeatable).")
  var postgresDumps: [String] = []

  @Option(name: .customLong("postgres-host"), help: "The PostgreSQL server for --postgres-dump.")
  var postgresHost = "127.0.0.1"

  @Option(name: .customLong("postgres-port"), help: "Its port.")
  var postgresPort = 5432

  @Option(name: .customLong("postgres-user"), help: "A user that may create databases.")
  var postgresUser = "postgres"

  @Option(name: .customLong("postgres-database"), help: "The database to connect to for CREATE and DROP DATABASE.")
  var postgresDatabase = "postgres"

  @Option(name: .customLong("postgres-password-file"), help: "A file whose first line is the PostgreSQL password (default: PGPASSWORD, ~/.pgpass).")
  var postgresPasswordFile: String?

  func validate() throws {
    if let sample, sample < 1 { throw ValidationError("--sample needs at least 1 file") }
    guard (1...65535).contains(postgresPort) else { throw ValidationError("--postgres-port \(postgresPort) is not a port number") }
  }

  func run() throws {
    var server = PostgresConnection(database: postgresDatabase)
    server.host = postgresHost
    server.port = postgresPort
    server.user = postgresUser
    if let postgresPasswordFile { server.password = try readPostgresPassword(postgresPasswordFile) }
    var drillOptions = DrillOptions(scratchDirectory: scratch ?? NSTemporaryDirectory())
    drillOptions.sampleFiles = sample
    drillOptions.databases = postgresDumps.map { (dumpPath: $0.hasPrefix("/") ? $0 : "/" + $0, server: server) }

    let repository = try options.open()
    let lock = try backupAction { try RepositoryLock.acquire(repository, exclusive: false) }
    defer { lock.release() }
    let report = try backupAction {
      let entry = try repository.findSnapshot(snapshot)
      return try RestoreDrill(repository: repository, index: try RepositoryIndex.load(repository)).run(entry, options: drillOptions)
    }
    if options.json {
      printJSON(DrillJSON(report))
    } else {
      printText(report)
    }
    if !report.isSuccess { throw ExitCode(1) }
  }

  private func printText(_ report: DrillReport) {
    let short = String(report.snapshotID.prefix(8))
    print("snapshot \(short): \(report.filesChecked) files checked, \(byteText(report.bytesChecked))")
    for mismatch in report.mismatches { printToStandardError("mismatch: \(mismatch)") }
    for database in report.databases {
      if database.scratchDatabase.isEmpty {
        print("\(database.dumpPath): not loaded")
      } else {
        print(
          "\(database.dumpPath): \(database.tables) tables, \(database.rowsRestored) of \(database.rowsExpected) rows restored into "
            + "\(database.scratchDatabase) (dropped) in " + String(format: "%.1f s", database.seconds))
      }
      for mismatch in database.mismatches { printToStandardError("mismatch: \(mismatch)") }
    }
    print(String(format: "recovery time %.1f s (drill %.1f s)", report.restoreSeconds, report.totalSeconds))
    print(report.isSuccess ? "drill passed" : "drill FAILED")
  }

  struct DrillJSON: Encodable {
    struct Database: Encodable {
      let dumpPath: String
      let scratchDatabase: String
      let tables: Int
      let rowsExpected: Int
      let rowsRestored: Int
      let mismatches: [String]
      let seconds: Double

      enum CodingKeys: String, CodingKey {
        case tables, mismatches, seconds
        case dumpPath = "dump_path"
        case scratchDatabase = "scratch_database"
        case rowsExpected = "rows_expected"
        case rowsRestored = "rows_restored"
      }
    }

    let success: Bool
    let snapshot: String
    let filesChecked: Int
    let bytesChecked: UInt64
    let mismatches: [String]
    let databases: [Database]
    let restoreSeconds: Double
    let totalSeconds: Double

    init(_ report: DrillReport) {
      success = report.isSuccess
      snapshot = report.snapshotID
      filesChecked = report.filesChecked
      bytesChecked = report.bytesChecked
      mismatches = report.mismatches
      databases = report.databases.map {
        Database(
          dumpPath: $0.dumpPath, scratchDatabase: $0.scratchDatabase, tables: $0.tables, rowsExpected: $0.rowsExpected,
          rowsRestored: $0.rowsRestored, mismatches: $0.mismatches, seconds: $0.seconds)
      }
      restoreSeconds = report.restoreSeconds
      totalSeconds = report.totalSeconds
    }

    enum CodingKeys: String, CodingKey {
      case success, snapshot, mismatches, databases
      case filesChecked = "files_checked"
      case bytesChecked = "bytes_checked"
      case restoreSeconds = "restore_seconds"
      case totalSeconds = "total_seconds"
    }
  }
}

/// The first line of a PostgreSQL password file (for --postgres-password-file).
func readPostgresPassword(_ file: String) throws -> String {
  try backupAction { try PasswordFile.firstLine(file, what: "PostgreSQL") }
}
