// The `dashboard` table: one row per dashboard, its document as JSON text (the Server module owns
// the format) beside the columns the list needs, so listing never parses documents.
package import GRDB
import Foundation

/// A stored dashboard.
package struct DashboardRecord: Sendable, Equatable, FetchableRecord, PersistableRecord {
  package static let databaseTableName = "dashboard"
  package var uid: String
  package var title: String
  package var tags: [String]
  package var version: Int
  package var panelCount: Int
  /// Seconds since the epoch.
  package var created: Double
  package var updated: Double
  package var documentJSON: String

  package init(
    uid: String, title: String, tags: [String], version: Int, panelCount: Int, created: Double, updated: Double,
    documentJSON: String
  ) {
    self.uid = uid
    self.title = title
    self.tags = tags
    self.version = version
    self.panelCount = panelCount
    self.created = created
    self.updated = updated
    self.documentJSON = documentJSON
  }

  package init(row: Row) {
    uid = row["uid"]
    title = row["title"]
    tags = DashboardTags.decode(row["tags_json"])
    version = row["version"]
    panelCount = row["panel_count"]
    created = row["created"]
    updated = row["updated"]
    documentJSON = row["document_json"] ?? ""
  }

  package func encode(to container: inout PersistenceContainer) {
    container["uid"] = uid
    container["title"] = title
    container["tags_json"] = DashboardTags.encode(tags)
    container["version"] = version
    container["panel_count"] = panelCount
    container["created"] = created
    container["updated"] = updated
    container["document_json"] = documentJSON
  }
}

/// A dashboard's list entry: everything but the document.
package struct DashboardSummary: Sendable, Equatable, FetchableRecord {
  package var uid: String
  package var title: String
  package var tags: [String]
  package var version: Int
  package var panelCount: Int
  package var updated: Double

  package init(row: Row) {
    uid = row["uid"]
    title = row["title"]
    tags = DashboardTags.decode(row["tags_json"])
    version = row["version"]
    panelCount = row["panel_count"]
    updated = row["updated"]
  }
}

/// Tags as a JSON array of strings in the `tags_json` column.
enum DashboardTags {
  static func encode(_ tags: [String]) -> String {
    let data = (try? JSONEncoder().encode(tags)) ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  /// A column that does not hold a string array reads as no tags rather than failing the list.
  static func decode(_ text: String?) -> [String] {
    guard let text, let tags = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return [] }
    return tags
  }
}
