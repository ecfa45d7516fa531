// The `instance` table: the identity of this data directory.
import GRDB

struct InstanceRecord: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "instance"
  var id: String
  var createdAtMs: Int64

  enum CodingKeys: String, CodingKey {
    case id
    case createdAtMs = "created_at_ms"
  }
}
