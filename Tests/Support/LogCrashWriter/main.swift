// A test helper, not part of the product: appends deterministic batches to a log store and prints
// "ack N" after each append is acknowledged, until it is killed. LogStoreTests' crash test kills
// it with SIGKILL at random moments and checks that every acknowledged batch is readable.
//
// Usage: log-crash-writer DIRECTORY FIRST_BATCH [group|every]
import Foundation
import LogStore
import Logging
import WardenCore

let arguments = CommandLine.arguments
guard arguments.count >= 3, let firstBatch = Int(arguments[2]) else {
  FileHandle.standardError.write(Data("usage: log-crash-writer DIRECTORY FIRST_BATCH [group|every]\n".utf8))
  exit(2)
}
var options = LogStoreOptions()
options.fsync = arguments.count > 3 && arguments[3] == "every" ? .everyBatch : .groupCommit
// Small blocks and segments, so kills also land in sealing and cuts.
options.blockTargetBytes = 4096
options.segmentCutBytes = 64 << 10
var logger = Logger(label: "log-crash-writer")
logger.logLevel = .error

/// The first timestamp of the crash batches: a fixed hour ago at start-up is not reproducible, so
/// the test passes it nowhere; it reads everything.
let baseNs: Int64 = 1_700_000_000_000_000_000

/// Batch n: 20 records over 4 streams, lines "b<n> r<i>", timestamps n ms + i µs.
func crashBatch(_ n: Int) -> LogBatch {
  var batch = LogBatch()
  for i in 0..<20 {
    batch.append(
      stream: Labels([Label("job", "crash"), Label("lane", String(i % 4))]),
      timestampNs: baseNs + Int64(n) * 1_000_000 + Int64(i) * 1000, line: "b\(n) r\(i) " + String(repeating: "x", count: 40))
  }
  return batch
}

do {
  options.retentionNs = 0
  let store = try LogStore.open(directory: arguments[1], options: options, logger: logger)
  // Several appenders at once, as the server has, and maintenance running beside them.
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
    group.addTask {
      while true {
        try await Task.sleep(for: .milliseconds(30))
        try await store.maintain(nowNs: Int64(Date().timeIntervalSince1970 * 1e9))
      }
    }
    try await group.waitForAll()
  }
} catch {
  FileHandle.standardError.write(Data("log-crash-writer: \(error)\n".utf8))
  exit(1)
}
