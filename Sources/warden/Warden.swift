// The `warden` command: one binary for the server, its clients and its tools. Exit codes follow
// DESIGN.md: 0 success, 1 failure, 2 bad usage.
import ArgumentParser
#if canImport(Glibc)
  import Glibc
#endif

struct Warden: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "warden",
    abstract: "Monitor and maintain a fleet: metrics, logs, alerts, dashboards and backups in one program.",
    discussion: "Start the server with `warden serve` (data in ./data, HTTP on 127.0.0.1:9470), then open "
      + "http://127.0.0.1:9470/. Check a configuration file with `warden check-config FILE`.",
    subcommands: [
      ServeCommand.self, CheckConfigCommand.self, QueryCommand.self, LogsCommand.self, AlertsCommand.self, SilenceCommand.self,
      BackupCommand.self, VersionCommand.self,
    ]
  )
}

@main
enum Main {
  static func main() async {
    do {
      var command = try Warden.parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      let code = Warden.exitCode(for: error)
      // argument-parser uses EX_USAGE (64) for bad usage; Warden's convention is 2.
      let isUsageError = code == .validationFailure
      let message = Warden.fullMessage(for: error)
      if !message.isEmpty {
        if code == .success {
          print(message)
        } else {
          printToStandardError(message)
        }
      }
      exit(isUsageError ? 2 : code.rawValue)
    }
  }
}

/// A failure already explained to the operator in one line: print it, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}

/// Writes one line to standard error (Glibc's `stderr` global is not concurrency-safe to touch).
func printToStandardError(_ text: String, newline: Bool = true) {
  var line = newline ? text + "\n" : text
  line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
