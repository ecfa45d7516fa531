// The `backup_run` table: one run of a configured backup job (backup, check or drill) with what
// it did, for the history API, the runbooks and the metrics that must survive a restart.
import Foundation
package import GRDB

package struct BackupRunRecord: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
  package static let databaseTableName = "backup_run"
  package var id: Int64?
  package var job: String
  /// "backup", "check" or "drill".
  package var kind: String
  /// "schedule", "api" or "catch-up".
  package var trigger: String
  package var startedAtMs: Int64
  package var endedAtMs: Int64?
  /// "running", "success", "partial", "failed" or "interrupted".
  package var result: String
  package var snapshotID: String?
  package var files: Int?
  package var bytesRead: Int64?
  package var bytesAdded: Int64?
  package var totalBytes: Int64?
  package var dedupRatio: Double?
  package var recoverySeconds: Double?
  package var errors: [String]
  /// A JSON object (as text) with the run's report beyond the columns.
  package var detailsJSON: String

  package init(job: String, kind: String, trigger: String, startedAtMs: Int64) {
    self.job = job
    self.kind = kind
    self.trigger = trigger
    self.startedAtMs = startedAtMs
    result = "running"
    errors = []
    detailsJSON = "{}"
  }

  package var durationSeconds: Double? { endedAtMs.map { Double($0 - startedAtMs) / 1000 } }

  package init(row: Row) {
    id = row["id"]
    job = row["job"]
    kind = row["kind"]
    trigger = row["trigger"]
    startedAtMs = row["started_at_ms"]
    endedAtMs = row["ended_at_ms"]
    result = row["result"]
    snapshotID = row["snapshot_id"]
    files = row["files"]
    bytesRead = row["bytes_read"]
    bytesAdded = row["bytes_added"]
    totalBytes = row["total_bytes"]
    dedupRatio = row["dedup_ratio"]
    recoverySeconds = row["recovery_seconds"]
    let errorsText: String = row["errors_json"]
    errors = (try? JSONDecoder().decode([String].self, from: Data(errorsText.utf8))) ?? []
    detailsJSON = row["details_json"]
  }

  package func encode(to container: inout PersistenceContainer) {
    container["id"] = id
    container["job"] = job
    container["kind"] = kind
    container["trigger"] = trigger
    container["started_at_ms"] = startedAtMs
    container["ended_at_ms"] = endedAtMs
    container["result"] = result
    container["snapshot_id"] = snapshotID
    container["files"] = files
    container["bytes_read"] = bytesRead
    container["bytes_added"] = bytesAdded
    container["total_bytes"] = totalBytes
    container["dedup_ratio"] = dedupRatio
    container["recovery_seconds"] = recoverySeconds
    container["errors_json"] = String(decoding: (try? JSONEncoder().encode(errors)) ?? Data("[]".utf8), as: UTF8.self)
    container["details_json"] = detailsJSON
  }

  package mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
