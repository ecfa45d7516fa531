// Where the shared conformance corpora live (../shared/conformance next to the package), and
// small helpers to read them; tests skip with a message when the directory is absent.

import Foundation

enum Conformance {
  /// `<package root>/../shared/conformance`, found from this file's path.
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // IngestTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("../shared/conformance")
    .standardizedFileURL

  static let openMetricsParsers = root.appendingPathComponent("openmetrics/parsers")
  static let expfmt = root.appendingPathComponent("exposition/prometheus-common/expfmt")
  static let textparse = root.appendingPathComponent("exposition/prometheus/model/textparse/testdata")

  static func exists(_ url: URL) -> Bool {
    FileManager.default.fileExists(atPath: url.path)
  }

  /// The OpenMetrics parser case names (directory names), sorted; empty when absent.
  static func openMetricsCases() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: openMetricsParsers.path)) ?? []
    return names.filter { exists(openMetricsParsers.appendingPathComponent("\($0)/test.json")) }.sorted()
  }

  /// Files in the expfmt fuzz corpus whose names start with `prefix`.
  static func fuzzCorpus(prefix: String) -> [String] {
    let directory = expfmt.appendingPathComponent("fuzz/corpus")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasPrefix(prefix) }.sorted()
  }

  static func bytes(_ url: URL) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: url))
  }
}
