// `warden backup` as an operator runs it, killed with SIGKILL in the middle of `create` and of
// `prune`: afterwards `check --read-data` finds the repository whole, the next run works (and
// reuses what the killed one stored), and the snapshot restores byte for byte. Also the one-line
// answers to a wrong password and to a path that is not a repository.
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct BackupCrashTests {
  struct Setup {
    let repository: String
    let source: String
    let passwordFile: String

    func run(_ arguments: [String]) throws -> CommandResult {
      try Command.warden(["backup"] + arguments + ["--repo", repository, "--password-file", passwordFile])
    }

    func start(_ arguments: [String]) throws -> Process {
      let process = Process()
      process.executableURL = try WardenBinary.url()
      process.arguments = ["backup"] + arguments + ["--repo", repository, "--password-file", passwordFile]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      return process
    }
  }

  static func setup(files: Int, megabytes: Int) throws -> Setup {
    let root = try TemporaryDirectory.make(prefix: "backup-crash")
    let source = root.appendingPathComponent("source").path
    try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
    // Random content, so nothing deduplicates and the backup takes long enough to be killed.
    let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
    for index in 0..<files {
      try random.readData(ofLength: megabytes << 20).write(to: URL(fileURLWithPath: "\(source)/file-\(index).bin"))
    }
    let passwordFile = root.appendingPathComponent("password").path
    try "crash test password\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
    let setup = Setup(repository: root.appendingPathComponent("repo").path, source: source, passwordFile: passwordFile)
    let initialized = try setup.run(["init"])
    try #require(initialized.status == 0, "init failed: \(initialized.stderr)")
    return setup
  }

  static func killAfter(_ process: Process, milliseconds: Int) async throws {
    try await Task.sleep(for: .milliseconds(milliseconds))
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }

  static func expectClean(_ setup: Setup, _ what: String) throws {
    let check = try setup.run(["check", "--read-data"])
    #expect(check.status == 0, "check after \(what): \(check.stdout)\(check.stderr)")
    #expect(check.stdout.contains("no errors were found"))
  }

  @Test func killedBackupsLeaveARepositoryThatChecksCleanAndResumes() async throws {
    let setup = try Self.setup(files: 24, megabytes: 3)
    for delay in [150, 400, 900] {
      let process = try setup.start(["create", setup.source])
      try await Self.killAfter(process, milliseconds: delay)
      try Self.expectClean(setup, "kill -9 during create at \(delay) ms")
    }
    let finished = try setup.run(["create", setup.source, "--json"])
    #expect(finished.status == 0, "\(finished.stderr)")
    let target = try TemporaryDirectory.make(prefix: "backup-crash-restore").path
    let restored = try setup.run(["restore", "latest", "--target", target])
    #expect(restored.status == 0, "\(restored.stderr)")
    for index in 0..<24 {
      let original = try Data(contentsOf: URL(fileURLWithPath: "\(setup.source)/file-\(index).bin"))
      let copy = try Data(contentsOf: URL(fileURLWithPath: "\(target)\(setup.source)/file-\(index).bin"))
      #expect(original == copy, "file-\(index).bin differs after restore")
    }
    try Self.expectClean(setup, "the final backup")
  }

  @Test func killedPruneLeavesEverySnapshotRestorable() async throws {
    let setup = try Self.setup(files: 12, megabytes: 3)
    #expect(try setup.run(["create", setup.source]).status == 0)
    // Replace half the files, back up again, forget the first snapshot: half the data is garbage.
    for index in 0..<6 { try FileManager.default.removeItem(atPath: "\(setup.source)/file-\(index).bin") }
    try Data(repeating: 7, count: 1 << 20).write(to: URL(fileURLWithPath: "\(setup.source)/small.bin"))
    #expect(try setup.run(["create", setup.source]).status == 0)
    let listed = try setup.run(["snapshots", "--json"])
    let first = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first?["id"] as? String)
    #expect(try setup.run(["forget", first]).status == 0)
    for delay in [50, 200] {
      let process = try setup.start(["prune"])
      try await Self.killAfter(process, milliseconds: delay)
      try Self.expectClean(setup, "kill -9 during prune at \(delay) ms")
    }
    let pruned = try setup.run(["prune"])
    #expect(pruned.status == 0, "\(pruned.stderr)")
    try Self.expectClean(setup, "the final prune")
    let target = try TemporaryDirectory.make(prefix: "backup-prune-restore").path
    #expect(try setup.run(["restore", "latest", "--target", target]).status == 0)
    for index in 6..<12 {
      let original = try Data(contentsOf: URL(fileURLWithPath: "\(setup.source)/file-\(index).bin"))
      #expect(try Data(contentsOf: URL(fileURLWithPath: "\(target)\(setup.source)/file-\(index).bin")) == original)
    }
  }

  @Test func wrongPasswordAndNotARepositoryAreOneLineAndExit1() throws {
    let setup = try Self.setup(files: 1, megabytes: 1)
    let wrongFile = try TemporaryDirectory.make(prefix: "wrong").appendingPathComponent("password").path
    try "not it\n".write(toFile: wrongFile, atomically: true, encoding: .utf8)
    let before = try FileManager.default.subpathsOfDirectory(atPath: setup.repository).sorted()
    let wrong = try Command.warden(["backup", "snapshots", "--repo", setup.repository, "--password-file", wrongFile])
    #expect(wrong.status == 1)
    #expect(wrong.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "Error: wrong password for repository \(setup.repository)")
    #expect(try FileManager.default.subpathsOfDirectory(atPath: setup.repository).sorted() == before)
    let notRepository = try Command.warden(["backup", "snapshots", "--repo", setup.source, "--password-file", setup.passwordFile])
    #expect(notRepository.status == 1)
    #expect(notRepository.stderr.contains("is not a Warden backup repository"))
  }
}
