// Decoding and validating scrape_configs entries: Prometheus's defaults and the rules it enforces.

@testable import Collect
import Foundation
import Testing
import WardenCore

struct ScrapeConfigurationTests {
  private func decode(_ json: String) throws -> ScrapeConfiguration {
    try JSONDecoder().decode(ScrapeConfiguration.self, from: Data(json.utf8))
  }

  @Test func defaultsMatchPrometheus() throws {
    let config = try decode(#"{"job_name": "node"}"#)
    #expect(config.jobName == "node")
    #expect(config.scrapeInterval == nil && config.scrapeTimeout == nil)
    #expect(config.metricsPath == "/metrics")
    #expect(config.scheme == .http)
    #expect(config.honorLabels == false && config.honorTimestamps == true)
    #expect(config.followRedirects && config.enableHTTP2)
    #expect(config.sampleLimit == 0 && config.bodySizeLimit.bytes == 0)
    #expect(config.staticConfigs.isEmpty && config.relabelConfigs.isEmpty)
  }

  @Test func everyFieldDecodes() throws {
    let config = try decode(
      """
      {"job_name": "api", "scrape_interval": "30s", "scrape_timeout": "5s", "metrics_path": "/m",
       "scheme": "https", "params": {"module": ["http_2xx", "x"]},
       "authorization": {"credentials_file": "/etc/token"},
       "tls_config": {"ca_file": "/ca", "cert_file": "/c", "key_file": "/k", "server_name": "s", "insecure_skip_verify": true},
       "static_configs": [{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}],
       "file_sd_configs": [{"files": ["/etc/sd/*.json"], "refresh_interval": "1m"}],
       "relabel_configs": [{"source_labels": ["__address__"], "target_label": "host"}],
       "metric_relabel_configs": [{"action": "labeldrop", "regex": "tmp_.*"}],
       "honor_labels": true, "honor_timestamps": false, "sample_limit": 1000, "label_limit": 30,
       "label_name_length_limit": 100, "label_value_length_limit": 200, "body_size_limit": "10MB",
       "follow_redirects": false, "enable_http2": false}
      """)
    #expect(config.scrapeInterval?.duration == .seconds(30))
    #expect(config.scrapeTimeout?.duration == .seconds(5))
    #expect(config.scheme == .https)
    #expect(config.params == ["module": ["http_2xx", "x"]])
    #expect(config.authorization == AuthorizationHeader(type: "Bearer", credentialsFile: "/etc/token"))
    #expect(config.tlsConfig?.insecureSkipVerify == true && config.tlsConfig?.serverName == "s")
    #expect(config.staticConfigs == [StaticConfig(targets: ["a:1", "b:2"], labels: ["env": "prod"])])
    #expect(config.fileSDConfigs == [FileSDConfig(files: ["/etc/sd/*.json"], refreshInterval: ConfigDuration(.seconds(60)))])
    #expect(config.relabelConfigs.count == 1 && config.metricRelabelConfigs.first?.action == .labelDrop)
    #expect(config.honorLabels && !config.honorTimestamps)
    #expect(config.sampleLimit == 1000 && config.labelLimit == 30)
    #expect(config.labelNameLengthLimit == 100 && config.labelValueLengthLimit == 200)
    // Prometheus reads sizes as powers of two (10MB is 10 MiB).
    #expect(config.bodySizeLimit.bytes == 10 << 20)
    #expect(!config.followRedirects && !config.enableHTTP2)
  }

  @Test func fileSDRefreshIntervalDefaultsToFiveMinutes() throws {
    let config = try decode(#"{"job_name": "j", "file_sd_configs": [{"files": ["a.yml"]}]}"#)
    #expect(config.fileSDConfigs.first?.refreshInterval.duration == .seconds(300))
  }

  @Test(arguments: [
    (#"{}"#, "job_name"),
    (#"{"job_name": ""}"#, "job_name must not be empty"),
    (#"{"job_name": "j", "scheme": "ftp"}"#, "scheme must be http or https"),
    (#"{"job_name": "j", "scrape_interval": "10s", "scrape_timeout": "20s"}"#, "is greater than scrape_interval"),
    (#"{"job_name": "j", "scrape_interval": "later"}"#, "expected a duration"),
    (#"{"job_name": "j", "basic_auth": {"username": "u"}, "authorization": {"credentials": "c"}}"#, "at most one of basic_auth and authorization"),
    (#"{"job_name": "j", "basic_auth": {"username": "u", "password": "p", "password_file": "f"}}"#, "password and password_file"),
    (#"{"job_name": "j", "authorization": {"type": "Basic", "credentials": "c"}}"#, "use basic_auth"),
    (#"{"job_name": "j", "authorization": {"credentials": "c", "credentials_file": "f"}}"#, "credentials and credentials_file"),
    (#"{"job_name": "j", "tls_config": {"cert_file": "c"}}"#, "cert_file and key_file"),
    (#"{"job_name": "j", "sample_limit": -1}"#, "sample_limit must not be negative"),
    (#"{"job_name": "j", "body_size_limit": "lots"}"#, "expected a size"),
    (#"{"job_name": "j", "file_sd_configs": [{"files": ["/etc/*/x.json"]}]}"#, "last path element"),
    (#"{"job_name": "j", "file_sd_configs": [{"files": ["/etc/x.txt"]}]}"#, ".json, .yml or .yaml"),
    (#"{"job_name": "j", "file_sd_configs": [{"files": []}]}"#, "at least one path"),
    (#"{"job_name": "j", "static_configs": [{"targets": ["a:1"], "labels": {"bad-name": "x"}}]}"#, "not a valid label name"),
    (#"{"job_name": "j", "relabel_configs": [{"action": "nope"}]}"#, "unknown relabel action"),
  ])
  func invalidConfigurationsAreRejected(json: String, expected: String) {
    do {
      _ = try decode(json)
      Issue.record("accepted \(json)")
    } catch {
      #expect("\(error)".contains(expected), "\(error)")
    }
  }

  @Test func resolvedTakesGlobalsAndCapsTimeoutAtInterval() throws {
    let own = try decode(#"{"job_name": "j", "scrape_interval": "5s"}"#)
    let resolved = try own.resolved(globalInterval: .seconds(60), globalTimeout: .seconds(10))
    #expect(resolved.interval == .seconds(5) && resolved.timeout == .seconds(5))

    let inherited = try decode(#"{"job_name": "j"}"#).resolved(globalInterval: .seconds(30), globalTimeout: .seconds(10))
    #expect(inherited.interval == .seconds(30) && inherited.timeout == .seconds(10))
  }

  @Test func resolvedRejectsOwnTimeoutOverInheritedInterval() throws {
    let config = try decode(#"{"job_name": "j", "scrape_timeout": "2m"}"#)
    #expect(throws: ScrapeConfigurationError.self) {
      try config.resolved(globalInterval: .seconds(60), globalTimeout: .seconds(10))
    }
  }

  @Test func staticConfigsBecomeGroupsNamedByPosition() {
    let groups = StaticConfig.targetGroups([
      StaticConfig(targets: ["a:1"], labels: ["env": "prod"]), StaticConfig(targets: ["b:2", "c:3"]),
    ])
    #expect(groups.map(\.source) == ["0", "1"])
    #expect(groups[1].targets.map { $0[TargetLabels.address] } == ["b:2", "c:3"])
    #expect(groups[0].labels == Labels(["env": "prod"]))
  }
}
