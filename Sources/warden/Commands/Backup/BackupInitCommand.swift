// `warden backup init`: creates an empty encrypted repository.
import ArgumentParser
import Backup

struct BackupInitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty repository.")

  @OptionGroup var options: RepositoryOptions

  @Option(help: "zstd level for stored data, 0 (off) to 19.")
  var compression: Int32 = 3

  func run() throws {
    guard (0...19).contains(compression) else { throw ValidationError("--compression must be 0 to 19") }
    let path = try options.repositoryPath
    let password = try options.password(prompt: "new repository password: ")
    let repository = try backupAction { try Repository.initialize(at: path, password: password, compressionLevel: compression) }
    if options.json {
      printJSON(["id": repository.config.id, "repository": path])
    } else {
      print("created repository \(repository.config.id.prefix(10)) at \(path)")
      print("Keep the password safe: without it the data cannot be read back.")
    }
  }
}
