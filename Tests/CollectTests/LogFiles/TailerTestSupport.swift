// What the tailer tests share: a temporary directory, a sink that records what it acknowledged
// (and can refuse batches), a running tailer that can be stopped, and plain POSIX file writes.

@testable import Collect
import Foundation
import Logging
import Testing
import WardenCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct SinkRefused: Error {}

/// Records every acknowledged line with the `filename` label of its stream.
actor ReceivedLines {
  private(set) var records: [(file: String, line: String, labels: Labels)] = []
  private(set) var batches = 0
  private var refusalsLeft = 0

  /// The next `count` batches are refused (the sink throws).
  func refuse(_ count: Int) { refusalsLeft = count }

  func receive(_ batch: LogBatch) throws {
    if refusalsLeft > 0 {
      refusalsLeft -= 1
      throw SinkRefused()
    }
    batches += 1
    for index in 0..<batch.count {
      let labels = batch.labels(ofRecord: index)
      records.append((labels[LogFileConfiguration.filenameLabel], batch.records.line(index), labels))
    }
  }

  func lines(of file: String) -> [String] { records.filter { $0.file == file }.map(\.line) }
  var count: Int { records.count }
}

/// A tailer running in its own task.
struct RunningTailer {
  let tailer: LogFileTailer
  let task: Task<Void, Never>

  init(_ configurations: [LogFileConfiguration], options: LogTailOptions, into received: ReceivedLines) {
    tailer = LogFileTailer(configurations: configurations, options: options, logger: Logger(label: "test")) { batch in
      try await received.receive(batch)
    }
    let tailer = self.tailer
    task = Task { await tailer.run() }
  }

  func stop() async {
    task.cancel()
    await task.value
  }
}

/// A scratch directory removed by `remove()`.
struct ScratchDirectory {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "warden-tail-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func callAsFunction(_ name: String) -> String { path + "/" + name }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Options for tests: fast polling, short waits.
func fastOptions(positions: String? = nil) -> LogTailOptions {
  var options = LogTailOptions()
  options.pollInterval = .milliseconds(20)
  options.rotatedFileWait = .milliseconds(300)
  options.partialLineTimeout = .seconds(30)
  options.retryInterval = .milliseconds(20)
  options.positionsPath = positions
  return options
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(15), _ condition: () async -> Bool) async -> Bool {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if await condition() { return true }
    try? await Task.sleep(for: .milliseconds(10))
  }
  return await condition()
}

/// Appends `text` to `path` with O_APPEND (creating it), as a logging process does.
func append(_ text: String, to path: String) {
  let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
  precondition(descriptor >= 0, "cannot open \(path)")
  writeAll(descriptor, text)
  close(descriptor)
}

func writeAll(_ descriptor: Int32, _ text: String) {
  var bytes = Array(text.utf8)
  var written = 0
  while written < bytes.count {
    let count = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
    precondition(count > 0, "write failed")
    written += count
  }
}

func numberedLines(_ prefix: String, _ range: Range<Int>) -> [String] { range.map { "\(prefix) \($0)" } }
