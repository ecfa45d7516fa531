// `warden check-config FILE`: validate a configuration file without starting anything.
import Alerting
import ArgumentParser
import Notify
import Server

struct CheckConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check-config",
    abstract: "Check a configuration file and say where it is wrong.",
    discussion: "Prints FILE: OK and exits 0, or prints each problem as FILE:LINE:COLUMN: field NAME: what is wrong, and exits 1."
  )

  @Argument(help: "The YAML configuration files to check.")
  var files: [String]

  func validate() throws {
    if files.isEmpty { throw ValidationError("give at least one configuration file to check") }
  }

  func run() throws {
    var failed = false
    for file in files {
      do {
        let config = try ConfigLoader.load(path: file)
        for warning in config.alerting.notifier.receiverWarnings { printToStandardError("\(file): warning: alerting: \(warning)") }
        let rules = config.ruleGroups.groups.reduce(0) { $0 + $1.rules.count }
        print("\(file): OK" + (rules > 0 ? " (\(config.ruleGroups.groups.count) rule groups, \(rules) rules)" : ""))
      } catch {
        printToStandardError("\(error)")
        failed = true
      }
    }
    if failed { throw ExitCode.failure }
  }
}
