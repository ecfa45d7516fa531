// `warden backup ...`: the backup engine on its own, no server needed (restic-like verbs). Every
// subcommand takes the repository (--repo or WARDEN_BACKUP_REPOSITORY) and its password
// (--password-file, WARDEN_BACKUP_PASSWORD, or a prompt on a terminal; never an argument, which
// `ps` would show). Exit codes: 0 ok, 1 failed, 2 bad usage, 3 snapshot made but some files
// could not be read.
import ArgumentParser
import Backup
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

struct BackupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Deduplicated, encrypted backups: init, create, snapshots, ls, restore, check, keys.",
    discussion: """
      export WARDEN_BACKUP_REPOSITORY=/backups/repo WARDEN_BACKUP_PASSWORD_FILE=/etc/warden/backup.pass
      warden backup init
      warden backup create /etc /home --exclude '*.tmp' --tag nightly
      warden backup snapshots
      warden backup restore latest --target /tmp/restore --include /etc
      warden backup check --read-data
      """,
    subcommands: [
      BackupInitCommand.self, BackupCreateCommand.self, BackupSnapshotsCommand.self, BackupLsCommand.self,
      BackupRestoreCommand.self, BackupDumpCommand.self, BackupDiffCommand.self, BackupCheckCommand.self,
      BackupForgetCommand.self, BackupPruneCommand.self, BackupStatsCommand.self, BackupKeyCommand.self, BackupUnlockCommand.self,
      BackupDrillCommand.self, BackupRunbookCommand.self,
    ]
  )
}

/// The repository and how to get its password; shared by every subcommand.
struct RepositoryOptions: ParsableArguments {
  @Option(name: .customLong("repo"), help: "The repository directory (default: $WARDEN_BACKUP_REPOSITORY).")
  var repository: String?

  @Option(help: "A file whose first line is the password (default: $WARDEN_BACKUP_PASSWORD_FILE).")
  var passwordFile: String?

  @Flag(help: "Print JSON for scripts instead of text.")
  var json = false

  var repositoryPath: String {
    get throws {
      guard let path = repository ?? ProcessInfo.processInfo.environment["WARDEN_BACKUP_REPOSITORY"], !path.isEmpty else {
        throw ValidationError("give the repository with --repo DIR or WARDEN_BACKUP_REPOSITORY")
      }
      return path
    }
  }

  /// The password from the file, the environment, or a terminal prompt.
  func password(prompt: String = "repository password: ") throws -> String {
    let environment = ProcessInfo.processInfo.environment
    if let file = passwordFile ?? environment["WARDEN_BACKUP_PASSWORD_FILE"], !file.isEmpty {
      return try backupAction { try PasswordFile.firstLine(file, what: "repository") }
    }
    if let value = environment["WARDEN_BACKUP_PASSWORD"], !value.isEmpty { return value }
    guard isatty(0) == 1 else {
      throw CommandFailure(message: "no password: give --password-file, WARDEN_BACKUP_PASSWORD_FILE or WARDEN_BACKUP_PASSWORD")
    }
    return try TerminalPassword.read(prompt: prompt)
  }

  func open() throws -> Repository {
    let path = try repositoryPath
    do {
      return try Repository.open(at: path, password: try password())
    } catch let error as BackupError {
      throw CommandFailure(message: error.message)
    }
  }
}

/// Runs `body`, turning engine errors into one-line failures.
func backupAction<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as BackupError {
    throw CommandFailure(message: error.message)
  }
}

/// Prints an Encodable as one JSON document.
func printJSON(_ value: some Encodable) {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  if let data = try? encoder.encode(value) { print(String(decoding: data, as: UTF8.self)) }
}

/// Bytes for people: 1.5 GiB.
func byteText(_ bytes: UInt64) -> String {
  let units = ["B", "KiB", "MiB", "GiB", "TiB"]
  var value = Double(bytes)
  var unit = 0
  while value >= 1024, unit < units.count - 1 {
    value /= 1024
    unit += 1
  }
  return unit == 0 ? "\(bytes) B" : String(format: "%.2f %@", value, units[unit])
}
