// Builders shared by the log store tests: temporary stores, batches, reading everything back, and
// a log handler that keeps what the store logged.
import Foundation
import Logging
@testable import LogStore
import Synchronization
import Testing
import WardenCore

func temporaryLogDirectory() -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("logs-\(UUID().uuidString)").path
}

let quietLogger: Logger = {
  var logger = Logger(label: "test")
  logger.logLevel = .critical
  return logger
}()

/// A timestamp base inside any default retention: one hour ago.
let baseNs: Int64 = WallClock.nowNs() - 3600 * 1_000_000_000

func streamLabels(_ pairs: KeyValuePairs<String, String>) -> Labels {
  Labels(pairs.map { Label($0.key, $0.value) })
}

func matcher(_ kind: LabelMatcher.Kind, _ name: String, _ value: String) -> LabelMatcher {
  try! LabelMatcher(kind, name, value)
}

func openStore(
  _ directory: String, options: LogStoreOptions = LogStoreOptions(), logger: Logger = quietLogger
) throws -> LogStore {
  try LogStore.open(directory: directory, options: options, logger: logger)
}

/// Every record of every cursor, as (labels, timestamp, line), in cursor order.
func readAll(
  _ store: LogStore, _ matchers: [LabelMatcher], startNs: Int64 = .min, endNs: Int64 = .max,
  direction: LogDirection = .forward, needles: [String] = []
) throws -> [(labels: Labels, timestampNs: Int64, line: String)] {
  let selection = LogSelection(
    matchers: matchers, startNs: startNs, endNs: endNs, direction: direction, requiredSubstrings: needles.map { Array($0.utf8) })
  var result: [(labels: Labels, timestampNs: Int64, line: String)] = []
  for cursor in try store.select(selection) {
    while let run = try cursor.next() {
      #expect(!run.isEmpty)
      for index in 0..<run.count { result.append((cursor.labels, run.timestampsNs[index], run.line(index))) }
    }
  }
  return result
}

/// A batch of `count` records of one stream, one per millisecond from `start`, lines "line N".
func sequentialBatch(_ labels: Labels, start: Int64 = baseNs, count: Int, first: Int = 0) -> LogBatch {
  var batch = LogBatch()
  for n in first..<(first + count) {
    batch.append(stream: labels, timestampNs: start + Int64(n) * 1_000_000, line: "line \(n)")
  }
  return batch
}

/// What a `RecordingLogHandler` kept.
final class LogRecords: Sendable {
  let entries = Mutex<[(level: Logger.Level, message: String, metadata: Logger.Metadata)]>([])

  var all: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] { entries.withLock { $0 } }
}

/// Keeps every message logged through it.
struct RecordingLogHandler: LogHandler {
  let records: LogRecords
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .trace

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    records.entries.withLock { $0.append((event.level, event.message.description, event.metadata ?? [:])) }
  }
}

/// A logger and what it logs.
func recordingLogger() -> (Logger, LogRecords) {
  let records = LogRecords()
  return (Logger(label: "recording") { _ in RecordingLogHandler(records: records) }, records)
}
