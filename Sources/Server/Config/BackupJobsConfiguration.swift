// `backup_jobs:`: backups that `warden serve` runs on schedule, checks and proves restorable.
// Passwords come from a file or an environment variable, never from this file. Schedules are
// five-field cron expressions, checked when the configuration loads.
package import Backup
package import WardenCore

/// One job: what to back up, where, when, how long to keep it, and how to verify it.
package struct BackupJobConfiguration: Decodable, Sendable, Equatable {
  package var name: String
  /// The repository directory (local disk or a mounted share).
  package var repository: String
  package var passwordFile: String?
  package var passwordEnv: String?
  /// Create the repository on the first run when the directory holds none. Off by default, so
  /// a share that failed to mount does not silently get a new repository on the local disk.
  package var createRepository = false
  package var sources: [BackupSourceConfiguration]
  package var exclude: [String] = []
  package var tags: [String] = []
  /// When backups run (cron, in UTC).
  package var schedule: String
  package var retention: BackupRetentionConfiguration?
  package var check: BackupCheckConfiguration?
  package var drill: BackupDrillConfiguration?

  enum CodingKeys: String, CodingKey {
    case name, repository
    case passwordFile = "password_file"
    case passwordEnv = "password_env"
    case createRepository = "create_repository"
    case sources, exclude, tags, schedule, retention, check, drill
  }

  package init(name: String, repository: String, sources: [BackupSourceConfiguration], schedule: String) {
    self.name = name
    self.repository = repository
    self.sources = sources
    self.schedule = schedule
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    repository = try container.decode(String.self, forKey: .repository)
    passwordFile = try container.decodeIfPresent(String.self, forKey: .passwordFile)
    passwordEnv = try container.decodeIfPresent(String.self, forKey: .passwordEnv)
    createRepository = try container.decodeIfPresent(Bool.self, forKey: .createRepository) ?? false
    sources = try container.decode([BackupSourceConfiguration].self, forKey: .sources)
    exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
    tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    schedule = try container.decode(String.self, forKey: .schedule)
    retention = try container.decodeIfPresent(BackupRetentionConfiguration.self, forKey: .retention)
    check = try container.decodeIfPresent(BackupCheckConfiguration.self, forKey: .check)
    drill = try container.decodeIfPresent(BackupDrillConfiguration.self, forKey: .drill)
  }

  /// The tag every snapshot of this job carries, so jobs can share a repository and retention
  /// only ever forgets this job's snapshots.
  package var jobTag: String { "warden-job=" + name }
}

/// One source: exactly one of `path`, `sqlite`, `postgres` or `warden`.
package struct BackupSourceConfiguration: Decodable, Sendable, Equatable {
  /// A file or directory.
  package var path: String?
  /// A SQLite database, copied consistently through SQLite's online backup API.
  package var sqlite: String?
  /// A PostgreSQL database, dumped with pg_dump and streamed into the repository.
  package var postgres: PostgresSourceConfiguration?
  /// `true`: this server's own data (metric store, log store, catalog), as a consistent snapshot.
  package var warden: Bool?

  enum CodingKeys: String, CodingKey { case path, sqlite, postgres, warden }

  package init(path: String) {
    self.path = path
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    path = try container.decodeIfPresent(String.self, forKey: .path)
    sqlite = try container.decodeIfPresent(String.self, forKey: .sqlite)
    postgres = try container.decodeIfPresent(PostgresSourceConfiguration.self, forKey: .postgres)
    warden = try container.decodeIfPresent(Bool.self, forKey: .warden)
  }

  /// How many kinds this entry names (a valid entry names exactly one).
  var kindCount: Int {
    [path != nil, sqlite != nil, postgres != nil, warden == true].filter { $0 }.count
  }
}

