// Backup then restore over a real tree with every kind of entry, compared byte for byte and by
// metadata; a second backup reuses unchanged files and adds only what changed; `check` passes on
// a sound repository and names the damaged pack, snapshot and files after a bit flip, while the
// undamaged files still restore.
import Backup
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct BackupRoundTripTests {
  static func backup(_ repository: Repository, _ paths: [String], tags: [String] = []) throws -> SnapshotEntry {
    var index = try RepositoryIndex.load(repository)
    try repository.recoverUnindexedPacks(into: &index)
    var options = BackupOptions(paths: paths)
    options.tags = tags
    return try Archiver(repository: repository, index: index).run(options)
  }

  static func restore(_ repository: Repository, _ snapshot: SnapshotEntry, includes: [String] = []) throws -> (String, RestoreSummary) {
    let target = try BackupFixtures.temporaryDirectory("restore")
    var options = RestoreOptions(target: target)
    options.includes = includes
    let summary = try Restorer(repository: repository, index: try RepositoryIndex.load(repository)).restore(snapshot, options: options)
    return (target, summary)
  }

  @Test func everyKindOfEntryRestoresByteForByteWithItsMetadata() throws {
    let source = try BackupFixtures.makeSourceTree()
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try Self.backup(repository, [source], tags: ["test"])
    let summary = try #require(snapshot.snapshot.summary)
    #expect(summary.errors.isEmpty, "\(summary.errors)")
    #expect(summary.filesNew == 12)
    #expect(snapshot.snapshot.tags == ["test"])
    #expect(snapshot.snapshot.paths == [source])

    let (target, restored) = try Self.restore(repository, snapshot)
    #expect(restored.errors.isEmpty, "\(restored.errors)")
    let original = try BackupFixtures.describe(source)
    let copy = try BackupFixtures.describe(target + source)
    #expect(Set(copy.keys) == Set(original.keys))
    for (path, entry) in original {
      #expect(copy[path] == entry, "\(path): \(copy[path].map(String.init(describing:)) ?? "missing") != \(entry)")
    }
    // Hard links come back as one inode; the sparse file keeps its holes.
    #expect(BackupFixtures.inode(target + source + "/linked-a") == BackupFixtures.inode(target + source + "/docs/linked-b"))
    #expect(restored.links == 1)
    let sparseAllocated = BackupFixtures.allocatedBytes(target + source + "/sparse.img")
    #expect(sparseAllocated < 1 << 20, "sparse file allocates \(sparseAllocated) bytes")
  }

  @Test func aSecondBackupReusesUnchangedFilesAndStoresOnlyTheChange() throws {
    let source = try BackupFixtures.makeSourceTree()
    let (_, repository) = try RepositoryTests.fresh()
    let first = try Self.backup(repository, [source])
    // Change one file a little and add one.
    try BackupFixtures.write(source + "/small.txt", Array("hello, backup, again\n".utf8))
    try BackupFixtures.write(source + "/new.txt", Array("new\n".utf8))
    let second = try Self.backup(repository, [source])
    let summary = try #require(second.snapshot.summary)
    #expect(second.snapshot.parent == first.id)
    #expect(summary.filesNew == 1)
    #expect(summary.filesChanged == 1)
    #expect(summary.filesUnmodified == 11)
    #expect(summary.bytesRead < 100)
    #expect(summary.bytesAdded < 64 << 10, "added \(summary.bytesAdded) bytes")
    // Both snapshots restore to what they saw.
    let (target, _) = try Self.restore(repository, second)
    #expect(try String(contentsOfFile: target + source + "/small.txt", encoding: .utf8) == "hello, backup, again\n")
    let (old, _) = try Self.restore(repository, first)
    #expect(try String(contentsOfFile: old + source + "/small.txt", encoding: .utf8) == "hello, backup\n")
    #expect(!FileManager.default.fileExists(atPath: old + source + "/new.txt"))
  }

  @Test func identicalContentIsStoredOnce() throws {
    let source = try BackupFixtures.temporaryDirectory("dedup")
    let data = BackupFixtures.randomBytes(3 << 20, seed: 11)
    for name in ["a", "b", "c"] { try BackupFixtures.write(source + "/" + name, data) }
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try Self.backup(repository, [source])
    let summary = try #require(snapshot.snapshot.summary)
    #expect(summary.bytesRead == 9 << 20)
    #expect(summary.bytesAdded < (3 << 20) + (64 << 10), "random data stored \(summary.bytesAdded) bytes for 3 copies")
  }

  @Test func includeRestoresOnlyTheChosenPaths() throws {
    let source = try BackupFixtures.makeSourceTree()
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try Self.backup(repository, [source])
    let (target, _) = try Self.restore(repository, snapshot, includes: [source + "/docs/deep"])
    #expect(FileManager.default.fileExists(atPath: target + source + "/docs/deep/deeper/leaf.txt"))
    #expect(!FileManager.default.fileExists(atPath: target + source + "/docs/large.bin"))
    #expect(!FileManager.default.fileExists(atPath: target + source + "/small.txt"))
  }

  @Test func unreadableFilesAreReportedAndTheRestIsSaved() throws {
    guard geteuid() != 0 else {
      // root reads everything; permissions cannot make a file unreadable here.
      let source = try BackupFixtures.temporaryDirectory("unreadable")
      try BackupFixtures.write(source + "/ok", [1])
      let (_, repository) = try RepositoryTests.fresh()
      let snapshot = try Self.backup(repository, [source, source + "/missing-is-refused-up-front"].dropLast().map { $0 })
      #expect(snapshot.snapshot.summary?.errors.isEmpty == true)
      #expect(throws: BackupError.self) { try Self.backup(repository, [source + "/does-not-exist"]) }
      return
    }
    let source = try BackupFixtures.temporaryDirectory("unreadable")
    try BackupFixtures.write(source + "/ok", [1])
    try BackupFixtures.write(source + "/secret", [2])
    chmod(source + "/secret", 0)
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try Self.backup(repository, [source])
    #expect(snapshot.snapshot.summary?.errors.count == 1)
    #expect(snapshot.snapshot.summary?.errors.first?.contains("secret") == true)
  }

  @Test func checkPassesOnASoundRepositoryAndReadsEveryBlob() throws {
    let source = try BackupFixtures.makeSourceTree()
    let (_, repository) = try RepositoryTests.fresh()
    _ = try Self.backup(repository, [source])
    _ = try Self.backup(repository, [source])
    var options = CheckOptions()
    options.readData = true
    let report = try Checker(repository: repository).run(options)
    #expect(report.isClean, "\(report.errors) \(report.damagedPacks)")
    #expect(report.snapshots == 2)
    #expect(report.packsRead == report.packs && report.packs >= 1)
    #expect(report.blobsRead >= 10)
  }

  @Test func aFlippedBitIsFoundNamedAndTheRestStillRestores() throws {
    let source = try BackupFixtures.temporaryDirectory("flip")
    // Two files big enough to land in different packs (each pack holds about 16 MiB).
    try BackupFixtures.write(source + "/first.bin", BackupFixtures.randomBytes(18 << 20, seed: 21))
    try BackupFixtures.write(source + "/second.bin", BackupFixtures.randomBytes(18 << 20, seed: 22))
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try Self.backup(repository, [source])
    let index = try RepositoryIndex.load(repository)
    let firstChunk = try #require(
      try TreeReader(repository: repository, index: index).node(at: source + "/first.bin", root: snapshot.snapshot.tree)?.content?.first)
    let (pack, blob) = try #require(index.location(of: firstChunk))
    let packPath = repository.packPath(pack)
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: packPath)))
    bytes[Int(blob.offset) + 100] ^= 0x04
    try BackupFixtures.write(packPath, bytes)

    #expect(try Checker(repository: repository).run(CheckOptions()).isClean, "the structure is intact")
    var options = CheckOptions()
    options.readData = true
    let report = try Checker(repository: repository).run(options)
    #expect(!report.isClean)
    #expect(report.damagedPacks.keys.contains(pack))
    #expect(report.damagedPacks[pack]?.contains(pack.hex) == true)
    #expect(report.affected.contains { $0.contains(snapshot.id.short) && $0.contains("first.bin") }, "\(report.affected)")
    // A file whose chunks live in other packs restores.
    let (target, restored) = try Self.restore(repository, snapshot, includes: [source + "/second.bin"])
    #expect(restored.errors.isEmpty, "\(restored.errors)")
    #expect(
      [UInt8](try Data(contentsOf: URL(fileURLWithPath: target + source + "/second.bin"))) == BackupFixtures.randomBytes(18 << 20, seed: 22))
    let (_, broken) = try Self.restore(repository, snapshot, includes: [source + "/first.bin"])
    #expect(broken.errors.count == 1 && broken.errors[0].contains("first.bin"), "\(broken.errors)")
  }

  @Test func packsWithoutAnIndexAreRecoveredAndReused() throws {
    let source = try BackupFixtures.temporaryDirectory("orphan")
    try BackupFixtures.write(source + "/data.bin", BackupFixtures.randomBytes(4 << 20, seed: 31))
    let (_, repository) = try RepositoryTests.fresh()
    _ = try Self.backup(repository, [source])
    // As if the process died after writing the packs but before their index: drop the index files.
    for file in try repository.list(.index) { try repository.remove(.index, id: file) }
    for file in try repository.list(.snapshots) { try repository.remove(.snapshots, id: file) }
    var index = RepositoryIndex()
    #expect(try repository.recoverUnindexedPacks(into: &index) >= 1)
    let again = try Self.backup(repository, [source])
    #expect(again.snapshot.summary?.dataBlobsAdded == 0, "the recovered chunks were uploaded again")
    var options = CheckOptions()
    options.readData = true
    #expect(try Checker(repository: repository).run(options).isClean)
  }
}
