// `statsd:`: the StatsD/DogStatsD UDP receiver. Absent means no receiver. Read at start-up; a
// reload that changes it is accepted and takes effect at the next start.
package import Ingest
package import WardenCore

package struct StatsDConfiguration: Decodable, Sendable, Equatable {
  /// What timers, histograms and distributions become.
  package enum TimerType: String, Decodable, Sendable, Equatable {
    case summary, histogram
  }

  /// The UDP address (`host:port`, `:port` for every interface, `[v6]:port`).
  package var listen = ListenAddress(host: "127.0.0.1", port: 9125)
  /// How often aggregated values are written to the store, stamped with the flush time.
  package var flushInterval = ConfigDuration(.seconds(10))
  /// StatsD series (name and tags) tracked at once; values for more are dropped and counted.
  package var maxSeries = 100_000
  /// A series that receives nothing this long gets a staleness marker and is forgotten.
  package var idleTimeout = ConfigDuration(.seconds(300))
  package var timerType = TimerType.summary
  /// Upper bounds for `timer_type: histogram`, in seconds for timers.
  package var buckets = StatsDAggregatorOptions.defaultBuckets

  package init() {}

  enum CodingKeys: String, CodingKey {
    case listen
    case flushInterval = "flush_interval"
    case maxSeries = "max_series"
    case idleTimeout = "idle_timeout"
    case timerType = "timer_type"
    case buckets
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = StatsDConfiguration()
    if let text = try container.decodeIfPresent(String.self, forKey: .listen) {
      guard let address = ListenAddress(parsing: text) else {
        throw Self.invalid(container, .listen, "listen: expected host:port, :port or [v6]:port, got \"\(text)\"")
      }
      listen = address
    }
    flushInterval = try container.decodeIfPresent(ConfigDuration.self, forKey: .flushInterval) ?? defaults.flushInterval
    guard flushInterval.duration >= .milliseconds(100) else {
      throw Self.invalid(container, .flushInterval, "flush_interval must be at least 100ms, got \(flushInterval)")
    }
    maxSeries = try container.decodeIfPresent(Int.self, forKey: .maxSeries) ?? defaults.maxSeries
    guard maxSeries > 0 else { throw Self.invalid(container, .maxSeries, "max_series must be greater than 0, got \(maxSeries)") }
    idleTimeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .idleTimeout) ?? defaults.idleTimeout
    guard idleTimeout.duration >= flushInterval.duration else {
      throw Self.invalid(container, .idleTimeout, "idle_timeout \(idleTimeout) is shorter than flush_interval \(flushInterval)")
    }
    timerType = try container.decodeIfPresent(TimerType.self, forKey: .timerType) ?? defaults.timerType
    if let buckets = try container.decodeIfPresent([Double].self, forKey: .buckets) {
      guard !buckets.isEmpty, buckets.allSatisfy(\.isFinite), zip(buckets, buckets.dropFirst()).allSatisfy({ $0 < $1 })
      else {
        throw Self.invalid(container, .buckets, "buckets: expected finite upper bounds in increasing order, got \(buckets)")
      }
      guard timerType == .histogram else {
        throw Self.invalid(container, .buckets, "buckets are only used with timer_type: histogram")
      }
      self.buckets = buckets
    }
  }

  /// The aggregator's options for this configuration.
  package var aggregatorOptions: StatsDAggregatorOptions {
    var options = StatsDAggregatorOptions()
    options.maxSeries = maxSeries
    options.idleTimeout = idleTimeout.duration
    options.observerOutput =
      timerType == .summary ? .summary(quantiles: StatsDAggregatorOptions.defaultQuantiles) : .histogram(buckets: buckets)
    return options
  }

  /// The YAML decoder positions the error at the `statsd:` section, so the message names the field.
  private static func invalid(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, _ message: String)
    -> DecodingError
  {
    .dataCorruptedError(forKey: key, in: container, debugDescription: message)
  }
}