/// Where a PostgreSQL database is; the password (if the server asks for one) from a file or an
/// environment variable.
package struct PostgresSourceConfiguration: Decodable, Sendable, Equatable {
  package var host = "127.0.0.1"
  package var port = 5432
  package var user = "postgres"
  package var database: String
  package var passwordFile: String?
  package var passwordEnv: String?
  /// Where pg_dump and psql are (default: PATH, then /usr/lib/postgresql/*/bin).
  package var binDirectory: String?

  enum CodingKeys: String, CodingKey {
    case host, port, user, database
    case passwordFile = "password_file"
    case passwordEnv = "password_env"
    case binDirectory = "bin_directory"
  }

  package init(database: String) {
    self.database = database
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    host = try container.decodeIfPresent(String.self, forKey: .host) ?? "127.0.0.1"
    port = try container.decodeIfPresent(Int.self, forKey: .port) ?? 5432
    user = try container.decodeIfPresent(String.self, forKey: .user) ?? "postgres"
    database = try container.decode(String.self, forKey: .database)
    passwordFile = try container.decodeIfPresent(String.self, forKey: .passwordFile)
    passwordEnv = try container.decodeIfPresent(String.self, forKey: .passwordEnv)
    binDirectory = try container.decodeIfPresent(String.self, forKey: .binDirectory)
  }
}

/// restic's keep rules, applied to this job's snapshots after every successful backup.
package struct BackupRetentionConfiguration: Decodable, Sendable, Equatable {
  package var keepLast = 0
  package var keepHourly = 0
  package var keepDaily = 0
  package var keepWeekly = 0
  package var keepMonthly = 0
  package var keepYearly = 0
  package var keepWithin: ConfigDuration?
  /// Delete the data no snapshot needs any more right after forgetting (default true).
  package var prune = true

  enum CodingKeys: String, CodingKey {
    case keepLast = "keep_last"
    case keepHourly = "keep_hourly"
    case keepDaily = "keep_daily"
    case keepWeekly = "keep_weekly"
    case keepMonthly = "keep_monthly"
    case keepYearly = "keep_yearly"
    case keepWithin = "keep_within"
    case prune
  }

  package init() {}

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    keepLast = try container.decodeIfPresent(Int.self, forKey: .keepLast) ?? 0
    keepHourly = try container.decodeIfPresent(Int.self, forKey: .keepHourly) ?? 0
    keepDaily = try container.decodeIfPresent(Int.self, forKey: .keepDaily) ?? 0
    keepWeekly = try container.decodeIfPresent(Int.self, forKey: .keepWeekly) ?? 0
    keepMonthly = try container.decodeIfPresent(Int.self, forKey: .keepMonthly) ?? 0
    keepYearly = try container.decodeIfPresent(Int.self, forKey: .keepYearly) ?? 0
    keepWithin = try container.decodeIfPresent(ConfigDuration.self, forKey: .keepWithin)
    prune = try container.decodeIfPresent(Bool.self, forKey: .prune) ?? true
  }

  package var policy: RetentionPolicy {
    RetentionPolicy(
      last: keepLast, hourly: keepHourly, daily: keepDaily, weekly: keepWeekly, monthly: keepMonthly, yearly: keepYearly,
      within: keepWithin.map { Double($0.duration.components.seconds) } ?? 0)
  }
}

/// Scheduled `check`: the repository's structure, and optionally a share of its data read back.
package struct BackupCheckConfiguration: Decodable, Sendable, Equatable {
  package var schedule: String
  package var readData = false
  /// Percent of the packs read when `read_data` is on (100: all).
  package var readDataSubset = 100.0

  enum CodingKeys: String, CodingKey {
    case schedule
    case readData = "read_data"
    case readDataSubset = "read_data_subset"
  }

  package init(schedule: String) {
    self.schedule = schedule
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    schedule = try container.decode(String.self, forKey: .schedule)
    readData = try container.decodeIfPresent(Bool.self, forKey: .readData) ?? false
    readDataSubset = try container.decodeIfPresent(Double.self, forKey: .readDataSubset) ?? 100
  }
}

/// Scheduled restore drills: the latest snapshot restored into a scratch directory (and
/// PostgreSQL dumps into a scratch database), compared with the snapshot, timed, deleted.
package struct BackupDrillConfiguration: Decodable, Sendable, Equatable {
  package var schedule: String
  /// Restore this many randomly chosen files instead of all of them.
  package var sampleFiles: Int?
  /// Where the scratch copy goes (default: `<data-dir>/backup-drills`).
  package var scratchDirectory: String?

  enum CodingKeys: String, CodingKey {
    case schedule
    case sampleFiles = "sample_files"
    case scratchDirectory = "scratch_directory"
  }

  package init(schedule: String) {
    self.schedule = schedule
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    schedule = try container.decode(String.self, forKey: .schedule)
    sampleFiles = try container.decodeIfPresent(Int.self, forKey: .sampleFiles)
    scratchDirectory = try container.decodeIfPresent(String.self, forKey: .scratchDirectory)
  }
}
