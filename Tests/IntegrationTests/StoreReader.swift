// Opens a stopped (or killed) Warden's metric store in the test process and reads it back, to
// check what the server stored before a query API exists.
import Foundation
import Logging
import MetricStore
import WardenCore

enum StoreReader {
  /// Every sample of the series matching `matchers`, by sorted `name=value,...` key, stale markers
  /// included. The store is opened (replaying its WAL) and closed again.
  static func samples(dataDirectory: URL, _ matchers: [LabelMatcher]) throws -> [String: [(Int64, Double)]] {
    let store = try MetricStore(directory: dataDirectory.appendingPathComponent("metrics").path, logger: Logger(label: "test"))
    defer { store.close() }
    var result: [String: [(Int64, Double)]] = [:]
    for series in try store.select(matchers, startMs: 0, endMs: Int64.max) {
      let key = series.labels.pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
      result[key] = Array(zip(series.timestampsMs, series.values))
    }
    return result
  }
}
