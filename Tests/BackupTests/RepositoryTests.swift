// Opening and keys: the right password opens, a wrong one says so in one line and changes
// nothing, other passwords can be added and removed (never the last), and a directory that is
// not a repository, or a damaged config, is named.
import Backup
import Foundation
import Testing

@Suite struct RepositoryTests {
  static func fresh(password: String = "correct horse") throws -> (String, Repository) {
    let path = try BackupFixtures.temporaryDirectory("repo") + "/r"
    return (path, try Repository.initialize(at: path, password: password, parameters: .fastForTests))
  }

  @Test func initThenOpenWithThePassword() throws {
    let (path, created) = try Self.fresh()
    let opened = try Repository.open(at: path, password: "correct horse")
    #expect(opened.config == created.config)
    #expect(opened.config.id.count == 64)
    for directory in ["config", "keys", "snapshots", "index", "locks", "data/00", "data/ff"] {
      #expect(FileManager.default.fileExists(atPath: path + "/" + directory), "\(directory) missing")
    }
  }

  @Test func wrongPasswordIsOneClearLineAndChangesNothing() throws {
    let (path, _) = try Self.fresh()
    let before = try BackupFixtures.describe(path)
    let error = #expect(throws: BackupError.self) { try Repository.open(at: path, password: "battery staple") }
    #expect(error?.kind == .wrongPassword)
    #expect(error?.message == "wrong password for repository \(path)")
    #expect(try BackupFixtures.describe(path) == before)
  }

  @Test func notARepositoryIsNamed() throws {
    let plain = try BackupFixtures.temporaryDirectory("not-repo")
    let error = #expect(throws: BackupError.self) { try Repository.open(at: plain, password: "x") }
    #expect(error?.kind == .notARepository)
    #expect(error?.message.contains(plain) == true)
    let missing = #expect(throws: BackupError.self) { try Repository.open(at: plain + "/nope", password: "x") }
    #expect(missing?.kind == .notARepository)
  }

  @Test func initRefusesANonEmptyDirectoryAndAnExistingRepository() throws {
    let (path, _) = try Self.fresh()
    let again = #expect(throws: BackupError.self) { try Repository.initialize(at: path, password: "x", parameters: .fastForTests) }
    #expect(again?.message.contains("already a repository") == true)
    let busy = try BackupFixtures.temporaryDirectory("busy")
    try BackupFixtures.write(busy + "/file", [1])
    #expect(throws: BackupError.self) { try Repository.initialize(at: busy, password: "x", parameters: .fastForTests) }
    #expect(throws: BackupError.self) { try Repository.initialize(at: busy + "/new", password: "", parameters: .fastForTests) }
  }

  @Test func damagedConfigIsReportedAsCorrupt() throws {
    let (path, _) = try Self.fresh()
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/config")))
    bytes[bytes.count / 2] ^= 0x01
    try BackupFixtures.write(path + "/config", bytes)
    let error = #expect(throws: BackupError.self) { try Repository.open(at: path, password: "correct horse") }
    #expect(error?.kind == .corrupt)
    #expect(error?.message.contains("config") == true)
  }

  @Test func keysCanBeAddedAndRemovedButNotTheLast() throws {
    let (path, repository) = try Self.fresh()
    let added = try repository.addKey(password: "second password", parameters: .fastForTests)
    let viaSecond = try Repository.open(at: path, password: "second password")
    #expect(viaSecond.config == repository.config)
    #expect(try repository.keys().count == 2)
    #expect(try repository.keys().filter(\.isCurrent).count == 1)
    // The key in use cannot remove itself; the other one can.
    #expect(throws: BackupError.self) { try viaSecond.removeKey(added.hex) }
    try repository.removeKey(String(added.hex.prefix(8)))
    #expect(throws: BackupError.self) { try Repository.open(at: path, password: "second password") }
    #expect(throws: BackupError.self) { try repository.removeKey(repository.keyID) }
  }

  @Test func sealedFilesDetectTampering() throws {
    let (_, repository) = try Self.fresh()
    struct Note: Codable, Equatable { var text: String }
    let id = try repository.save(Note(text: "kept"), kind: .snapshots)
    #expect(try repository.load(Note.self, kind: .snapshots, id: id) == Note(text: "kept"))
    let path = repository.filePath(.snapshots, id)
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[20] ^= 0x80
    try BackupFixtures.write(path, bytes)
    let error = #expect(throws: BackupError.self) { try repository.load(Note.self, kind: .snapshots, id: id) }
    #expect(error?.kind == .corrupt)
  }
}
