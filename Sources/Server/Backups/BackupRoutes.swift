// `/api/v1/backups/*`: the configured jobs with their schedule and newest results, each job's run
// history, the snapshots in the jobs' repositories, a run started now, and each job's recovery
// runbook. Answers use Warden's `{"status":"success","data":...}` envelope.
import Backup
import Catalog
import Foundation
import Hummingbird
import Logging

struct BackupRoutes {
  let scheduler: BackupScheduler
  let reloader: ConfigReloader
  let stores: Stores
  let dataDirectory: String
  /// This server's address, for the runbook's commands.
  let serverURL: String
  static let maxRuns = 1000

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/backups/jobs") { _, _ in
      let jobs = await reloader.current.backupJobs
      return JSONBody.success(jobs.map { BackupJobJSON(job: $0, status: scheduler.board.status($0.name)) })
    }
    router.get("/api/v1/backups/jobs/:name") { _, context in
      let job = try await job(context)
      return JSONBody.success(BackupJobJSON(job: job, status: scheduler.board.status(job.name)))
    }
    router.get("/api/v1/backups/jobs/:name/runs") { request, context in
      let job = try await job(context)
      let parameters = request.uri.queryParameters
      let kind = try parameters.get("kind").map { text in
        guard let kind = BackupRunKind(rawValue: String(text)) else {
          throw APIError.badData("kind must be backup, check or drill, got \"\(text)\"")
        }
        return kind
      }
      let limit = try Self.limit(parameters.get("limit").map { String($0) })
      guard let catalog = stores.catalog else { throw APIError.unavailable("the catalog is still opening") }
      do {
        let runs = try await catalog.backupRuns(job: job.name, kind: kind?.rawValue, limit: limit)
        return JSONBody.success(runs.map(BackupRunJSON.init))
      } catch {
        throw APIError.internal("\(error)")
      }
    }
    router.post("/api/v1/backups/jobs/:name/run") { request, context in
      let job = try await job(context)
      let parameters = request.uri.queryParameters
      let kindText = parameters.get("kind").map { String($0) } ?? "backup"
      guard let kind = BackupRunKind(rawValue: kindText) else {
        throw APIError.badData("kind must be backup, check or drill, got \"\(kindText)\"")
      }
      // A job without `check:` or `drill:` can still be checked or drilled on demand, with the
      // defaults (structure only; every file restored under the data directory).
      let wait = try Self.flag(parameters.get("wait").map { String($0) }, name: "wait")
      guard await scheduler.waitUntilReady() else { throw APIError.unavailable("the backup scheduler is still starting") }
      let jobs = await reloader.current.backupJobs
      switch scheduler.trigger(job.name, kind, reason: "api", jobs: jobs) {
      case .unknownJob:
        throw APIError(status: .notFound, errorType: "not_found", message: "no backup job named \"\(job.name)\"")
      case .alreadyQueued:
        throw APIError(status: .conflict, errorType: "conflict", message: "a \(kind.rawValue) of job \"\(job.name)\" is already queued or running")
      case .queued(let task):
        guard wait else {
          return JSONBody.response(
            APISuccess(data: ["job": job.name, "kind": kind.rawValue, "state": "queued"]), status: .accepted)
        }
        guard let run = await task.value else { throw APIError.internal("the run ended without a record") }
        return JSONBody.success(BackupRunJSON(run))
      }
    }
    router.get("/api/v1/backups/jobs/:name/runbook") { request, context in
      let job = try await job(context)
      let runbook = await runbook(for: job)
      if request.uri.queryParameters.get("format") == "json" {
        return JSONBody.success(["job": job.name, "runbook": runbook.render()])
      }
      return TextBody.response(runbook.render(), contentType: "text/markdown; charset=utf-8")
    }
    router.get("/api/v1/backups/snapshots") { request, _ in
      let jobs = await reloader.current.backupJobs
      let wanted = request.uri.queryParameters.get("job").map { String($0) }
      if let wanted, !jobs.contains(where: { $0.name == wanted }) {
        throw APIError(status: .notFound, errorType: "not_found", message: "no backup job named \"\(wanted)\"")
      }
      let selected = jobs.filter { wanted == nil || $0.name == wanted }
      let context = (dataDirectory, stores, scheduler.repositories)
      let listing = await BackupScheduler.onOwnThread {
        selected.map { job -> BackupSnapshotsJSON in
          let runner = BackupJobRunner(
            job: job, dataDirectory: context.0, stores: context.1, repositories: context.2, logger: .init(label: "warden.backup"))
          do {
            let repository = try runner.openRepository()
            return BackupSnapshotsJSON(job: job.name, repository: job.repository, snapshots: try runner.snapshots(in: repository).reversed().map(BackupSnapshotJSON.init), error: nil)
          } catch {
            return BackupSnapshotsJSON(job: job.name, repository: job.repository, snapshots: [], error: BackupJobRunner.message(error))
          }
        }
      }
      return JSONBody.success(listing)
    }
  }

  /// The runbook with the job's history from the catalog.
  func runbook(for job: BackupJobConfiguration) async -> BackupRunbook {
    var runbook = BackupRunbook(job: job, dataDirectory: dataDirectory)
    runbook.serverURL = serverURL
    let status = scheduler.board.status(job.name)
    for (kind, run) in status.latest { runbook.latest[kind.rawValue] = run }
    for (kind, run) in status.latestSuccess { runbook.latestSuccess[kind.rawValue] = run }
    return runbook
  }

  private func job(_ context: some RequestContext) async throws -> BackupJobConfiguration {
    let name = context.parameters.get("name") ?? ""
    guard let job = await reloader.current.backupJobs.first(where: { $0.name == name }) else {
      throw APIError(status: .notFound, errorType: "not_found", message: "no backup job named \"\(name)\"")
    }
    return job
  }

  static func limit(_ text: String?) throws -> Int {
    guard let text else { return 100 }
    guard let value = Int(text), value > 0 else { throw APIError.badData("limit must be a positive integer, got \"\(text)\"") }
    return min(value, maxRuns)
  }

  static func flag(_ text: String?, name: String) throws -> Bool {
    guard let text else { return false }
    switch text.lowercased() {
    case "", "1", "true": return true
    case "0", "false": return false
    default: throw APIError.badData("\(name) must be true or false, got \"\(text)\"")
    }
  }
}
