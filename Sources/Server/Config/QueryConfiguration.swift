// `query:`: the PromQL engine's limits, named and defaulted as Prometheus's `--query.*` flags.
// Read at start-up, like `storage`.
package import WardenCore
import PromQL

package struct QueryConfiguration: Decodable, Sendable, Equatable {
  /// How far back an instant selector looks for a sample (`--query.lookback-delta`).
  package var lookbackDelta = ConfigDuration(.seconds(300))
  /// Samples one query may hold in memory at once (`--query.max-samples`).
  package var maxSamples = 50_000_000
  /// The longest a query may run (`--query.timeout`); a request's `timeout` can only shorten it.
  package var timeout = ConfigDuration(.seconds(120))
  /// Queries evaluated at once (`--query.max-concurrency`); more wait.
  package var maxConcurrency = 20

  package init() {}

  enum CodingKeys: String, CodingKey {
    case lookbackDelta = "lookback_delta"
    case maxSamples = "max_samples"
    case timeout
    case maxConcurrency = "max_concurrency"
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let defaults = QueryConfiguration()
    lookbackDelta = try container.decodeIfPresent(ConfigDuration.self, forKey: .lookbackDelta) ?? defaults.lookbackDelta
    guard lookbackDelta.duration > .zero else {
      throw Self.invalid(container, .lookbackDelta, "lookback_delta must be greater than 0, got \(lookbackDelta)")
    }
    maxSamples = try container.decodeIfPresent(Int.self, forKey: .maxSamples) ?? defaults.maxSamples
    guard maxSamples > 0 else { throw Self.invalid(container, .maxSamples, "max_samples must be greater than 0, got \(maxSamples)") }
    timeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .timeout) ?? defaults.timeout
    guard timeout.duration > .zero else { throw Self.invalid(container, .timeout, "timeout must be greater than 0, got \(timeout)") }
    maxConcurrency = try container.decodeIfPresent(Int.self, forKey: .maxConcurrency) ?? defaults.maxConcurrency
    guard maxConcurrency > 0 else {
      throw Self.invalid(container, .maxConcurrency, "max_concurrency must be greater than 0, got \(maxConcurrency)")
    }
  }

  private static func invalid(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys, _ message: String) -> any Error {
    DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: message)
  }

  /// The engine's options from this section.
  var engineOptions: QueryOptions {
    var options = QueryOptions()
    options.lookbackDeltaMs = Int64(lookbackDelta.duration.components.seconds) * 1000
      + lookbackDelta.duration.components.attoseconds / 1_000_000_000_000_000
    options.maxSamples = maxSamples
    options.timeout = timeout.duration
    options.maxConcurrentQueries = maxConcurrency
    return options
  }
}
