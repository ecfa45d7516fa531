// Pack names: new packs are named by the SHA-256 of their trailer (sealed header and length),
// packs of older repositories by the SHA-256 of the whole file. Both must read, restore and pass
// `check --read-data`; a trailer-named pack with bytes outside its blobs must not.
@testable import Backup
import Crypto
import Foundation
import Testing
import WardenTesting

@Suite struct PackNamingTests {
  static func packFiles(_ repository: Repository) throws -> [(id: BlobID, bytes: [UInt8])] {
    try repository.allPackIDs().map { ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: repository.packPath($0))))) }
  }

  static func readDataCheck(_ repository: Repository) throws -> CheckReport {
    var options = CheckOptions()
    options.readData = true
    return try Checker(repository: repository).run(options)
  }

  @Test func newPacksAreNamedByTheirTrailer() throws {
    let source = try BackupFixtures.temporaryDirectory("pack-names")
    try BackupFixtures.write(source + "/data.bin", BackupFixtures.randomBytes(3 << 20, seed: 41))
    let (_, repository) = try RepositoryTests.fresh()
    _ = try BackupRoundTripTests.backup(repository, [source])
    let packs = try Self.packFiles(repository)
    #expect(packs.count >= 2, "a data pack and a tree pack")
    for (id, bytes) in packs {
      let headerLength = Int(bytes[bytes.count - 4]) | Int(bytes[bytes.count - 3]) << 8 | Int(bytes[bytes.count - 2]) << 16
      let trailer = bytes[(bytes.count - 4 - headerLength)...]
      #expect(BlobID(bytes: SHA256.hash(data: trailer)) == id)
      #expect(BlobID(bytes: SHA256.hash(data: bytes)) != id)
    }
    #expect(try Self.readDataCheck(repository).isClean)
  }

  /// A repository written before trailer names: every pack renamed to its whole file's hash and
  /// one index file that lists them so.
  @Test func packsNamedByTheWholeFileStillRestoreAndCheck() throws {
    let source = try BackupFixtures.makeSourceTree()
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try BackupRoundTripTests.backup(repository, [source])
    let index = try RepositoryIndex.load(repository)
    let grouped = index.blobsByPack()
    var renamed: [(pack: BlobID, blobs: [PackedBlob])] = []
    for (id, bytes) in try Self.packFiles(repository) {
      let wholeFileID = BlobID(bytes: SHA256.hash(data: bytes))
      let target = repository.packPath(wholeFileID)
      try FileManager.default.createDirectory(atPath: String(target.dropLast(65)), withIntermediateDirectories: true)
      try FileManager.default.moveItem(atPath: repository.packPath(id), toPath: target)
      renamed.append((wholeFileID, try #require(grouped[id])))
    }
    for file in try repository.list(.index) { try repository.remove(.index, id: file) }
    try repository.saveBytes(IndexFile.encode(renamed), kind: .index)

    let report = try Self.readDataCheck(repository)
    #expect(report.isClean, "\(report.errors) \(report.damagedPacks)")
    #expect(report.packsRead == renamed.count)
    let (target, restored) = try BackupRoundTripTests.restore(repository, snapshot)
    #expect(restored.errors.isEmpty, "\(restored.errors)")
    #expect(
      [UInt8](try Data(contentsOf: URL(fileURLWithPath: target + source + "/docs/large.bin")))
        == [UInt8](try Data(contentsOf: URL(fileURLWithPath: source + "/docs/large.bin"))))
  }

  @Test func bytesSlippedBeforeTheHeaderOfATrailerNamedPackAreDamage() throws {
    let source = try BackupFixtures.temporaryDirectory("pack-slip")
    try BackupFixtures.write(source + "/data.bin", BackupFixtures.randomBytes(2 << 20, seed: 42))
    let (_, repository) = try RepositoryTests.fresh()
    _ = try BackupRoundTripTests.backup(repository, [source])
    let (id, bytes) = try #require(try Self.packFiles(repository).max { $0.bytes.count < $1.bytes.count })
    let headerLength = Int(bytes[bytes.count - 4]) | Int(bytes[bytes.count - 3]) << 8 | Int(bytes[bytes.count - 2]) << 16
    let headerStart = bytes.count - 4 - headerLength
    // The trailer, and so the name, is unchanged; the blobs no longer end where the header starts.
    let slipped = Array(bytes[..<headerStart]) + [UInt8](repeating: 7, count: 100) + Array(bytes[headerStart...])
    try BackupFixtures.write(repository.packPath(id), slipped)
    let report = try Self.readDataCheck(repository)
    #expect(report.damagedPacks[id]?.contains("bytes that no blob holds") == true, "\(report.damagedPacks)")
  }
}
