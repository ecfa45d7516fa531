// The `silence` table: Alertmanager silences, kept until well after they expire so the API can
// still show expired ones.
package import GRDB

/// A silence as stored. `matchersJSON` is the API's matcher list
/// (`[{"name":"job","value":"x","isRegex":false,"isEqual":true}]`); Notify owns its meaning.
package struct SilenceRecord: Sendable, Equatable, FetchableRecord, PersistableRecord {
  package static let databaseTableName = "silence"
  package var id: String
  package var matchersJSON: String
  package var startsAtMs: Int64
  package var endsAtMs: Int64
  package var updatedAtMs: Int64
  package var createdBy: String
  package var comment: String

  package init(
    id: String, matchersJSON: String, startsAtMs: Int64, endsAtMs: Int64, updatedAtMs: Int64, createdBy: String, comment: String
  ) {
    self.id = id
    self.matchersJSON = matchersJSON
    self.startsAtMs = startsAtMs
    self.endsAtMs = endsAtMs
    self.updatedAtMs = updatedAtMs
    self.createdBy = createdBy
    self.comment = comment
  }

  package init(row: Row) {
    id = row["id"]
    matchersJSON = row["matchers_json"]
    startsAtMs = row["starts_at_ms"]
    endsAtMs = row["ends_at_ms"]
    updatedAtMs = row["updated_at_ms"]
    createdBy = row["created_by"]
    comment = row["comment"]
  }

  package func encode(to container: inout PersistenceContainer) {
    container["id"] = id
    container["matchers_json"] = matchersJSON
    container["starts_at_ms"] = startsAtMs
    container["ends_at_ms"] = endsAtMs
    container["updated_at_ms"] = updatedAtMs
    container["created_by"] = createdBy
    container["comment"] = comment
  }
}
