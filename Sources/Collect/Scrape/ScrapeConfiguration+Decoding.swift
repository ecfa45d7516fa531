// Decoding and validating a `scrape_configs` entry. Every accepted key is listed in CodingKeys and
// asked for, so the server's YAML decoder reports any other key as unknown.
import WardenCore

extension ScrapeConfiguration: Decodable {
  enum CodingKeys: String, CodingKey {
    case jobName = "job_name"
    case scrapeInterval = "scrape_interval"
    case scrapeTimeout = "scrape_timeout"
    case metricsPath = "metrics_path"
    case scheme
    case params
    case basicAuth = "basic_auth"
    case authorization
    case tlsConfig = "tls_config"
    case staticConfigs = "static_configs"
    case fileSDConfigs = "file_sd_configs"
    case relabelConfigs = "relabel_configs"
    case metricRelabelConfigs = "metric_relabel_configs"
    case honorLabels = "honor_labels"
    case honorTimestamps = "honor_timestamps"
    case sampleLimit = "sample_limit"
    case labelLimit = "label_limit"
    case labelNameLengthLimit = "label_name_length_limit"
    case labelValueLengthLimit = "label_value_length_limit"
    case bodySizeLimit = "body_size_limit"
    case followRedirects = "follow_redirects"
    case enableHTTP2 = "enable_http2"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    jobName = try container.decode(String.self, forKey: .jobName)
    scrapeInterval = try container.decodeIfPresent(ConfigDuration.self, forKey: .scrapeInterval)
    scrapeTimeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .scrapeTimeout)
    metricsPath = try container.decodeIfPresent(String.self, forKey: .metricsPath) ?? Self.defaultMetricsPath
    let schemeText = try container.decodeIfPresent(String.self, forKey: .scheme) ?? Scheme.http.rawValue
    params = try container.decodeIfPresent([String: [String]].self, forKey: .params) ?? [:]
    basicAuth = try container.decodeIfPresent(BasicAuth.self, forKey: .basicAuth)
    authorization = try container.decodeIfPresent(AuthorizationHeader.self, forKey: .authorization)
    tlsConfig = try container.decodeIfPresent(TLSSettings.self, forKey: .tlsConfig)
    staticConfigs = try container.decodeIfPresent([StaticConfig].self, forKey: .staticConfigs) ?? []
    fileSDConfigs = try container.decodeIfPresent([FileSDConfig].self, forKey: .fileSDConfigs) ?? []
    relabelConfigs = try container.decodeIfPresent([RelabelConfig].self, forKey: .relabelConfigs) ?? []
    metricRelabelConfigs = try container.decodeIfPresent([RelabelConfig].self, forKey: .metricRelabelConfigs) ?? []
    honorLabels = try container.decodeIfPresent(Bool.self, forKey: .honorLabels) ?? false
    honorTimestamps = try container.decodeIfPresent(Bool.self, forKey: .honorTimestamps) ?? true
    sampleLimit = try Self.decodeLimit(container, .sampleLimit, decoder)
    labelLimit = try Self.decodeLimit(container, .labelLimit, decoder)
    labelNameLengthLimit = try Self.decodeLimit(container, .labelNameLengthLimit, decoder)
    labelValueLengthLimit = try Self.decodeLimit(container, .labelValueLengthLimit, decoder)
    bodySizeLimit = try container.decodeIfPresent(ConfigByteSize.self, forKey: .bodySizeLimit) ?? ConfigByteSize(0)
    followRedirects = try container.decodeIfPresent(Bool.self, forKey: .followRedirects) ?? true
    enableHTTP2 = try container.decodeIfPresent(Bool.self, forKey: .enableHTTP2) ?? true

    if jobName.isEmpty { throw ConfigurationProblem.at(decoder, "job_name must not be empty") }
    guard let scheme = Scheme(rawValue: schemeText) else {
      throw ConfigurationProblem.at(decoder, "scheme must be http or https, got \"\(schemeText)\"")
    }
    self.scheme = scheme
    if basicAuth != nil, authorization != nil {
      throw ConfigurationProblem.at(decoder, "at most one of basic_auth and authorization may be set")
    }
    if bodySizeLimit.bytes < 0 { throw ConfigurationProblem.at(decoder, "body_size_limit must not be negative") }
    if let interval = scrapeInterval?.duration, let timeout = scrapeTimeout?.duration,
      let problem = Self.timingProblem(interval: interval, timeout: timeout)
    {
      throw ConfigurationProblem.at(decoder, problem)
    }
  }

  private static func decodeLimit(
    _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, _ decoder: any Decoder
  ) throws -> Int {
    let value = try container.decodeIfPresent(Int.self, forKey: key) ?? 0
    if value < 0 { throw ConfigurationProblem.at(decoder, "\(key.rawValue) must not be negative, got \(value)") }
    return value
  }
}
