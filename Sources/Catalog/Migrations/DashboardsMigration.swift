// The dashboards table (issue 8): each dashboard's document as JSON text, with the columns the
// list view and lookups need kept beside it; and the markers of one-time seeding, so a built-in
// dashboard is created at the first start and never again (a user's delete sticks).
import GRDB

enum DashboardsMigration {
  static func create(_ db: Database) throws {
    try db.create(table: "dashboard") { table in
      table.primaryKey("uid", .text)
      table.column("title", .text).notNull()
      // JSON array of strings.
      table.column("tags_json", .text).notNull()
      table.column("version", .integer).notNull()
      table.column("panel_count", .integer).notNull()
      // Seconds since the epoch, as the API reports them.
      table.column("created", .double).notNull()
      table.column("updated", .double).notNull()
      table.column("document_json", .text).notNull()
    }
    try db.create(index: "dashboard_title", on: "dashboard", columns: ["title"])
    try db.create(table: "seed_marker") { table in
      table.primaryKey("name", .text)
      table.column("seeded_at_ms", .integer).notNull()
    }
  }
}
