// A test helper, not part of the product: appends deterministic batches to a metric store and
// prints "ack N" after each append is acknowledged, until it is killed. The crash test kills it
// with SIGKILL at random moments and checks that every acknowledged batch is readable.
//
// Usage: store-crash-writer DIRECTORY FIRST_BATCH [fsync: batched|every]
import Foundation
import Logging
import MetricStore
import WardenCore

let arguments = CommandLine.arguments
guard arguments.count >= 3, let firstBatch = Int(arguments[2]) else {
  FileHandle.standardError.write(Data("usage: store-crash-writer DIRECTORY FIRST_BATCH [batched|every]\n".utf8))
  exit(2)
}
let policy: FsyncPolicy = arguments.count > 3 && arguments[3] == "every" ? .everyBatch : .batched(.milliseconds(20))
var logger = Logger(label: "crash-writer")
logger.logLevel = .error

/// Batch n holds one sample for each of 50 series at n seconds, valued n * 100 + series.
func crashBatch(_ n: Int) -> SampleBatch {
  var batch = SampleBatch()
  for series in 0..<50 {
    batch.append(
      Labels([Label("__name__", "crash_test"), Label("series", String(series))]), timestampMs: Int64(n) * 1000,
      value: Double(n * 100 + series))
  }
  return batch
}

do {
  let store = try MetricStore(directory: arguments[1], fsync: policy, logger: logger)
  // Several appenders at once, as the server has: acknowledgements arrive out of order.
  try await withThrowingTaskGroup(of: Void.self) { group in
    for lane in 0..<4 {
      group.addTask {
        var n = firstBatch + lane
        while true {
          _ = try await store.append(crashBatch(n))
          // One write(2) per line: unbuffered, so an ack is out the moment it is printed.
          let line = Array("ack \(n)\n".utf8)
          _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
          n += 4
        }
      }
    }
    try await group.waitForAll()
  }
} catch {
  FileHandle.standardError.write(Data("store-crash-writer: \(error)\n".utf8))
  exit(1)
}
