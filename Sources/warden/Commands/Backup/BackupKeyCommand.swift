// `warden backup key list|add|remove` and `warden backup unlock`.
import ArgumentParser
import Backup
import Foundation

struct BackupKeyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "key", abstract: "Manage the repository's passwords.",
    subcommands: [BackupKeyListCommand.self, BackupKeyAddCommand.self, BackupKeyRemoveCommand.self])
}

struct BackupKeyListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the key files.")

  @OptionGroup var options: RepositoryOptions

  func run() throws {
    let repository = try options.open()
    let keys = try backupAction { try repository.keys() }
    for key in keys {
      print("\(key.isCurrent ? "*" : " ") \(key.id.short)  \(key.created)  \(key.username)@\(key.hostname)")
    }
  }
}

struct BackupKeyAddCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "add", abstract: "Add another password.")

  @OptionGroup var options: RepositoryOptions

  @Option(help: "A file whose first line is the new password (default: prompt).")
  var newPasswordFile: String?

  func run() throws {
    let repository = try options.open()
    var newOptions = options
    newOptions.passwordFile = newPasswordFile
    let password: String
    if newPasswordFile != nil {
      password = try newOptions.password()
    } else {
      password = try TerminalPassword.read(prompt: "new password: ")
    }
    let id = try backupAction { try repository.addKey(password: password) }
    print("added key \(id.short)")
  }
}

struct BackupKeyRemoveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a key file (not the one in use, not the last).")

  @OptionGroup var options: RepositoryOptions

  @Argument(help: "The key id or a unique prefix (see `key list`).")
  var id: String

  func run() throws {
    let repository = try options.open()
    try backupAction { try repository.removeKey(id) }
    print("removed key \(id)")
  }
}

struct BackupUnlockCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Remove stale locks.")

  @OptionGroup var options: RepositoryOptions

  @Flag(help: "Remove every lock, not only stale ones (only when no other process uses the repository).")
  var removeAll = false

  func run() throws {
    let repository = try options.open()
    let removed = try backupAction { try RepositoryLock.removeStale(repository, all: removeAll) }
    print("removed \(removed) lock\(removed == 1 ? "" : "s")")
  }
}
