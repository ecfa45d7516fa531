// Restore drills over real trees: a sound snapshot passes with every regular file checked; a bit
// flipped in a pack, or a snapshot whose recorded size disagrees with its content, fails the drill
// naming the file; a sample checks that many files; the scratch directory is gone afterwards.
import Backup
import Foundation
import Testing

@Suite struct RestoreDrillTests {
  static func drill(_ repository: Repository, _ snapshot: SnapshotEntry, sample: Int? = nil) throws -> (DrillReport, String) {
    let scratch = try BackupFixtures.temporaryDirectory("drill-scratch")
    var options = DrillOptions(scratchDirectory: scratch)
    options.sampleFiles = sample
    options.workers = 2
    let report = try RestoreDrill(repository: repository, index: try RepositoryIndex.load(repository)).run(snapshot, options: options)
    return (report, scratch)
  }

  static func isEmptyDirectory(_ path: String) -> Bool {
    (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true
  }

  @Test func aSoundSnapshotPassesWithEveryFileChecked() throws {
    let source = try BackupFixtures.makeSourceTree()
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try BackupRoundTripTests.backup(repository, [source])
    let (report, scratch) = try Self.drill(repository, snapshot)
    #expect(report.isSuccess, "\(report.mismatches)")
    #expect(report.mismatches.isEmpty)
    #expect(report.snapshotID == snapshot.id.hex)
    // Twelve regular files (two paths of one hard-linked inode among them).
    #expect(report.filesChecked == 12)
    let expectedBytes = (5 << 20) + 20_000 * 18 + (3 << 20) + 70_000 + (2 << 20) + 14 + 13 + 8 + 18 + 2 * 13 + 7 + 10
    #expect(report.bytesChecked == UInt64(expectedBytes))
    #expect(report.restoreSeconds > 0 && report.restoreSeconds <= report.totalSeconds)
    #expect(report.databases.isEmpty)
    #expect(Self.isEmptyDirectory(scratch), "the scratch copy is removed")
  }

  @Test func aSampleChecksThatManyFiles() throws {
    let source = try BackupFixtures.makeSourceTree()
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try BackupRoundTripTests.backup(repository, [source])
    let (report, scratch) = try Self.drill(repository, snapshot, sample: 3)
    #expect(report.isSuccess, "\(report.mismatches)")
    #expect(report.filesChecked == 3)
    #expect(Self.isEmptyDirectory(scratch))
  }

  @Test func aFlippedBitInAPackFailsTheDrillNamingTheFile() throws {
    let source = try BackupFixtures.makeSourceTree()
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try BackupRoundTripTests.backup(repository, [source])
    let index = try RepositoryIndex.load(repository)
    let chunk = try #require(
      try TreeReader(repository: repository, index: index).node(at: source + "/docs/large.bin", root: snapshot.snapshot.tree)?.content?.last)
    let (pack, blob) = try #require(index.location(of: chunk))
    let packPath = repository.packPath(pack)
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: packPath)))
    bytes[Int(blob.offset) + Int(blob.length) / 2] ^= 0x10
    try BackupFixtures.write(packPath, bytes)

    let (report, scratch) = try Self.drill(repository, snapshot)
    #expect(!report.isSuccess)
    let named = report.mismatches.filter { $0.contains(source + "/docs/large.bin") }
    #expect(!named.isEmpty, "\(report.mismatches)")
    // Restore errors and mismatches name snapshot paths, not the scratch copy.
    #expect(report.mismatches.allSatisfy { !$0.contains(scratch) }, "\(report.mismatches)")
    // The other files still matched.
    #expect(report.mismatches.allSatisfy { $0.contains("large.bin") }, "\(report.mismatches)")
    #expect(Self.isEmptyDirectory(scratch))
  }

  /// The check after the restore is independent of it: a snapshot whose node claims one byte more
  /// than its chunks hold restores without error, and the check still finds the difference.
  @Test func aSizeTheContentDoesNotHaveIsAMismatch() throws {
    let (_, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [])
    options.streams = [.command(["sh", "-c", "seq 1 50000"], path: "/numbers.txt")]
    let original = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    let index = try RepositoryIndex.load(repository)
    var root = try TreeReader(repository: repository, index: index).tree(original.snapshot.tree)
    #expect(root.nodes.map(\.name) == ["numbers.txt"])
    root.nodes[0].size += 1
    let treeBytes = [UInt8](try JSONEncoder().encode(Tree(nodes: root.nodes)))
    let treeID = BlobID.hash(treeBytes)
    let writer = BlobWriter(repository: repository, index: index)
    #expect(try writer.store(treeBytes, id: treeID, type: .tree), "a new tree blob")
    try writer.flush()
    var tampered = original.snapshot
    tampered.tree = treeID
    let snapshot = SnapshotEntry(id: try repository.save(tampered, kind: .snapshots), snapshot: tampered)

    let (report, _) = try Self.drill(repository, snapshot)
    #expect(!report.isSuccess)
    #expect(report.mismatches == ["/numbers.txt: size \(root.nodes[0].size - 1) bytes, the snapshot says \(root.nodes[0].size)"])
  }

  @Test func aScratchDirectoryThatCannotBeMadeIsAnError() throws {
    let (_, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [])
    options.streams = [.command(["echo", "x"], path: "/x.txt")]
    let snapshot = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    let file = try BackupFixtures.temporaryDirectory("drill-file") + "/plain-file"
    try BackupFixtures.write(file, [1])
    let error = #expect(throws: BackupError.self) {
      try RestoreDrill(repository: repository, index: try RepositoryIndex.load(repository))
        .run(snapshot, options: DrillOptions(scratchDirectory: file))
    }
    #expect(error?.message.contains(file) == true)
  }
}
