// A restore drill: proves a snapshot restores, the way an operator would restore it, and measures
// how long that takes. The snapshot (or a random sample of its regular files) is restored with the
// ordinary Restorer into a new scratch directory; every restored regular file is then read back
// and checked against its snapshot node by re-chunking (RestoredFileCheck), independently of the
// restore path; each PostgreSQL dump named in the options is loaded into a scratch database and
// its rows counted (DatabaseDrill). The scratch directory and databases are removed afterwards,
// also on failure. Problems with the data are reported (DrillReport.mismatches), not thrown: only
// a drill that cannot start (no scratch directory, an unreadable snapshot tree) throws.
import Foundation
import Synchronization

package struct RestoreDrill: Sendable {
  private let repository: Repository
  private let index: RepositoryIndex

  package init(repository: Repository, index: RepositoryIndex) {
    self.repository = repository
    self.index = index
  }

  package func run(_ snapshot: SnapshotEntry, options: DrillOptions) throws -> DrillReport {
    let started = ContinuousClock.now
    let scratch = try ScratchDirectory.create(under: options.scratchDirectory)
    defer { ScratchDirectory.remove(scratch) }

    var files: [(path: String, node: Node)] = []
    try collectRegularFiles(snapshot.snapshot.tree, prefix: "", into: &files)
    var report = DrillReport(snapshotID: snapshot.id.hex)

    // What to restore: everything, or the sample plus the dumps the databases need.
    var includes: [String] = []
    if let count = options.sampleFiles {
      let dumps = Set(options.databases.map(\.dumpPath))
      var generator = SystemRandomNumberGenerator()
      var sample = Array(files.shuffled(using: &generator).prefix(max(0, count)))
      let sampled = Set(sample.map(\.path))
      sample += files.filter { dumps.contains($0.path) && !sampled.contains($0.path) }
      files = sample
      includes = files.map(\.path)
    }
    let restoreStarted = ContinuousClock.now
    if options.sampleFiles == nil || !includes.isEmpty {
      var restoreOptions = RestoreOptions(target: scratch)
      restoreOptions.includes = includes
      restoreOptions.workers = options.workers
      let summary = try Restorer(repository: repository, index: index).restore(snapshot, options: restoreOptions)
      // Restore errors name scratch paths; the report names snapshot paths.
      report.mismatches += summary.errors.map { $0.replacingOccurrences(of: scratch, with: "") }
    }
    report.restoreSeconds = Self.seconds(since: restoreStarted)

    let checked = check(files, under: scratch, workers: options.workers)
    report.filesChecked = files.count
    report.bytesChecked = checked.bytes
    report.mismatches += checked.mismatches

    for (dumpPath, server) in options.databases {
      guard files.contains(where: { $0.path == dumpPath }) else {
        report.databases.append(
          DatabaseDrillResult(
            dumpPath: dumpPath, scratchDatabase: "", mismatches: ["\(dumpPath) is not a file in snapshot \(snapshot.id.short)"]))
        continue
      }
      let (result, loadSeconds) = DatabaseDrill(server: server).run(dumpFile: scratch + dumpPath, dumpPath: dumpPath)
      report.databases.append(result)
      report.restoreSeconds += loadSeconds
    }
    report.totalSeconds = Self.seconds(since: started)
    return report
  }

  /// Every regular file of the tree under `treeID` with its snapshot path ("/etc/hosts"); names
  /// the Restorer refuses are left out (it reports them).
  private func collectRegularFiles(_ treeID: BlobID, prefix: String, into files: inout [(path: String, node: Node)]) throws {
    let reader = TreeReader(repository: repository, index: index)
    for node in try reader.tree(treeID).nodes where Restorer.isSafeName(node.name) {
      let path = prefix + "/" + node.name
      switch node.type {
      case .file: files.append((path, node))
      case .dir: if let subtree = node.subtree { try collectRegularFiles(subtree, prefix: path, into: &files) }
      default: continue
      }
    }
  }

  /// Checks the restored copies on `workers` threads, small files in groups.
  private func check(_ files: [(path: String, node: Node)], under scratch: String, workers: Int) -> (
    mismatches: [String], bytes: UInt64
  ) {
    let checker = RestoredFileCheck(chunker: ContentChunker(seed: repository.config.chunkerSeed))
    let batches = WorkBatches.ranges(files.map(\.node.size), maxCount: 64, maxBytes: 32 << 20)
    let found = Mutex<(mismatches: [String], bytes: UInt64)>(([], 0))
    WorkBatches.run(batches.count, workers: workers) { job in
      let window = RestoredFileCheck.Window(capacity: checker.windowCapacity)
      for (path, node) in files[batches[job]] {
        let (problem, bytes) = checker.check(path: scratch + path, node: node, window: window)
        found.withLock {
          $0.bytes += bytes
          if let problem { $0.mismatches.append("\(path): \(problem)") }
        }
      }
    }
    let result = found.withLock { $0 }
    return (result.mismatches.sorted(), result.bytes)
  }

  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }

  /// 16 random hex digits, for scratch names no two drills share.
  static func randomHex() -> String {
    let text = String(UInt64.random(in: .min ... .max), radix: 16)
    return String(repeating: "0", count: 16 - text.count) + text
  }
}
