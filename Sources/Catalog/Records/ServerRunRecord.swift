// The `server_run` table: one row per start of `warden serve` on this data directory.
import GRDB

/// One start of the server: when, and which build.
package struct ServerRun: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
  package static let databaseTableName = "server_run"
  package var id: Int64?
  package var startedAtMs: Int64
  package var version: String
  package var revision: String

  enum CodingKeys: String, CodingKey {
    case id
    case startedAtMs = "started_at_ms"
    case version, revision
  }

  package init(id: Int64? = nil, startedAtMs: Int64, version: String, revision: String) {
    self.id = id
    self.startedAtMs = startedAtMs
    self.version = version
    self.revision = revision
  }

  mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
