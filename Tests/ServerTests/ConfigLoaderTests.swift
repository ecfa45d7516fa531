// Configuration loading in process: defaults, Prometheus-shaped values, and errors that point
// at the right line, column and field.
import ConfigDecoding
import Foundation
import Collect
import Server
import Testing
import WardenCore

struct ConfigLoaderTests {
  @Test func emptyAndCommentOnlyFilesGiveDefaults() throws {
    for text in ["", "\n", "# nothing yet\n", "---\n", "~\n"] {
      let config = try ConfigLoader.parse(text, file: "w.yml")
      #expect(config == WardenConfiguration())
      #expect(config.global.scrapeInterval.duration == .seconds(60))
    }
  }

  @Test func readsAPrometheusGlobalSection() throws {
    let config = try ConfigLoader.parse(
      """
      global:
        scrape_interval: 15s
        scrape_timeout: 5s
        evaluation_interval: 1m30s
        external_labels: {region: eu-west-1, replica: 2}
      """, file: "w.yml")
    #expect(config.global.scrapeInterval.duration == .seconds(15))
    #expect(config.global.scrapeTimeout.duration == .seconds(5))
    #expect(config.global.evaluationInterval.duration == .seconds(90))
    #expect(config.global.externalLabels == ["region": "eu-west-1", "replica": "2"])
  }

  /// Prometheus caps an unset global timeout at the interval; a set one must fit inside it.
  @Test func unsetScrapeTimeoutFollowsAShortInterval() throws {
    let config = try ConfigLoader.parse("global:\n  scrape_interval: 2s\n", file: "w.yml")
    #expect(config.global.scrapeTimeout.duration == .seconds(2))
    #expect(throws: ConfigError.self) { try ConfigLoader.parse("global:\n  scrape_interval: 2s\n  scrape_timeout: 3s\n", file: "w.yml") }
  }

  /// scrape_configs in Prometheus's shape, with the job's own checks.
  @Test func readsScrapeConfigs() throws {
    let config = try ConfigLoader.parse(
      "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['a:9100']\n", file: "w.yml")
    #expect(config.scrapeConfigs.map(\.jobName) == ["node"])
    #expect(throws: ConfigError.self) {
      try ConfigLoader.parse("scrape_configs:\n  - job_name: a\n  - job_name: a\n", file: "w.yml")
    }
    #expect(throws: ConfigError.self) {
      try ConfigLoader.parse("scrape_configs:\n  - job_name: a\n    scrape_interval: 1s\n    scrape_timeout: 5s\n", file: "w.yml")
    }
  }

  @Test func readsTheStorageSection() throws {
    let config = try ConfigLoader.parse(
      "storage:\n  metrics:\n    retention: 30d\n    retention_size: 10GiB\n    out_of_order_window: 5m\n", file: "w.yml")
    #expect(config.storage.metrics.retention.duration == .seconds(30 * 86_400))
    #expect(config.storage.metrics.retentionSize.bytes == 10 << 30)
    #expect(config.storage.metrics.outOfOrderWindow.duration == .seconds(300))
    #expect(WardenConfiguration().storage.metrics.retention.duration == .seconds(15 * 86_400))
  }

  @Test(arguments: [
    ("storage:\n  metrics:\n    retention: 1h\n", "w.yml:3:16: field storage.metrics.retention: 1h is shorter than the 2h block range"),
    ("storage:\n  metrics:\n    retention_size: lots\n", "w.yml:3:21: field storage.metrics.retention_size: expected a size like 512MiB"),
    ("storage:\n  metrics:\n    out_of_order_window: 2d\n", "w.yml:3:26: field storage.metrics.out_of_order_window: 2d is longer than 1d"),
    ("storage:\n  traces: {}\n", "w.yml:2:3: field storage.traces: unknown field \"traces\""),
    ("storage:\n  metrics:\n    downsample_after: 1h\n", "w.yml:3:23: field storage.metrics.downsample_after: 1h is shorter than the 2h block range"),
  ])
  func rejectsBadStorageSettings(text: String, prefix: String) {
    #expect {
      _ = try ConfigLoader.parse(text, file: "w.yml")
    } throws: { "\($0)".hasPrefix(prefix) }
  }

  @Test func nullSectionMeansDefaults() throws {
    #expect(try ConfigLoader.parse("global:\n", file: "w.yml") == WardenConfiguration())
  }

  @Test(arguments: [
    ("global:\n  scrape_interval: 1x\n", 2, 20, "global.scrape_interval"),
    ("global:\n  scrape_interval: 15s\n  bogus: 1\n", 3, 3, "global.bogus"),
    ("bogus: true\n", 1, 1, "bogus"),
    ("global:\n  external_labels:\n    ok: 1\n    bad-name: 2\n", 4, 15, "global.external_labels.bad-name"),
    ("global:\n  external_labels: [a, b]\n", 2, 20, "global.external_labels"),
  ])
  func errorsCarryPosition(text: String, line: Int, column: Int, field: String) {
    #expect {
      _ = try ConfigLoader.parse(text, file: "w.yml")
    } throws: { error in
      guard let error = error as? ConfigError else { return false }
      return error.file == "w.yml" && error.line == line && error.column == column && error.field == field
    }
  }

  @Test func unknownFieldListsTheValidOnes() {
    #expect {
      _ = try ConfigLoader.parse("global:\n  scrape_intervall: 1s\n", file: "w.yml")
    } throws: { error in
      let text = "\(error)"
      return text.hasPrefix("w.yml:2:3: field global.scrape_intervall: unknown field \"scrape_intervall\"")
        && text.contains("\"scrape_interval\"") && text.contains("\"external_labels\"")
    }
  }

  @Test func loadsFromDiskAndNamesMissingFiles() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("w.yml")
    try "global:\n  scrape_interval: 20s\n".write(to: file, atomically: true, encoding: .utf8)
    #expect(try ConfigLoader.load(path: file.path).global.scrapeInterval.duration == .seconds(20))
    #expect {
      _ = try ConfigLoader.load(path: directory.appendingPathComponent("absent.yml").path)
    } throws: { "\($0)".hasSuffix("absent.yml: cannot read configuration file: no such file") }
  }

  /// Mutated configurations must always end in a config or a ConfigError with a position or a
  /// file-level message: never a crash, never an empty message.
  @Test func mutatedConfigurationsNeverCrash() {
    let seed = """
      global:
        scrape_interval: 15s
        scrape_timeout: 10s
        evaluation_interval: 1m
        external_labels:
          region: "eu"
          list: [1, 2, {a: b}]
          anchor: &x value
          alias: *x
      """
    let pieces = Array(seed.unicodeScalars)
    let inserts: [Unicode.Scalar] = [":", "-", " ", "\n", "\t", "[", "{", "}", "]", "\"", "'", "&", "*", "!", "#", "|", ">", "%", "@", "\u{0}", "é"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3000 {
      var scalars = pieces
      for _ in 0..<Int.random(in: 1...6, using: &generator) {
        let index = Int.random(in: 0..<scalars.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: scalars.remove(at: index)
        case 1: scalars.insert(inserts.randomElement(using: &generator)!, at: index)
        default: scalars[index] = inserts.randomElement(using: &generator)!
        }
        if scalars.isEmpty { scalars = pieces }
      }
      var text = ""
      text.unicodeScalars.append(contentsOf: scalars)
      do {
        _ = try ConfigLoader.parse(text, file: "fuzz.yml")
      } catch {
        #expect(!error.message.isEmpty)
        #expect(error.file == "fuzz.yml")
      }
    }
  }
}
