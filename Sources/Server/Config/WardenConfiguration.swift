// The shape of Warden's one YAML configuration file. Sections take Prometheus's and
// Alertmanager's shapes so existing configuration can be pasted in; later issues add sections.
package import Collect
package import WardenCore

/// The whole configuration file. Every field has a default, so an empty file is valid.
package struct WardenConfiguration: Decodable, Sendable, Equatable {
  package var global = GlobalConfiguration()
  package var storage = StorageConfiguration()
  /// Prometheus's `scrape_configs`, one entry per job.
  package var scrapeConfigs: [ScrapeConfiguration] = []
  /// The StatsD receiver; nil (no `statsd:` section) leaves it off.
  package var statsd: StatsDConfiguration?
  package var ingest = IngestConfiguration()
  package var query = QueryConfiguration()
  /// Log receivers other than HTTP (syslog).
  package var logs = LogsConfiguration()
  /// Files tailed into the log store.
  package var logFiles: [LogFileConfiguration] = []
  /// Prometheus rule files (globs, relative to the configuration file's directory).
  package var ruleFiles: [String] = []
  /// Rule files in Loki's ruler format, whose expressions are LogQL metric queries.
  package var logRuleFiles: [String] = []
  /// The groups those files hold, read by `ConfigLoader` (not a YAML key).
  package var ruleGroups = LoadedRuleGroups()
  /// Alertmanager's configuration (inline or `config_file:`); the default receiver without one.
  package var alerting = AlertingConfiguration()
  /// Backups run, checked and restore-drilled on schedule.
  package var backupJobs: [BackupJobConfiguration] = []
  /// Whether the built-in alert rules for backup jobs are loaded (when there are jobs).
  package var backupAlertRules = true

  package init() {}

  enum CodingKeys: String, CodingKey {
    case global, storage
    case scrapeConfigs = "scrape_configs"
    case statsd, ingest, query, logs
    case logFiles = "log_files"
    case ruleFiles = "rule_files"
    case logRuleFiles = "log_rule_files"
    case alerting
    case backupJobs = "backup_jobs"
    case backupAlertRules = "backup_alert_rules"
  }

  /// The scrape jobs with the global interval and timeout filled in.
  /// - Throws: `ScrapeConfigurationError` for a job whose timeout exceeds its interval.
  package func resolvedScrapeConfigs() throws(ScrapeConfigurationError) -> [ScrapeConfiguration] {
    var resolved: [ScrapeConfiguration] = []
    for job in scrapeConfigs {
      resolved.append(try job.resolved(globalInterval: global.scrapeInterval.duration, globalTimeout: global.scrapeTimeout.duration))
    }
    return resolved
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    global = try container.decodeIfPresent(GlobalConfiguration.self, forKey: .global) ?? GlobalConfiguration()
    storage = try container.decodeIfPresent(StorageConfiguration.self, forKey: .storage) ?? StorageConfiguration()
    scrapeConfigs = try container.decodeIfPresent([ScrapeConfiguration].self, forKey: .scrapeConfigs) ?? []
    statsd = try container.decodeIfPresent(StatsDConfiguration.self, forKey: .statsd)
    ingest = try container.decodeIfPresent(IngestConfiguration.self, forKey: .ingest) ?? IngestConfiguration()
    query = try container.decodeIfPresent(QueryConfiguration.self, forKey: .query) ?? QueryConfiguration()
    logs = try container.decodeIfPresent(LogsConfiguration.self, forKey: .logs) ?? LogsConfiguration()
    logFiles = try container.decodeIfPresent([LogFileConfiguration].self, forKey: .logFiles) ?? []
    ruleFiles = try container.decodeIfPresent([String].self, forKey: .ruleFiles) ?? []
    logRuleFiles = try container.decodeIfPresent([String].self, forKey: .logRuleFiles) ?? []
    alerting = try container.decodeIfPresent(AlertingConfiguration.self, forKey: .alerting) ?? AlertingConfiguration()
    backupJobs = try container.decodeIfPresent([BackupJobConfiguration].self, forKey: .backupJobs) ?? []
    backupAlertRules = try container.decodeIfPresent(Bool.self, forKey: .backupAlertRules) ?? true
  }
}

/// `global:`, as in Prometheus: defaults for scraping and rule evaluation, and labels added to
/// everything that leaves this server.
package struct GlobalConfiguration: Decodable, Sendable, Equatable {
  package var scrapeInterval = ConfigDuration(.seconds(60))
  package var scrapeTimeout = ConfigDuration(.seconds(10))
  package var evaluationInterval = ConfigDuration(.seconds(60))
  package var externalLabels: [String: String] = [:]

  package init() {}

  enum CodingKeys: String, CodingKey {
    case scrapeInterval = "scrape_interval"
    case scrapeTimeout = "scrape_timeout"
    case evaluationInterval = "evaluation_interval"
    case externalLabels = "external_labels"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = GlobalConfiguration()
    scrapeInterval = try container.decodeIfPresent(ConfigDuration.self, forKey: .scrapeInterval) ?? defaults.scrapeInterval
    // As Prometheus: an unset timeout is the default 10s, or the interval when that is shorter.
    scrapeTimeout =
      try container.decodeIfPresent(ConfigDuration.self, forKey: .scrapeTimeout)
      ?? ConfigDuration(min(defaults.scrapeTimeout.duration, scrapeInterval.duration))
    evaluationInterval =
      try container.decodeIfPresent(ConfigDuration.self, forKey: .evaluationInterval) ?? defaults.evaluationInterval
    externalLabels = try container.decodeIfPresent([String: String].self, forKey: .externalLabels) ?? [:]
  }
}
