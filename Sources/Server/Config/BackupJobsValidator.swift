// Checks of `backup_jobs:` beyond types: unique names, one password source, one kind per source,
// absolute paths, cron expressions that parse, retention that keeps something. Each problem is
// reported at the field's position.
import Backup
import ConfigDecoding

struct BackupJobsValidator {
  /// Makes a positioned error from a field path (numbers index sequences) and a message.
  let report: ([String], String) -> ConfigError

  func validate(_ jobs: [BackupJobConfiguration]) throws(ConfigError) {
    var names: Set<String> = []
    for (index, job) in jobs.enumerated() {
      let at = ["backup_jobs", String(index)]
      guard Self.isValidName(job.name) else {
        throw report(at + ["name"], "\"\(job.name)\" is not a valid job name (letters, digits, '_', '-' and '.')")
      }
      guard names.insert(job.name).inserted else { throw report(at + ["name"], "found multiple backup jobs named \"\(job.name)\"") }
      guard !job.repository.isEmpty else { throw report(at + ["repository"], "must not be empty") }
      switch (job.passwordFile, job.passwordEnv) {
      case (nil, nil):
        throw report(at, "backup job \"\(job.name)\" needs password_file or password_env (never the password itself)")
      case (.some, .some):
        throw report(at + ["password_env"], "give password_file or password_env, not both")
      default: break
      }
      try validateSources(job, at: at)
      try validateCron(job.schedule, at: at + ["schedule"])
      if let retention = job.retention, retention.policy.isEmpty {
        throw report(at + ["retention"], "keeps nothing: give at least one keep_* rule (an empty policy would forget every snapshot)")
      }
      if let check = job.check {
        try validateCron(check.schedule, at: at + ["check", "schedule"])
        guard check.readDataSubset > 0, check.readDataSubset <= 100 else {
          throw report(at + ["check", "read_data_subset"], "must be a percentage above 0 and at most 100, got \(check.readDataSubset)")
        }
      }
      if let drill = job.drill {
        try validateCron(drill.schedule, at: at + ["drill", "schedule"])
        if let sample = drill.sampleFiles, sample < 1 {
          throw report(at + ["drill", "sample_files"], "must be at least 1, got \(sample)")
        }
      }
    }
  }

  private func validateSources(_ job: BackupJobConfiguration, at: [String]) throws(ConfigError) {
    guard !job.sources.isEmpty else { throw report(at + ["sources"], "backup job \"\(job.name)\" has no sources") }
    var wardenSources = 0
    for (index, source) in job.sources.enumerated() {
      let here = at + ["sources", String(index)]
      guard source.kindCount == 1 else {
        throw report(here, "a source is exactly one of path, sqlite, postgres or warden: true")
      }
      if let path = source.path, !path.hasPrefix("/") { throw report(here + ["path"], "must be absolute, got \"\(path)\"") }
      if let path = source.sqlite, !path.hasPrefix("/") { throw report(here + ["sqlite"], "must be absolute, got \"\(path)\"") }
      if let postgres = source.postgres {
        if postgres.passwordFile != nil, postgres.passwordEnv != nil {
          throw report(here + ["postgres", "password_env"], "give password_file or password_env, not both")
        }
        guard (1...65535).contains(postgres.port) else { throw report(here + ["postgres", "port"], "\(postgres.port) is not a port") }
        guard !postgres.database.isEmpty else { throw report(here + ["postgres", "database"], "must not be empty") }
      }
      if source.warden == true { wardenSources += 1 }
    }
    if wardenSources > 1 { throw report(at + ["sources"], "Warden's own data is listed more than once") }
  }

  private func validateCron(_ text: String, at: [String]) throws(ConfigError) {
    do {
      _ = try CronSchedule(text)
    } catch {
      throw report(at, "\(error)")
    }
  }

  static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 100
      && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_-.".unicodeScalars.contains($0) }
  }
}
