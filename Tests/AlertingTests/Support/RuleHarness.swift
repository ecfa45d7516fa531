// A rule manager wired to real parts for tests: the PromQL engine over a TestSeriesStore that
// also receives the manager's writes, a recording sender, optionally a real catalog and a log
// engine. Rule files are parsed from text as the loader parses files.
import Alerting
import Catalog
import ConfigDecoding
import Foundation
import LogQL
import Logging
import PromQL
import WardenCore

struct RuleHarness {
  let store = TestSeriesStore()
  let sender = RecordingAlertSender()
  let manager: RuleManager

  init(options: RuleManagerOptions = RuleManagerOptions(), catalog: CatalogDatabase? = nil, logSource: (any LogSource)? = nil) {
    manager = RuleManager(
      queryEngine: QueryEngine(source: store), logEngine: logSource.map { LogQLEngine(source: $0) }, writer: store, sender: sender,
      catalog: catalog, options: options, logger: Logger(label: "rules-test") { _ in SwiftLogNoOpLogHandler() })
  }

  /// Parses `yaml` as the rule file `rules.yml` and applies its groups.
  func apply(_ yaml: String, language: RuleLanguage = .promQL) async throws {
    await manager.apply(try RuleFileLoader.parse(yaml, file: "rules.yml", language: language))
  }

  /// The rule status of the only group's rule `name`.
  func rule(_ name: String) -> RuleStatus? {
    manager.groupsStatus().flatMap(\.rules).first { $0.name == name }
  }
}

/// `name{labels}` as a label set.
func series(_ name: String, _ labels: [String: String] = [:]) -> Labels {
  Labels(labels).setting(Labels.metricName, to: name)
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> String {
  let path = NSTemporaryDirectory() + "alerting-test-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// A rule file's ConfigError, or nil when it loads (errors as values: see the helper brief).
func loadError(_ yaml: String, language: RuleLanguage = .promQL) -> ConfigError? {
  let result = Result { () throws(ConfigError) -> [RuleGroup] in try RuleFileLoader.parse(yaml, file: "rules.yml", language: language) }
  if case .failure(let error) = result { return error }
  return nil
}
