// The backup history's reads and writes: a run is inserted when it starts and updated when it
// ends; runs left "running" by a crash are marked interrupted at the next start.
import GRDB

extension CatalogDatabase {
  /// Inserts a run that has just started; returns it with its id.
  package func startBackupRun(_ run: BackupRunRecord) async throws(CatalogError) -> BackupRunRecord {
    try await write("cannot record the start of a backup run") { db in
      var inserted = run
      try inserted.insert(db)
      return inserted
    }
  }

  /// Stores a finished run (by id).
  package func finishBackupRun(_ run: BackupRunRecord) async throws(CatalogError) {
    try await write("cannot record the end of a backup run") { db in
      try run.update(db)
    }
  }

  /// Marks runs still "running" (a crash or kill cut them short) as interrupted, ended at
  /// `nowMs`; returns how many.
  @discardableResult
  package func markInterruptedBackupRuns(nowMs: Int64) async throws(CatalogError) -> Int {
    try await write("cannot mark interrupted backup runs") { db in
      try db.execute(
        sql: "UPDATE backup_run SET result = 'interrupted', ended_at_ms = ? WHERE result = 'running'", arguments: [nowMs])
      return db.changesCount
    }
  }

  /// Runs newest first, optionally of one job and kind, at most `limit`, older than `beforeID`
  /// when given (for paging).
  package func backupRuns(job: String? = nil, kind: String? = nil, limit: Int = 100, beforeID: Int64? = nil) async throws(CatalogError)
    -> [BackupRunRecord]
  {
    try await read("cannot read the backup history") { db in
      var request = BackupRunRecord.all()
      if let job { request = request.filter(Column("job") == job) }
      if let kind { request = request.filter(Column("kind") == kind) }
      if let beforeID { request = request.filter(Column("id") < beforeID) }
      return try request.order(Column("started_at_ms").desc, Column("id").desc).limit(limit).fetchAll(db)
    }
  }

  /// The newest run of each (job, kind) and the newest successful one: what the metrics and
  /// the jobs API report after a restart.
  package func latestBackupRuns() async throws(CatalogError) -> (latest: [BackupRunRecord], latestSuccessful: [BackupRunRecord]) {
    try await read("cannot read the backup history") { db in
      let latest = try BackupRunRecord.fetchAll(
        db,
        sql: """
          SELECT * FROM backup_run WHERE id IN (SELECT max(id) FROM backup_run WHERE result != 'running' GROUP BY job, kind)
          """)
      let successful = try BackupRunRecord.fetchAll(
        db,
        sql: """
          SELECT * FROM backup_run WHERE id IN
            (SELECT max(id) FROM backup_run WHERE result = 'success' GROUP BY job, kind)
          """)
      return (latest, successful)
    }
  }
}
