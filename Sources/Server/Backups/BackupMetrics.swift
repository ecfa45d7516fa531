// The backup jobs as metrics (`warden_backup_*`, one series per job under the label
// `backup_job`), on /metrics and written into the TSDB with the host metrics, so the built-in
// alert rules and dashboards can use them. Timestamps and sizes describe the newest run of
// each kind; a job that has never run a kind has no series for it, so nothing fires before it
// has had a chance to run.
import Backup
import Catalog
import Foundation
import WardenCore

enum BackupMetrics {
  static func emit<E: MetricEmitter>(jobs: [BackupJobConfiguration], board: BackupStatusBoard, now: Date = Date(), into emitter: inout E) {
    guard !jobs.isEmpty else { return }
    let statuses = board.all()
    let rows: [(job: BackupJobConfiguration, status: BackupStatusBoard.JobStatus)] = jobs.map { ($0, statuses[$0.name] ?? .init()) }
    func labels(_ job: BackupJobConfiguration) -> [Label] { [Label("backup_job", job.name)] }
    func seconds(_ ms: Int64?) -> Double? { ms.map { Double($0) / 1000 } }

    gauge(&emitter, rows, "warden_backup_max_age_seconds", "How old the newest successful backup may be before it counts as overdue: the longest gap the schedule leaves, plus that gap again up to 1 hour.") {
      guard let cron = try? CronSchedule($0.job.schedule), let gap = cron.longestInterval(from: now) else { return nil }
      return gap + min(gap, 3600)
    }
    gauge(&emitter, rows, "warden_backup_last_success_timestamp_seconds", "When the newest successful backup started.") {
      seconds($0.status.latestSuccess[.backup]?.startedAtMs)
    }
    gauge(&emitter, rows, "warden_backup_last_run_timestamp_seconds", "When the newest backup run started, whatever its result.") {
      seconds($0.status.latest[.backup]?.startedAtMs)
    }
    gauge(&emitter, rows, "warden_backup_last_run_success", "1 when the newest backup run succeeded, 0 when it failed, was partial or was interrupted.") {
      $0.status.latest[.backup].map { $0.result == "success" ? 1 : 0 }
    }
    gauge(&emitter, rows, "warden_backup_duration_seconds", "How long the newest successful backup took (with retention and prune).") {
      $0.status.latestSuccess[.backup]?.durationSeconds
    }
    gauge(&emitter, rows, "warden_backup_bytes_added", "Bytes the newest successful backup added to the repository (after deduplication, compression and encryption).") {
      $0.status.latestSuccess[.backup]?.bytesAdded.map(Double.init)
    }
    gauge(&emitter, rows, "warden_backup_bytes_read", "Bytes the newest successful backup read from its sources (unchanged files are not read).") {
      $0.status.latestSuccess[.backup]?.bytesRead.map(Double.init)
    }
    gauge(&emitter, rows, "warden_backup_files", "Files in the newest successful backup.") {
      $0.status.latestSuccess[.backup]?.files.map(Double.init)
    }
    gauge(&emitter, rows, "warden_backup_total_bytes", "Source bytes in the newest successful backup.") {
      $0.status.latestSuccess[.backup]?.totalBytes.map(Double.init)
    }
    gauge(&emitter, rows, "warden_backup_previous_total_bytes", "Source bytes in the successful backup before the newest one.") {
      $0.status.previousTotalBytes.map(Double.init)
    }
    gauge(&emitter, rows, "warden_backup_dedup_ratio", "Source bytes in the newest successful backup per byte it added to the repository.") {
      $0.status.latestSuccess[.backup]?.dedupRatio
    }
    gauge(&emitter, rows, "warden_backup_check_last_success_timestamp_seconds", "When the newest successful repository check started.") {
      seconds($0.status.latestSuccess[.check]?.startedAtMs)
    }
    gauge(&emitter, rows, "warden_backup_check_last_run_success", "1 when the newest repository check found the repository sound, 0 otherwise.") {
      $0.status.latest[.check].map { $0.result == "success" ? 1 : 0 }
    }
    gauge(&emitter, rows, "warden_backup_drill_last_success_timestamp_seconds", "When the newest successful restore drill started.") {
      seconds($0.status.latestSuccess[.drill]?.startedAtMs)
    }
    gauge(&emitter, rows, "warden_backup_drill_last_run_success", "1 when the newest restore drill restored and verified everything, 0 otherwise.") {
      $0.status.latest[.drill].map { $0.result == "success" ? 1 : 0 }
    }
    gauge(&emitter, rows, "warden_backup_drill_duration_seconds", "The measured recovery time of the newest successful restore drill: files and databases restored.") {
      $0.status.latestSuccess[.drill]?.recoverySeconds
    }
    emitter.family("warden_backup_running", type: .gauge, help: "1 while a step of the job (label kind) runs.")
    for row in rows {
      for kind in BackupRunKind.allCases {
        emitter.sample("warden_backup_running", labels: labels(row.job) + [Label("kind", kind.rawValue)], value: row.status.running == kind ? 1 : 0)
      }
    }
    emitter.family("warden_backup_runs_total", type: .counter, help: "Runs of the job's steps since this server started, by kind and result.")
    for row in rows {
      for (kind, results) in row.status.runs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
        for (result, count) in results.sorted(by: { $0.key < $1.key }) {
          emitter.sample(
            "warden_backup_runs_total", labels: labels(row.job) + [Label("kind", kind.rawValue), Label("result", result)],
            value: Double(count))
        }
      }
    }
  }

  private static func gauge<E: MetricEmitter>(
    _ emitter: inout E, _ rows: [(job: BackupJobConfiguration, status: BackupStatusBoard.JobStatus)], _ name: String, _ help: String,
    _ value: ((job: BackupJobConfiguration, status: BackupStatusBoard.JobStatus)) -> Double?
  ) {
    emitter.family(name, type: .gauge, help: help)
    for row in rows {
      if let number = value(row) { emitter.sample(name, labels: [Label("backup_job", row.job.name)], value: number) }
    }
  }
}
