// The catalog's schema history. A migration, once released, is never edited: later issues append
// new ones (silences, dashboards, deploys...). Migrations use table names, never record types.
import GRDB

enum CatalogMigrations {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-instance") { db in
      // One row: who this data directory is. The id tells two Warden installations apart in
      // forwarded data and backups.
      try db.create(table: "instance") { table in
        table.primaryKey("id", .text)
        table.column("created_at_ms", .integer).notNull()
      }
      // One row per start, so an operator (and later migrations of on-disk formats) can see
      // which versions have written this data directory.
      try db.create(table: "server_run") { table in
        table.autoIncrementedPrimaryKey("id")
        table.column("started_at_ms", .integer).notNull()
        table.column("version", .text).notNull()
        table.column("revision", .text).notNull()
      }
    }
    migrator.registerMigration("v2-alerting") { db in
      try AlertingMigration.create(db)
    }
    migrator.registerMigration("v3-dashboards") { db in
      try DashboardsMigration.create(db)
    }
    migrator.registerMigration("v4-backups") { db in
      try BackupsMigration.create(db)
    }
    return migrator
  }
}
