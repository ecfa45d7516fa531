// `warden version`: which build this is.
import ArgumentParser
import Foundation
import WardenCore

struct VersionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version of this binary.")

  @Flag(help: "Print machine-readable JSON.")
  var json = false

  func run() throws {
    let fields = [
      "version": BuildInfo.version, "revision": BuildInfo.revision, "branch": BuildInfo.branch,
      "swiftVersion": BuildInfo.swiftVersion,
    ]
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      print(String(decoding: try encoder.encode(fields), as: UTF8.self))
    } else {
      print("warden \(BuildInfo.version) (revision \(BuildInfo.revision), branch \(BuildInfo.branch), \(BuildInfo.swiftVersion))")
    }
  }
}
