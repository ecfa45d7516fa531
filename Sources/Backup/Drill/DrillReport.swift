// What a restore drill is asked to do (DrillOptions) and what it found (DrillReport, one
// DatabaseDrillResult per database): the numbers the scheduler records, the metrics export, and
// `warden backup drill` prints. A drill succeeds only when every file matched and every database
// loaded with the row counts its dump holds.
import Foundation

package struct DrillOptions: Sendable {
  /// The drill works in a new directory under this one, removed afterwards (also on failure).
  package var scratchDirectory: String
  /// nil: every regular file; N: a random sample of N regular files (dumps in `databases` are
  /// restored in addition).
  package var sampleFiles: Int? = nil
  /// Dumps in the snapshot to restore into a scratch database on that server; the scratch
  /// database is named warden_drill_<random> and dropped afterwards. The server's `database` is the
  /// one connected to for CREATE and DROP DATABASE (usually "postgres").
  package var databases: [(dumpPath: String, server: PostgresConnection)] = []
  package var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

  package init(scratchDirectory: String) {
    self.scratchDirectory = scratchDirectory
  }
}

package struct DrillReport: Sendable {
  /// The snapshot id in hex.
  package var snapshotID: String
  package var filesChecked: Int
  package var bytesChecked: UInt64
  /// "path: why", empty when every file matched.
  package var mismatches: [String]
  package var databases: [DatabaseDrillResult]
  /// The measured recovery time: files restored plus databases loaded.
  package var restoreSeconds: Double
  package var totalSeconds: Double

  package init(
    snapshotID: String, filesChecked: Int = 0, bytesChecked: UInt64 = 0, mismatches: [String] = [],
    databases: [DatabaseDrillResult] = [], restoreSeconds: Double = 0, totalSeconds: Double = 0
  ) {
    self.snapshotID = snapshotID
    self.filesChecked = filesChecked
    self.bytesChecked = bytesChecked
    self.mismatches = mismatches
    self.databases = databases
    self.restoreSeconds = restoreSeconds
    self.totalSeconds = totalSeconds
  }

  package var isSuccess: Bool {
    mismatches.isEmpty && databases.allSatisfy { $0.mismatches.isEmpty }
  }
}

package struct DatabaseDrillResult: Sendable {
  package var dumpPath: String
  package var scratchDatabase: String
  package var tables: Int
  /// Counted in the dump's COPY sections.
  package var rowsExpected: Int
  /// Counted with SELECT count(*) in the scratch database.
  package var rowsRestored: Int
  /// "public.orders: 120 in the dump, 119 restored", or why the load failed.
  package var mismatches: [String]
  package var seconds: Double

  package init(
    dumpPath: String, scratchDatabase: String, tables: Int = 0, rowsExpected: Int = 0, rowsRestored: Int = 0,
    mismatches: [String] = [], seconds: Double = 0
  ) {
    self.dumpPath = dumpPath
    self.scratchDatabase = scratchDatabase
    self.tables = tables
    self.rowsExpected = rowsExpected
    self.rowsRestored = rowsRestored
    self.mismatches = mismatches
    self.seconds = seconds
  }
}
