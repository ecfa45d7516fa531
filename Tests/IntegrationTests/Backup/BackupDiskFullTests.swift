// `warden backup create` on a repository whose disk fills up mid-way: one line that names the
// problem and exit 1, the repository still checks clean with its earlier snapshot intact, and
// once there is space again the next backup works.
import Foundation
import Testing
import WardenTesting

@Suite(.enabled(if: SmallFilesystem.isAvailable, "needs root to mount a small tmpfs"))
struct BackupDiskFullTests {
  @Test func aFullDiskFailsTheBackupCleanlyAndTheNextOneWorks() async throws {
    let filesystem = try SmallFilesystem(sizeKiB: 12 << 10)
    defer { filesystem.unmount() }
    let root = try TemporaryDirectory.make(prefix: "backup-disk-full")
    let source = root.appendingPathComponent("source").path
    try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
    let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
    try random.readData(ofLength: 2 << 20).write(to: URL(fileURLWithPath: source + "/small.bin"))
    let passwordFile = root.appendingPathComponent("password").path
    try "disk full test\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
    let repository = filesystem.path + "/repo"
    func backup(_ arguments: [String]) throws -> CommandResult {
      try Command.warden(["backup"] + arguments + ["--repo", repository, "--password-file", passwordFile])
    }
    #expect(try backup(["init"]).status == 0)
    let first = try backup(["create", source])
    #expect(first.status == 0, "\(first.stderr)")

    // Random data does not compress: 24 MiB cannot fit in what is left of 12 MiB.
    try random.readData(ofLength: 24 << 20).write(to: URL(fileURLWithPath: source + "/large.bin"))
    let full = try backup(["create", source])
    #expect(full.status == 1, "\(full.stdout)\(full.stderr)")
    let message = full.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(message.lowercased().contains("no space left"), "the error names the full disk: \(message)")
    #expect(!message.contains("\n"), "one line: \(message)")
    let check = try backup(["check", "--read-data"])
    #expect(check.status == 0, "the repository stays consistent: \(check.stdout)\(check.stderr)")
    let snapshots = try backup(["snapshots", "--json"])
    #expect(snapshots.stdout.components(separatedBy: "\"short_id\"").count - 1 == 1, "only the first snapshot: \(snapshots.stdout)")

    try filesystem.resize(sizeKiB: 64 << 10)
    let again = try backup(["create", source])
    #expect(again.status == 0, "space is back: \(again.stderr)")
    #expect(try backup(["check", "--read-data"]).status == 0)
  }
}
