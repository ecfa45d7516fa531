// `init` cut short (a kill between its directories and its config, which it writes last) leaves
// a directory that is no repository; initializing again over it must work, while a directory
// with anything else in it is still refused.
import Foundation
import Testing

@testable import Backup

@Suite struct InterruptedInitializationTests {
  static func skeleton() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("interrupted-init-\(UUID().uuidString)").path
    for directory in ["keys", "snapshots", "index", "locks", "data/00", "data/ff"] {
      try FileManager.default.createDirectory(atPath: path + "/" + directory, withIntermediateDirectories: true)
    }
    try Data("half-written key".utf8).write(to: URL(fileURLWithPath: path + "/keys/abc"))
    try Data("half-written config".utf8).write(to: URL(fileURLWithPath: path + "/config.tmp"))
    return path
  }

  @Test func initializingOverAnInterruptedInitializationWorks() throws {
    let path = try Self.skeleton()
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = try Repository.initialize(at: path, password: "pw", parameters: .fastForTests)
    let reopened = try Repository.open(at: path, password: "pw")
    #expect(try reopened.snapshots().isEmpty)
  }

  @Test(arguments: ["snapshots/0123", "data/00/pack", "config", "notes.txt"])
  func anythingMoreIsStillRefused(extra: String) throws {
    let path = try Self.skeleton()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("x".utf8).write(to: URL(fileURLWithPath: path + "/" + extra))
    #expect(throws: BackupError.self) { try Repository.initialize(at: path, password: "pw", parameters: .fastForTests) }
  }
}
