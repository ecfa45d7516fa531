// What is known about every backup job right now: its newest run and newest successful run of
// each kind (loaded from the catalog at start, so metrics survive a restart), what is running
// or queued, and when each kind is due next. Read by /metrics, the TSDB writer and the API.
import Catalog
import Foundation
import Synchronization

final class BackupStatusBoard: Sendable {
  struct JobStatus: Sendable {
    var latest: [BackupRunKind: BackupRunRecord] = [:]
    var latestSuccess: [BackupRunKind: BackupRunRecord] = [:]
    /// The total source size of the successful backup before the newest one.
    var previousTotalBytes: Int64?
    var running: BackupRunKind?
    var queued: Set<BackupRunKind> = []
    var nextDue: [BackupRunKind: Date] = [:]
    var runs: [BackupRunKind: [String: Int]] = [:]
  }

  private let state = Mutex<[String: JobStatus]>([:])

  init() {}

  func status(_ job: String) -> JobStatus {
    state.withLock { $0[job] ?? JobStatus() }
  }

  func all() -> [String: JobStatus] {
    state.withLock { $0 }
  }

  /// Fills the board from the catalog's history (at start).
  func load(latest: [BackupRunRecord], latestSuccess: [BackupRunRecord], previousTotals: [String: Int64]) {
    state.withLock { jobs in
      for run in latest {
        guard let kind = BackupRunKind(rawValue: run.kind) else { continue }
        jobs[run.job, default: JobStatus()].latest[kind] = run
      }
      for run in latestSuccess {
        guard let kind = BackupRunKind(rawValue: run.kind) else { continue }
        jobs[run.job, default: JobStatus()].latestSuccess[kind] = run
      }
      for (job, total) in previousTotals { jobs[job, default: JobStatus()].previousTotalBytes = total }
    }
  }

  /// Marks a run as wanted; false when the same kind of the same job is already queued or running.
  func enqueue(_ job: String, _ kind: BackupRunKind) -> Bool {
    state.withLock { jobs in
      var status = jobs[job] ?? JobStatus()
      guard status.running != kind, !status.queued.contains(kind) else { return false }
      status.queued.insert(kind)
      jobs[job] = status
      return true
    }
  }

  func started(_ job: String, _ kind: BackupRunKind) {
    state.withLock { jobs in
      jobs[job, default: JobStatus()].queued.remove(kind)
      jobs[job, default: JobStatus()].running = kind
    }
  }

  func finished(_ run: BackupRunRecord, kind: BackupRunKind) {
    state.withLock { jobs in
      var status = jobs[run.job] ?? JobStatus()
      if status.running == kind { status.running = nil }
      status.latest[kind] = run
      if run.result == "success" {
        if kind == .backup { status.previousTotalBytes = status.latestSuccess[.backup]?.totalBytes }
        status.latestSuccess[kind] = run
      }
      status.runs[kind, default: [:]][run.result, default: 0] += 1
      jobs[run.job] = status
    }
  }

  func setNextDue(_ job: String, _ kind: BackupRunKind, _ date: Date?) {
    state.withLock { jobs in jobs[job, default: JobStatus()].nextDue[kind] = date }
  }
}
