// Runs one step of a configured backup job against its repository: a backup (then the job's
// retention and prune), a check, or a restore drill. Synchronous and blocking, like the engine
// it drives; the scheduler calls it on a thread of its own. Every failure becomes a failed
// outcome with one line that names the problem, never a thrown error.
import Backup
import Foundation
import Logging

struct BackupJobRunner: Sendable {
  let job: BackupJobConfiguration
  let dataDirectory: String
  let stores: Stores
  let repositories: OpenRepositories
  let logger: Logger

  func run(_ kind: BackupRunKind) -> BackupRunOutcome {
    do {
      switch kind {
      case .backup: return try backup()
      case .check: return try check()
      case .drill: return try drill()
      }
    } catch let error as BackupError {
      return .failed(error.message)
    } catch {
      return .failed("\(error)")
    }
  }

  // MARK: The repository

  func openRepository() throws -> Repository {
    let password = try BackupPassword.read(file: job.passwordFile, environmentVariable: job.passwordEnv, what: "repository")
    let hasConfig = FileManager.default.fileExists(atPath: job.repository + "/config")
    if !hasConfig, job.createRepository {
      logger.info("creating backup repository", metadata: ["backup.job": "\(job.name)", "repository": "\(job.repository)"])
      return try Repository.initialize(at: job.repository, password: password)
    }
    do {
      return try repositories.repository(at: job.repository, password: password) {
        try Repository.open(at: job.repository, password: password)
      }
    } catch let error as BackupError where error.kind == .notARepository && !job.createRepository {
      throw BackupJobError("\(error.message); create it with `warden backup init --repo \(job.repository)` or set create_repository: true")
    }
  }

  /// This job's snapshots, oldest first.
  func snapshots(in repository: Repository) throws -> [SnapshotEntry] {
    try repository.snapshots().filter { $0.snapshot.tags.contains(job.jobTag) }
  }

  // MARK: Backup

  private func backup() throws -> BackupRunOutcome {
    let repository = try openRepository()
    var options = BackupOptions(paths: [])
    options.excludes = job.exclude
    options.tags = job.tags + [job.jobTag]
    var wardenSnapshot: String?
    defer { if wardenSnapshot != nil { WardenDataSnapshot.remove(dataDirectory: dataDirectory) } }
    for source in job.sources {
      if let path = source.path { options.paths.append(path) }
      if let path = source.sqlite { options.streams.append(.sqlite(path)) }
      if let postgres = source.postgres { options.streams.append(try Self.postgresStream(postgres)) }
      if source.warden == true {
        let path = try WardenDataSnapshot.make(stores: stores, dataDirectory: dataDirectory)
        wardenSnapshot = path
        options.paths.append(path)
      }
    }
    let entry: SnapshotEntry
    do {
      let lock = try RepositoryLock.acquire(repository, exclusive: false)
      defer { lock.release() }
      var index = try RepositoryIndex.load(repository)
      try repository.recoverUnindexedPacks(into: &index)
      entry = try Archiver(repository: repository, index: index).run(options)
    }
    let summary = entry.snapshot.summary ?? Snapshot.Summary()
    var outcome = BackupRunOutcome()
    outcome.result = summary.errors.isEmpty ? "success" : "partial"
    outcome.snapshotID = entry.id.hex
    outcome.files = summary.totalFiles
    outcome.bytesRead = summary.bytesRead
    outcome.bytesAdded = summary.bytesAdded
    outcome.totalBytes = summary.totalBytes
    outcome.errors = Array(summary.errors.prefix(100))
    outcome.details["files_new"] = .number(Double(summary.filesNew))
    outcome.details["files_changed"] = .number(Double(summary.filesChanged))
    outcome.details["files_unmodified"] = .number(Double(summary.filesUnmodified))
    outcome.details["paths"] = .list(entry.snapshot.paths)
    if summary.errors.count > 100 { outcome.details["errors_omitted"] = .number(Double(summary.errors.count - 100)) }
    if let retention = job.retention {
      do {
        try applyRetention(retention, repository: repository, into: &outcome)
      } catch {
        // The snapshot is safe; the retention step failing is still a failed run to look at.
        outcome.result = "failed"
        outcome.errors.append("retention: \(Self.message(error))")
      }
    }
    return outcome
  }

  private func applyRetention(_ retention: BackupRetentionConfiguration, repository: Repository, into outcome: inout BackupRunOutcome) throws {
    let lock = try RepositoryLock.acquire(repository, exclusive: true)
    defer { lock.release() }
    let decision = retention.policy.apply(to: try snapshots(in: repository))
    try repository.forget(decision.remove)
    outcome.details["snapshots_forgotten"] = .list(decision.remove.map { $0.id.hex })
    outcome.details["snapshots_kept"] = .number(Double(decision.keep.count))
    if retention.prune, !decision.remove.isEmpty {
      let report = try Pruner(repository: repository).run()
      outcome.details["prune_packs_deleted"] = .number(Double(report.packsDeleted))
      outcome.details["prune_packs_repacked"] = .number(Double(report.packsRepacked))
      outcome.details["prune_bytes_freed"] = .number(Double(report.bytesFreed))
    }
  }

  // MARK: Check

  private func check() throws -> BackupRunOutcome {
    let repository = try openRepository()
    let lock = try RepositoryLock.acquire(repository, exclusive: false)
    defer { lock.release() }
    var options = CheckOptions()
    if let check = job.check {
      options.readData = check.readData
      options.subsetPercent = check.readDataSubset
    }
    let report = try Checker(repository: repository).run(options)
    var outcome = BackupRunOutcome()
    outcome.result = report.isClean ? "success" : "failed"
    outcome.errors = report.errors + report.damagedPacks.map { "damaged pack \($0.key.hex): \($0.value)" }.sorted()
    outcome.bytesRead = report.bytesRead
    outcome.details["snapshots"] = .number(Double(report.snapshots))
    outcome.details["packs"] = .number(Double(report.packs))
    outcome.details["packs_read"] = .number(Double(report.packsRead))
    outcome.details["blobs_read"] = .number(Double(report.blobsRead))
    outcome.details["read_data"] = .text(options.readData ? "\(options.subsetPercent)%" : "no")
    if !report.affected.isEmpty { outcome.details["affected"] = .list(Array(report.affected.prefix(200))) }
    return outcome
  }

  static func message(_ error: any Error) -> String {
    (error as? BackupError)?.message ?? "\(error)"
  }
}
