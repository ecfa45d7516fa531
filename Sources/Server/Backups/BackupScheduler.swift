// Runs the configured backup jobs on time: each job's backup, check and drill on their own cron
// schedules (UTC), a run missed while Warden was down once soon after start, one run at a time
// per repository, every run recorded in the catalog's history as it starts and as it ends.
// Runs the API asks for go through the same queue. The engine is synchronous, so each run gets
// a thread of its own rather than a cooperative one.
import Backup
import Catalog
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

final class BackupScheduler: Service, Sendable {
  enum TriggerResult: Sendable {
    case queued(Task<BackupRunRecord?, Never>)
    case alreadyQueued
    case unknownJob
  }

  let stores: Stores
  let reloader: ConfigReloader
  let dataDirectory: String
  let board: BackupStatusBoard
  let logger: Logger
  private let gate = RepositoryGate()
  let repositories = OpenRepositories()
  /// Whether the history has been loaded and interrupted runs marked (the API waits for it).
  private let ready = Mutex(false)
  /// Runs started and not yet recorded as finished.
  private let inFlight = Mutex(0)

  init(stores: Stores, reloader: ConfigReloader, dataDirectory: String, board: BackupStatusBoard, logger: Logger) {
    self.stores = stores
    self.reloader = reloader
    self.dataDirectory = dataDirectory
    self.board = board
    self.logger = logger
  }

  var isReady: Bool { ready.withLock { $0 } }

