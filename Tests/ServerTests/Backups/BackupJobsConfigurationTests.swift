// `backup_jobs:` in the configuration: a full job decodes with its defaults, the built-in alert
// rules come with it, and each mistake an operator makes is refused with the field and position.
import Alerting
import Backup
import ConfigDecoding
import Foundation
import Server
import Testing

@Suite struct BackupJobsConfigurationTests {
  static let fullJob = """
    backup_jobs:
      - name: nightly
        repository: /backups/repo
        password_file: /etc/warden/backup.pass
        create_repository: true
        sources:
          - path: /etc
          - sqlite: /var/lib/app/app.db
          - postgres:
              host: db.internal
              port: 5433
              user: backup
              database: shop
              password_env: SHOP_PG_PASSWORD
          - warden: true
        exclude: ["*.tmp", "/etc/cache"]
        tags: [nightly]
        schedule: "30 2 * * *"
        retention:
          keep_daily: 7
          keep_weekly: 4
          keep_within: 2d
        check:
          schedule: "0 4 * * 0"
          read_data: true
          read_data_subset: 10
        drill:
          schedule: "0 5 * * 0"
          sample_files: 200
    """

  @Test func fullJobDecodes() throws {
    let config = try ConfigLoader.parse(Self.fullJob, file: "w.yml")
    let job = try #require(config.backupJobs.first)
    #expect(job.name == "nightly")
    #expect(job.createRepository)
    #expect(job.sources.count == 4)
    #expect(job.sources[0].path == "/etc")
    #expect(job.sources[1].sqlite == "/var/lib/app/app.db")
    let postgres = try #require(job.sources[2].postgres)
    #expect(postgres.host == "db.internal" && postgres.port == 5433 && postgres.user == "backup" && postgres.database == "shop")
    #expect(postgres.passwordEnv == "SHOP_PG_PASSWORD")
    #expect(job.sources[3].warden == true)
    #expect(job.exclude == ["*.tmp", "/etc/cache"])
    #expect(job.jobTag == "warden-job=nightly")
    let retention = try #require(job.retention)
    #expect(retention.policy.daily == 7 && retention.policy.weekly == 4 && retention.policy.within == 2 * 86400)
    #expect(retention.prune)
    #expect(job.check?.readData == true && job.check?.readDataSubset == 10)
    #expect(job.drill?.sampleFiles == 200)
  }

  @Test func builtInAlertRulesComeWithJobs() throws {
    let config = try ConfigLoader.parse(Self.fullJob, file: "w.yml")
    let group = try #require(config.ruleGroups.groups.first { $0.name == "warden-backups" })
    #expect(group.rules.allSatisfy { $0.kind == .alerting })
    let names = group.rules.map(\.name)
    #expect(names == ["BackupTooOld", "BackupJobFailed", "BackupCheckFailed", "BackupDrillFailed", "BackupSizeChangedAbnormally"])
    let off = try ConfigLoader.parse(Self.fullJob + "\nbackup_alert_rules: false\n", file: "w.yml")
    #expect(off.ruleGroups.groups.isEmpty)
    #expect(try ConfigLoader.parse("global: {}\n", file: "w.yml").ruleGroups.groups.isEmpty)
  }

  static let minimal = """
    backup_jobs:
      - name: a
        repository: /r
        password_file: /p
        sources: [{path: /etc}]
        schedule: "0 3 * * *"
    """

  @Test(arguments: [
    ("name: a", "name: a b", "backup_jobs.0.name", "not a valid job name"),
    ("password_file: /p", "password_env: X\n    password_file: /p", "backup_jobs.0.password_env", "not both"),
    ("password_file: /p", "create_repository: false", "backup_jobs.0", "needs password_file or password_env"),
    ("sources: [{path: /etc}]", "sources: [{path: etc}]", "backup_jobs.0.sources.0.path", "must be absolute"),
    ("sources: [{path: /etc}]", "sources: [{path: /etc, sqlite: /x.db}]", "backup_jobs.0.sources.0", "exactly one of"),
    ("sources: [{path: /etc}]", "sources: []", "backup_jobs.0.sources", "has no sources"),
    ("sources: [{path: /etc}]", "sources: [{warden: true}, {warden: true}]", "backup_jobs.0.sources", "more than once"),
    ("schedule: \"0 3 * * *\"", "schedule: \"61 3 * * *\"", "backup_jobs.0.schedule", "61"),
    ("schedule: \"0 3 * * *\"", "schedule: \"0 3 * * *\"\n    retention: {prune: true}", "backup_jobs.0.retention", "keeps nothing"),
    (
      "schedule: \"0 3 * * *\"", "schedule: \"0 3 * * *\"\n    check: {schedule: \"0 4 * * *\", read_data_subset: 0}",
      "backup_jobs.0.check.read_data_subset", "percentage"
    ),
    ("schedule: \"0 3 * * *\"", "schedule: \"0 3 * * *\"\n    drill: {schedule: \"nope\"}", "backup_jobs.0.drill.schedule", ""),
    ("schedule: \"0 3 * * *\"", "schedule: \"0 3 * * *\"\n    drill: {schedule: \"0 5 * * *\", sample_files: 0}", "backup_jobs.0.drill.sample_files", "at least 1"),
  ])
  func mistakesAreRefusedAtTheirField(original: String, replacement: String, field: String, words: String) throws {
    let text = Self.minimal.replacingOccurrences(of: original, with: replacement)
    do {
      _ = try ConfigLoader.parse(text, file: "w.yml")
      Issue.record("accepted: \(text)")
    } catch {
      #expect(error.field == field, "\(error)")
      #expect(error.line != nil, "\(error)")
      #expect(words.isEmpty || error.message.contains(words), "\(error)")
    }
  }

  @Test func duplicateNamesAndUnknownKeysAreRefused() {
    let twice = Self.minimal + "\n" + Self.minimal.replacingOccurrences(of: "backup_jobs:\n", with: "")
    #expect(throws: ConfigError.self) { try ConfigLoader.parse(twice, file: "w.yml") }
    let typo = Self.minimal.replacingOccurrences(of: "schedule:", with: "schedul:")
    #expect(throws: ConfigError.self) { try ConfigLoader.parse(typo, file: "w.yml") }
  }
}
