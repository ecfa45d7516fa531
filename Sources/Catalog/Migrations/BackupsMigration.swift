// The backup history table (issue 9): one row per run of a configured backup job (a backup with
// its retention, a repository check, or a restore drill), inserted when the run starts and
// completed when it ends, so a run cut short by a crash is visible as one that never ended.
import GRDB

enum BackupsMigration {
  static func create(_ db: Database) throws {
    try db.create(table: "backup_run") { table in
      table.autoIncrementedPrimaryKey("id")
      table.column("job", .text).notNull()
      // "backup", "check" or "drill".
      table.column("kind", .text).notNull()
      // "schedule", "api" or "catch-up".
      table.column("trigger", .text).notNull()
      table.column("started_at_ms", .integer).notNull()
      table.column("ended_at_ms", .integer)
      // "running", "success", "partial" (snapshot made, some files unreadable), "failed" or
      // "interrupted" (found still running at the next start).
      table.column("result", .text).notNull()
      table.column("snapshot_id", .text)
      table.column("files", .integer)
      table.column("bytes_read", .integer)
      table.column("bytes_added", .integer)
      table.column("total_bytes", .integer)
      table.column("dedup_ratio", .double)
      // Drills: the measured time to restore (files and databases).
      table.column("recovery_seconds", .double)
      // JSON array of strings.
      table.column("errors_json", .text).notNull()
      // JSON object: what the run did beyond the columns (forgotten snapshots, check or drill report).
      table.column("details_json", .text).notNull()
    }
    try db.create(index: "backup_run_job_kind_started", on: "backup_run", columns: ["job", "kind", "started_at_ms"])
  }
}
