// One `scrape_configs` entry in Prometheus's shape, validated when decoded. Interval and timeout
// may be left to the global section, so they stay optional here until `resolved` fills them in.
package import WardenCore

package struct ScrapeConfiguration: Sendable, Equatable {
  package enum Scheme: String, Sendable, Equatable {
    case http
    case https
  }

  package static let defaultMetricsPath = "/metrics"

  package var jobName: String
  package var scrapeInterval: ConfigDuration?
  package var scrapeTimeout: ConfigDuration?
  package var metricsPath = defaultMetricsPath
  package var scheme = Scheme.http
  package var params: [String: [String]] = [:]
  package var basicAuth: BasicAuth?
  package var authorization: AuthorizationHeader?
  package var tlsConfig: TLSSettings?
  package var staticConfigs: [StaticConfig] = []
  package var fileSDConfigs: [FileSDConfig] = []
  package var relabelConfigs: [RelabelConfig] = []
  package var metricRelabelConfigs: [RelabelConfig] = []
  package var honorLabels = false
  package var honorTimestamps = true
  /// 0 means no limit, for this and the other limits, as in Prometheus.
  package var sampleLimit = 0
  package var labelLimit = 0
  package var labelNameLengthLimit = 0
  package var labelValueLengthLimit = 0
  package var bodySizeLimit = ConfigByteSize(0)
  package var followRedirects = true
  package var enableHTTP2 = true

  package init(jobName: String) {
    self.jobName = jobName
  }

  /// The interval after `resolved` (Prometheus's global default when nothing was set).
  package var interval: Duration { scrapeInterval?.duration ?? .seconds(60) }
  /// The timeout after `resolved` (Prometheus's global default when nothing was set).
  package var timeout: Duration { scrapeTimeout?.duration ?? .seconds(10) }

  /// A copy with interval and timeout filled from the global section as Prometheus does: an unset
  /// timeout takes the global timeout, capped at this job's interval; a timeout longer than the
  /// interval is an error.
  package func resolved(
    globalInterval: Duration, globalTimeout: Duration
  ) throws(ScrapeConfigurationError) -> ScrapeConfiguration {
    var copy = self
    let interval = scrapeInterval?.duration ?? globalInterval
    let timeout = scrapeTimeout?.duration ?? min(globalTimeout, interval)
    if let problem = Self.timingProblem(interval: interval, timeout: timeout) {
      throw ScrapeConfigurationError(job: jobName, message: problem)
    }
    copy.scrapeInterval = ConfigDuration(interval)
    copy.scrapeTimeout = ConfigDuration(timeout)
    return copy
  }

  static func timingProblem(interval: Duration, timeout: Duration) -> String? {
    if interval <= .zero { return "scrape_interval must be greater than zero" }
    if timeout <= .zero { return "scrape_timeout must be greater than zero" }
    if timeout > interval {
      return "scrape_timeout (\(PrometheusDuration.format(timeout))) is greater than scrape_interval (\(PrometheusDuration.format(interval)))"
    }
    return nil
  }
}

/// A job whose settings conflict once the global defaults are applied.
package struct ScrapeConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  package let job: String
  package let message: String

  package var description: String { "scrape job \"\(job)\": \(message)" }
}
