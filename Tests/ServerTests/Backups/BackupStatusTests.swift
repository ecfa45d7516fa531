// The backup jobs' status as metrics and as a runbook: series appear only once a kind has run,
// carry the newest results, and the runbook names the repository, the schedule's recovery
// point, the last verified restore and the exact restore commands for every source.
import Catalog
import Foundation
import Testing
import WardenCore

@testable import Server

@Suite struct BackupStatusTests {
  static func job() throws -> BackupJobConfiguration {
    try #require(try ConfigLoader.parse(BackupJobsConfigurationTests.fullJob, file: "w.yml").backupJobs.first)
  }

  static func run(_ kind: String, result: String, startedAtMs: Int64, totalBytes: Int64? = nil) -> BackupRunRecord {
    var run = BackupRunRecord(job: "nightly", kind: kind, trigger: "schedule", startedAtMs: startedAtMs)
    run.endedAtMs = startedAtMs + 1500
    run.result = result
    run.snapshotID = "0123456789abcdef0123456789abcdef"
    run.totalBytes = totalBytes
    run.files = 42
    run.recoverySeconds = kind == "drill" ? 12.5 : nil
    return run
  }

  @Test func metricsFollowTheRuns() throws {
    let job = try Self.job()
    let board = BackupStatusBoard()
    var encoder = ExpositionEncoder()
    BackupMetrics.emit(jobs: [job], board: board, into: &encoder)
    var text = String(decoding: encoder.bytes, as: UTF8.self)
    // Nothing has run: no result series, so no alert can fire yet; the allowed age is known.
    #expect(!text.contains("warden_backup_last_run_success{"))
    #expect(text.contains("warden_backup_max_age_seconds{backup_job=\"nightly\"} 90000"))

    #expect(board.enqueue("nightly", .backup))
    #expect(!board.enqueue("nightly", .backup), "the same step twice is refused while queued")
    board.started("nightly", .backup)
    board.finished(Self.run("backup", result: "success", startedAtMs: 1_000_000, totalBytes: 100), kind: .backup)
    #expect(board.enqueue("nightly", .backup))
    board.started("nightly", .backup)
    board.finished(Self.run("backup", result: "success", startedAtMs: 2_000_000, totalBytes: 300), kind: .backup)
    board.finished(Self.run("drill", result: "failed", startedAtMs: 3_000_000), kind: .drill)
    encoder = ExpositionEncoder()
    BackupMetrics.emit(jobs: [job], board: board, into: &encoder)
    text = String(decoding: encoder.bytes, as: UTF8.self)
    #expect(text.contains("warden_backup_last_success_timestamp_seconds{backup_job=\"nightly\"} 2000"))
    #expect(text.contains("warden_backup_last_run_success{backup_job=\"nightly\"} 1"))
    #expect(text.contains("warden_backup_total_bytes{backup_job=\"nightly\"} 300"))
    #expect(text.contains("warden_backup_previous_total_bytes{backup_job=\"nightly\"} 100"))
    #expect(text.contains("warden_backup_drill_last_run_success{backup_job=\"nightly\"} 0"))
    #expect(!text.contains("warden_backup_drill_duration_seconds{"), "no successful drill yet")
    #expect(text.contains("warden_backup_runs_total{backup_job=\"nightly\",kind=\"backup\",result=\"success\"} 2"))
    #expect(text.contains("warden_backup_running{backup_job=\"nightly\",kind=\"backup\"} 0"))
  }

  @Test func runbookNamesEverythingNeededToRestore() throws {
    var runbook = BackupRunbook(job: try Self.job(), dataDirectory: "/var/lib/warden")
    runbook.now = Date(timeIntervalSince1970: 1_800_000_000)
    runbook.latestSuccess["backup"] = Self.run("backup", result: "success", startedAtMs: 1_799_990_000_000, totalBytes: 5 << 30)
    runbook.latestSuccess["drill"] = Self.run("drill", result: "success", startedAtMs: 1_799_995_000_000)
    let text = runbook.render()
    for expected in [
      "repository: `/backups/repo`", "first line of `/etc/warden/backup.pass`", "at most 1 d of changes can be lost",
      "measured recovery time 12.5 s", "warden backup restore 01234567 --target /tmp/restore --include /etc",
      "warden backup dump 01234567 /var/lib/app/app.db > /tmp/restored.db",
      "warden backup dump 01234567 /postgresql/db.internal-5433/shop.sql | psql -h db.internal -p 5433 -U backup",
      "--include /var/lib/warden/backup-snapshot", "mv /tmp/restore/var/lib/warden/backup-snapshot /var/lib/warden",
      "warden backup snapshots --tag warden-job=nightly", "5.0 GiB of source data",
    ] {
      #expect(text.contains(expected), "runbook lacks \(expected):\n\(text)")
    }
    #expect(!text.contains("SHOP_PG_PASSWORD=") && !text.contains("password:  "), "no secret values")
  }

  @Test func aRepositoryRunsOneStepAtATime() async {
    let gate = RepositoryGate()
    let active = Counter()
    await withTaskGroup(of: Void.self) { group in
      for index in 0..<8 {
        group.addTask {
          await gate.withRepository(index % 2 == 0 ? "/a" : "/b") {
            let now = await active.enter(index % 2 == 0 ? "/a" : "/b")
            #expect(now == 1, "two runs held one repository")
            try? await Task.sleep(for: .milliseconds(5))
            await active.leave(index % 2 == 0 ? "/a" : "/b")
          }
        }
      }
    }
    #expect(await active.peak == 1)
  }

  actor Counter {
    var current: [String: Int] = [:]
    var peak = 0
    func enter(_ key: String) -> Int {
      current[key, default: 0] += 1
      peak = max(peak, current[key]!)
      return current[key]!
    }
    func leave(_ key: String) { current[key, default: 0] -= 1 }
  }
}
