// Builders shared by the metric store tests.
import Foundation
import Logging
@testable import MetricStore
import WardenCore

func labels(_ pairs: KeyValuePairs<String, String>) -> Labels {
  Labels(pairs.map { Label($0.key, $0.value) })
}

func matcher(_ kind: LabelMatcher.Kind, _ name: String, _ value: String) -> LabelMatcher {
  try! LabelMatcher(kind, name, value)
}

func temporaryStoreDirectory() -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)").path
}

let testLogger: Logger = {
  var logger = Logger(label: "test")
  logger.logLevel = .critical
  return logger
}()

/// A store in a fresh temporary directory; syncs every batch so tests do not wait 100 ms.
func makeStore(
  _ options: StoreOptions = StoreOptions(), directory: String = temporaryStoreDirectory(), logger: Logger = testLogger
) throws -> MetricStore {
  try MetricStore(directory: directory, options: options, fsync: .everyBatch, logger: logger)
}

/// Where each record of a WAL segment starts (compressed records count as one), read from the
/// length fields alone; stops at the first header that does not fit.
func walRecordStarts(_ bytes: [UInt8]) -> [Int] {
  var starts: [Int] = []
  var offset = 0
  while bytes.count - offset >= WALRecord.headerSize {
    starts.append(offset)
    let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
    offset += WALRecord.headerSize + length
  }
  return starts
}

/// One series' samples every `step` ms from `start`, values 0, 1.5, 3, ... (the WAL tests' batches).
func seriesBatch(_ labels: Labels, from start: Int64, count: Int, step: Int64 = 15_000) -> SampleBatch {
  var batch = SampleBatch()
  let index = batch.addSeries(labels)
  for n in 0..<count { batch.append(seriesIndex: index, timestampMs: start + Int64(n) * step, value: Double(n) * 1.5) }
  return batch
}

/// The timestamps the store holds for exactly `labels`.
func storedTimestamps(_ store: MetricStore, _ labels: Labels) throws -> [Int64] {
  try store.select(labels.pairs.map { matcher(.equal, $0.name, $0.value) }, startMs: .min, endMs: .max).first?.timestampsMs ?? []
}
