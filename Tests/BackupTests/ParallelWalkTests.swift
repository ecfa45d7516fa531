// The backup walk runs on a pool of threads (directories, groups of small files and large files
// all in flight at once) and restore writes on one too: a wide and deep tree must still come back
// byte for byte, excludes must hold, an unchanged second backup must reuse every file and produce
// the same trees for unchanged directories, trees must sit in packs of their own, and restore must replace what is in
// the way in the target without following a symlink placed there.
import Backup
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct ParallelWalkTests {
  /// 4 x 5 x 3 directories, 3 small files in each leaf, some empty ones, a few larger files (over
  /// the chunker's minimum, so they take the large-file gate), and files to exclude.
  static func wideTree() throws -> (root: String, files: Int) {
    let root = try BackupFixtures.temporaryDirectory("wide")
    var files = 0
    for a in 0..<4 {
      for b in 0..<5 {
        for c in 0..<3 {
          let directory = "\(root)/a\(a)/b\(b)/c\(c)"
          try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
          for f in 0..<3 {
            try BackupFixtures.write("\(directory)/f\(f).txt", Array("\(a)-\(b)-\(c)-\(f)\n".utf8))
            files += 1
          }
          try BackupFixtures.write("\(directory)/skip.tmp", Array("excluded\n".utf8))
        }
      }
      try FileManager.default.createDirectory(atPath: "\(root)/a\(a)/empty", withIntermediateDirectories: true)
      try BackupFixtures.write("\(root)/a\(a)/large.bin", BackupFixtures.randomBytes(700 << 10, seed: UInt64(a)))
      files += 1
    }
    return (root, files)
  }

  @Test func aWideTreeRoundTripsAndAnUnchangedBackupReusesEverything() throws {
    let (source, files) = try Self.wideTree()
    let (path, repository) = try RepositoryTests.fresh()
    var options = BackupOptions(paths: [source])
    options.excludes = ["*.tmp"]
    let first = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    let summary = try #require(first.snapshot.summary)
    #expect(summary.errors.isEmpty, "\(summary.errors)")
    #expect(summary.filesNew == files)
    // 4 x (1 + 5 x (1 + 3)) + 4 empty ones, and the backed-up directory itself.
    #expect(summary.directories == 4 * (1 + 5 * 4) + 4 + 1)

    let second = try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    let again = try #require(second.snapshot.summary)
    #expect(again.filesUnmodified == files && again.filesNew == 0 && again.filesChanged == 0)
    #expect(again.bytesRead == 0 && again.dataBlobsAdded == 0)
    // A directory of unchanged files gets the same tree blob (directories above it may not: reading
    // a directory can change its atime, which its node records).
    let reader = TreeReader(repository: repository, index: try RepositoryIndex.load(repository))
    let leaf = source + "/a2/b3/c1"
    let before = try #require(try reader.node(at: leaf, root: first.snapshot.tree)?.subtree)
    #expect(try reader.node(at: leaf, root: second.snapshot.tree)?.subtree == before)

    // Restored and compared after the second backup: comparing reads the files, which moves their
    // access times, which their nodes record.
    let (target, restored) = try BackupRoundTripTests.restore(repository, first)
    #expect(restored.errors.isEmpty, "\(restored.errors)")
    #expect(restored.files == files)
    let original = try BackupFixtures.describe(source).filter { !$0.key.hasSuffix(".tmp") }
    let copy = try BackupFixtures.describe(target + source)
    #expect(copy == original)

    // Every pack holds one kind of blob: trees apart from data.
    let index = try RepositoryIndex.load(repository)
    let packs = try FileManager.default.subpathsOfDirectory(atPath: path + "/data").filter { $0.count > 3 }
    #expect(packs.count >= 2)
    for pack in packs {
      let blobs = try PackReader.header(path: path + "/data/" + pack, cipher: repository.cipher)
      #expect(Set(blobs.map(\.type)).count == 1, "pack \(pack) mixes data and trees")
      #expect(blobs.allSatisfy { index.location(of: $0.id) != nil })
    }
  }

  @Test func restoreReplacesWhatIsInTheWayWithoutFollowingSymlinks() throws {
    let source = try BackupFixtures.temporaryDirectory("in-the-way")
    try BackupFixtures.write(source + "/plain.txt", Array("from the snapshot\n".utf8))
    try BackupFixtures.write(source + "/linked.txt", Array("also from the snapshot\n".utf8))
    let (_, repository) = try RepositoryTests.fresh()
    let snapshot = try BackupRoundTripTests.backup(repository, [source])

    let target = try BackupFixtures.temporaryDirectory("restore-over")
    let outside = try BackupFixtures.temporaryDirectory("outside") + "/victim.txt"
    try BackupFixtures.write(outside, Array("must not change\n".utf8))
    try FileManager.default.createDirectory(atPath: target + source, withIntermediateDirectories: true)
    try BackupFixtures.write(target + source + "/plain.txt", Array("an older, longer file that was here before\n".utf8))
    #expect(symlink(outside, target + source + "/linked.txt") == 0)

    var options = RestoreOptions(target: target)
    options.workers = 2
    let summary = try Restorer(repository: repository, index: try RepositoryIndex.load(repository)).restore(snapshot, options: options)
    #expect(summary.errors.isEmpty, "\(summary.errors)")
    #expect(try String(contentsOfFile: target + source + "/plain.txt", encoding: .utf8) == "from the snapshot\n")
    #expect(try String(contentsOfFile: target + source + "/linked.txt", encoding: .utf8) == "also from the snapshot\n")
    var info = stat()
    #expect(lstat(target + source + "/linked.txt", &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
    #expect(try String(contentsOfFile: outside, encoding: .utf8) == "must not change\n")
  }
}
