// The `query:` section: Prometheus's defaults, overrides reaching the engine's options, and
// refusal of values that would disable the engine.
import ConfigDecoding
import PromQL
@testable import Server
import Testing

struct QueryConfigurationTests {
  @Test func defaultsAreThoseOfPrometheus() throws {
    let options = try ConfigLoader.parse("", file: "w.yml").query.engineOptions
    #expect(options.lookbackDeltaMs == 300_000)
    #expect(options.maxSamples == 50_000_000)
    #expect(options.timeout == .seconds(120))
    #expect(options.maxConcurrentQueries == 20)
  }

  @Test func overridesReachTheEngine() throws {
    let text = "query:\n  lookback_delta: 1m30s\n  max_samples: 1000\n  timeout: 500ms\n  max_concurrency: 2\n"
    let options = try ConfigLoader.parse(text, file: "w.yml").query.engineOptions
    #expect(options.lookbackDeltaMs == 90_000)
    #expect(options.maxSamples == 1000)
    #expect(options.timeout == .milliseconds(500))
    #expect(options.maxConcurrentQueries == 2)
  }

  @Test(arguments: [
    "query:\n  lookback_delta: 0s\n", "query:\n  max_samples: 0\n", "query:\n  timeout: 0s\n", "query:\n  max_concurrency: -1\n",
    "query:\n  max_concurency: 2\n",
  ])
  func badValuesAreRefused(text: String) {
    #expect(throws: ConfigError.self) { try ConfigLoader.parse(text, file: "w.yml") }
  }
}
