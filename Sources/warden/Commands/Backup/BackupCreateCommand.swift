// `warden backup create PATH...` (also `warden backup backup`): a new snapshot of the paths.
// Unchanged files (same size, times and inode as in the previous snapshot of these paths on this
// host) are not read again. On a terminal a progress line shows files, bytes and rate.
import ArgumentParser
import Backup
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

struct BackupCreateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create", abstract: "Back up paths into a new snapshot.", aliases: ["backup"])

  @OptionGroup var options: RepositoryOptions

  @Argument(help: "Files and directories to back up.")
  var paths: [String] = []

  @Option(help: "Store standard input as this file path in the snapshot (e.g. `pg_dump app | warden backup create --stdin-filename /postgresql/app.sql`).")
  var stdinFilename: String?

  @Option(name: .customLong("sqlite"), help: "A SQLite database to copy consistently while in use, through SQLite's online backup API (repeatable).")
  var sqliteDatabases: [String] = []

  @Option(
    name: .customLong("postgres"),
    help: """
      A PostgreSQL database to dump with pg_dump, as a connection string: "host=db1 port=5432 user=backup dbname=app" \
      (repeatable). Stored at /postgresql/<host>-<port>/<dbname>.sql.
      """)
  var postgresDatabases: [String] = []

  @Option(
    name: .customLong("postgres-password-file"), help: "A file whose first line is the password for --postgres (default: PGPASSWORD, ~/.pgpass).")
  var postgresPasswordFile: String?

  @Option(name: .customLong("exclude"), help: "Skip entries whose name or path matches this glob (repeatable).")
  var excludes: [String] = []

  @Option(name: .customLong("tag"), help: "A tag for the snapshot (repeatable).")
  var tags: [String] = []

  @Option(help: "The host name recorded (default: this host).")
  var host: String?

  func run() throws {
    let repository = try options.open()
    let lock = try backupAction { try RepositoryLock.acquire(repository, exclusive: false) }
    defer { lock.release() }
    guard !paths.isEmpty || stdinFilename != nil || !sqliteDatabases.isEmpty || !postgresDatabases.isEmpty else {
      throw ValidationError("give paths to back up, --stdin-filename, --sqlite or --postgres")
    }
    let postgresPassword = try postgresPasswordFile.map(readPostgresPassword)
    var backupOptions = BackupOptions(paths: paths)
    if let stdinFilename {
      backupOptions.streams.append(.standardInput(path: stdinFilename.hasPrefix("/") ? stdinFilename : "/" + stdinFilename))
    }
    backupOptions.streams += sqliteDatabases.map { StreamSource.sqlite($0) }
    for text in postgresDatabases {
      var connection = try backupAction { try PostgresConnection(connectionString: text) }
      connection.password = postgresPassword
      backupOptions.streams.append(.postgres(connection))
    }
    backupOptions.excludes = excludes
    backupOptions.tags = tags
    if let host { backupOptions.hostname = host }
    let meter = isatty(2) == 1 && !options.json ? ProgressMeter() : nil
    if let meter {
      backupOptions.progress = { meter.update($0) }
      meter.measureTotal(of: paths)
    }
    let entry = try backupAction {
      var index = try RepositoryIndex.load(repository)
      try repository.recoverUnindexedPacks(into: &index)
      return try Archiver(repository: repository, index: index).run(backupOptions)
    }
    meter?.finish()
    let summary = entry.snapshot.summary ?? Snapshot.Summary()
    if options.json {
      printJSON(SnapshotJSON(entry))
    } else {
      print("snapshot \(entry.id.short) saved")
      print(
        "files: \(summary.filesNew) new, \(summary.filesChanged) changed, \(summary.filesUnmodified) unmodified; "
          + "\(summary.directories) directories")
      print(
        "read \(byteText(summary.bytesRead)) of \(byteText(summary.totalBytes)), added \(byteText(summary.bytesAdded)) "
          + "in \(String(format: "%.1f", summary.durationSeconds)) s")
      for error in summary.errors { printToStandardError("error: \(error)") }
    }
    if !summary.errors.isEmpty { throw ExitCode(3) }
  }
}

/// One status line on standard error, rewritten at most 4 times a second: files, bytes, rate,
/// and once a background walk has sized the paths, the share done and the time left. The total
/// counts every file (unchanged ones too, which the backup skips quickly), so the estimate is
/// pessimistic on a second run.
final class ProgressMeter: Sendable {
  private let state = Mutex<(started: Date, lastPrint: Date, files: Int, bytes: UInt64)>((Date(), .distantPast, 0, 0))
  private let total = Mutex<UInt64?>(nil)

  /// Sizes `paths` on a background thread (regular files, symlinks not followed).
  func measureTotal(of paths: [String]) {
    DispatchQueue.global(qos: .utility).async { [self] in
      var sum: UInt64 = 0
      for path in paths {
        let root = URL(fileURLWithPath: path)
        if let size = try? root.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), size.isRegularFile == true {
          sum += UInt64(size.fileSize ?? 0)
          continue
        }
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
          guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), values.isRegularFile == true else {
            continue
          }
          sum += UInt64(values.fileSize ?? 0)
        }
      }
      total.withLock { $0 = sum }
    }
  }

  func update(_ progress: BackupProgress) {
    let line: String? = state.withLock { state in
      state.files = progress.files
      state.bytes = progress.bytesRead
      let now = Date()
      guard now.timeIntervalSince(state.lastPrint) >= 0.25 else { return nil }
      state.lastPrint = now
      let elapsed = max(now.timeIntervalSince(state.started), 0.001)
      let rate = UInt64(Double(state.bytes) / elapsed)
      var line = "\r\u{1B}[K\(state.files) files  \(byteText(state.bytes))  \(byteText(rate))/s  \(Int(elapsed)) s"
      if let total = total.withLock({ $0 }), total > 0 {
        let done = min(Double(state.bytes) / Double(total), 1)
        line += String(format: "  %.0f%%", done * 100)
        if rate > 0, total > state.bytes { line += "  ETA \(Int(Double(total - state.bytes) / Double(rate))) s" }
      }
      return line
    }
    if let line { printToStandardError(line, newline: false) }
  }

  func finish() {
    printToStandardError("\r\u{1B}[K", newline: false)
  }
}

/// A snapshot as the JSON outputs print it.
struct SnapshotJSON: Encodable {
  let id: String
  let shortID: String
  let snapshot: Snapshot

  init(_ entry: SnapshotEntry) {
    id = entry.id.hex
    shortID = entry.id.short
    snapshot = entry.snapshot
  }

  enum CodingKeys: String, CodingKey {
    case id
    case shortID = "short_id"
    case snapshot
  }
}
