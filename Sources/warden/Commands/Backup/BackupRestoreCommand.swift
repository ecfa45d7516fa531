// `warden backup restore SNAPSHOT --target DIR [--include PATH]`: recreates files as they were.
import ArgumentParser
import Backup
import Foundation

struct BackupRestoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore a snapshot into a directory.")

  @OptionGroup var options: RepositoryOptions

  @Argument(help: "Snapshot id (or a unique prefix), or latest.")
  var snapshot: String

  @Option(help: "Where to restore; the snapshot's absolute paths are recreated under it.")
  var target: String

  @Option(name: .customLong("include"), help: "Only this path of the snapshot and what is under it (repeatable).")
  var includes: [String] = []

  func run() throws {
    let repository = try options.open()
    let lock = try backupAction { try RepositoryLock.acquire(repository, exclusive: false) }
    defer { lock.release() }
    let started = Date()
    let (entry, summary) = try backupAction {
      let entry = try repository.findSnapshot(snapshot)
      var restoreOptions = RestoreOptions(target: target)
      restoreOptions.includes = includes
      let summary = try Restorer(repository: repository, index: try RepositoryIndex.load(repository)).restore(entry, options: restoreOptions)
      return (entry, summary)
    }
    let seconds = Date().timeIntervalSince(started)
    if options.json {
      printJSON(RestoreJSON(snapshot: entry.id.hex, files: summary.files, directories: summary.directories, bytes: summary.bytes,
        seconds: seconds, errors: summary.errors))
    } else {
      print("restored snapshot \(entry.id.short) to \(target): \(summary.files) files, \(summary.directories) directories, \(byteText(summary.bytes)) in \(String(format: "%.1f", seconds)) s")
      for error in summary.errors { printToStandardError("error: \(error)") }
    }
    if !summary.errors.isEmpty { throw ExitCode(1) }
  }

  struct RestoreJSON: Encodable {
    let snapshot: String
    let files: Int
    let directories: Int
    let bytes: UInt64
    let seconds: Double
    let errors: [String]
  }
}