  /// Waits (up to `timeout`) for the history to be loaded, which follows the catalog's opening
  /// by a moment; false if it is not by then.
  func waitUntilReady(timeout: Duration = .seconds(10)) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !isReady {
      guard ContinuousClock.now < deadline else { return false }
      do {
        try await Task.sleep(for: .milliseconds(20))
      } catch {
        return false
      }
    }
    return true
  }

  func run() async throws {
    await cancelWhenGracefulShutdown { await self.schedule() }
    // A run in progress gets a few seconds to finish and be recorded before the stores close;
    // one still going after that is abandoned (the next start marks it interrupted, and the
    // repository stays consistent, as after a kill).
    let deadline = Date().addingTimeInterval(10)
    while inFlight.withLock({ $0 }) > 0, Date() < deadline {
      do {
        try await Task.sleep(for: .milliseconds(100))
      } catch {
        break
      }
    }
  }

  private func schedule() async {
    guard let catalog = await waitForCatalog() else { return }
    await loadHistory(catalog)
    removeLeftovers(await reloader.current.backupJobs)
    ready.withLock { $0 = true }
    var due: [DueKey: (schedule: String, at: Date)] = [:]
    var first = true
    while !Task.isCancelled {
      let jobs = await reloader.current.backupJobs
      let now = Date()
      var wanted: Set<DueKey> = []
      for job in jobs {
        for (kind, text) in Self.schedules(of: job) {
          let key = DueKey(job: job.name, kind: kind)
          wanted.insert(key)
          guard let cron = try? CronSchedule(text) else { continue }
          if due[key]?.schedule != text {
            // New or changed: next occurrence, or now when one was missed while we were down.
            var next = cron.next(after: now) ?? .distantFuture
            if first, let last = board.status(job.name).latest[kind],
              let missed = cron.next(after: Date(timeIntervalSince1970: Double(last.startedAtMs) / 1000)), missed < now
            {
              logger.info("running a backup step missed while Warden was down", metadata: ["backup.job": "\(job.name)", "kind": "\(kind)"])
              _ = trigger(job.name, kind, reason: "catch-up", jobs: jobs)
              next = cron.next(after: now) ?? .distantFuture
            }
            due[key] = (text, next)
          } else if let entry = due[key], entry.at <= now {
            _ = trigger(job.name, kind, reason: "schedule", jobs: jobs)
            due[key] = (text, cron.next(after: now) ?? .distantFuture)
          }
          board.setNextDue(job.name, kind, due[key]?.at)
        }
      }
      for key in due.keys where !wanted.contains(key) {
        due[key] = nil
        board.setNextDue(key.job, key.kind, nil)
      }
      first = false
      // Wake for the next due run, and at least every 10 s to see reloaded jobs.
      let nextAt = due.values.map(\.at).min() ?? .distantFuture
      let wait = min(max(nextAt.timeIntervalSince(Date()), 0.05), 10)
      try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
    }
  }

  /// Queues a run of `kind` for the named job (the API and the schedule come here).
  func trigger(_ name: String, _ kind: BackupRunKind, reason: String, jobs: [BackupJobConfiguration]) -> TriggerResult {
    guard let job = jobs.first(where: { $0.name == name }) else { return .unknownJob }
    guard board.enqueue(name, kind) else { return .alreadyQueued }
    inFlight.withLock { $0 += 1 }
    let task = Task {
      let run = await self.execute(job, kind, reason: reason)
      self.inFlight.withLock { $0 -= 1 }
      return run
    }
    return .queued(task)
  }

  private func execute(_ job: BackupJobConfiguration, _ kind: BackupRunKind, reason: String) async -> BackupRunRecord? {
    let repositoryKey = URL(fileURLWithPath: job.repository).standardizedFileURL.path
    return await gate.withRepository(repositoryKey) {
      self.board.started(job.name, kind)
      let started = BackupRunRecord(job: job.name, kind: kind.rawValue, trigger: reason, startedAtMs: Self.nowMs())
      var run = started
      if let catalog = self.stores.catalog {
        do {
          run = try await catalog.startBackupRun(started)
        } catch {
          self.logger.warning("cannot record the start of a backup run", metadata: ["error": "\(error)"])
        }
      }
      self.logger.info("backup job step started", metadata: ["backup.job": "\(job.name)", "kind": "\(kind)", "trigger": "\(reason)"])
      let runner = BackupJobRunner(
        job: job, dataDirectory: self.dataDirectory, stores: self.stores, repositories: self.repositories, logger: self.logger)
      let outcome = await Self.onOwnThread { runner.run(kind) }
      run.endedAtMs = Self.nowMs()
      run.result = outcome.result
      run.snapshotID = outcome.snapshotID
      run.files = outcome.files
      run.bytesRead = outcome.bytesRead.map { Int64(clamping: $0) }
      run.bytesAdded = outcome.bytesAdded.map { Int64(clamping: $0) }
      run.totalBytes = outcome.totalBytes.map { Int64(clamping: $0) }
      run.dedupRatio = outcome.dedupRatio
      run.recoverySeconds = outcome.recoverySeconds
      run.errors = outcome.errors
      run.detailsJSON = outcome.detailsJSON
      if run.id != nil, let catalog = self.stores.catalog {
        do {
          try await catalog.finishBackupRun(run)
        } catch {
          self.logger.warning("cannot record the end of a backup run", metadata: ["error": "\(error)"])
        }
      }
      self.board.finished(run, kind: kind)
      var metadata: Logger.Metadata = [
        "backup.job": "\(job.name)", "kind": "\(kind)", "result": "\(run.result)",
        "duration": "\(String(format: "%.2f", run.durationSeconds ?? 0))s",
      ]
      if let snapshot = run.snapshotID { metadata["snapshot"] = "\(snapshot.prefix(8))" }
      if run.result == "success" {
        self.logger.info("backup job step finished", metadata: metadata)
      } else {
        metadata["error"] = "\(run.errors.first ?? "")"
        self.logger.error("backup job step did not succeed", metadata: metadata)
      }
      return run
    }
  }

  // MARK: Start-up

  private func waitForCatalog() async -> CatalogDatabase? {
    while !Task.isCancelled {
      if let catalog = stores.catalog { return catalog }
      try? await Task.sleep(for: .milliseconds(50))
    }
    return nil
  }

  private func loadHistory(_ catalog: CatalogDatabase) async {
    do {
      let interrupted = try await catalog.markInterruptedBackupRuns(nowMs: Self.nowMs())
      if interrupted > 0 {
        logger.warning("backup runs were cut short by the last stop; marked interrupted", metadata: ["runs": "\(interrupted)"])
      }
      let (latest, successful) = try await catalog.latestBackupRuns()
      var previous: [String: Int64] = [:]
      for job in Set(successful.filter { $0.kind == BackupRunKind.backup.rawValue }.map(\.job)) {
        let runs = try await catalog.backupRuns(job: job, kind: BackupRunKind.backup.rawValue, limit: 50)
        let totals = runs.filter { $0.result == "success" }.compactMap(\.totalBytes)
        if totals.count >= 2 { previous[job] = totals[1] }
      }
      board.load(latest: latest, latestSuccess: successful, previousTotals: previous)
    } catch {
      logger.error("cannot read the backup history; metrics start empty", metadata: ["error": "\(error)"])
    }
  }

  /// What a run cut short by a kill leaves on disk: the copy of Warden's own data and drill
  /// scratch directories. Nothing runs yet, so whatever is there is stale.
  private func removeLeftovers(_ jobs: [BackupJobConfiguration]) {
    WardenDataSnapshot.remove(dataDirectory: dataDirectory)
    let scratchDirectories = Set(jobs.map { $0.drill?.scratchDirectory ?? (dataDirectory + "/backup-drills") })
    for directory in scratchDirectories {
      for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where entry.hasPrefix("warden-drill-") {
        logger.info("removing a drill's scratch copy left by the last stop", metadata: ["path": "\(directory)/\(entry)"])
        try? FileManager.default.removeItem(atPath: directory + "/" + entry)
      }
    }
  }

  // MARK: Helpers

  private struct DueKey: Hashable {
    var job: String
    var kind: BackupRunKind
  }

  static func schedules(of job: BackupJobConfiguration) -> [(BackupRunKind, String)] {
    var out: [(BackupRunKind, String)] = [(.backup, job.schedule)]
    if let check = job.check { out.append((.check, check.schedule)) }
    if let drill = job.drill { out.append((.drill, drill.schedule)) }
    return out
  }

  static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

  /// Runs blocking work on a thread of its own (8 MiB of stack for deep directory trees).
  static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
      let thread = Thread { continuation.resume(returning: body()) }
      thread.stackSize = 8 << 20
      thread.name = "warden-backup"
      thread.start()
    }
  }
}
