// An in-memory LogSource for engine tests: streams held as records sorted by time, selected by
// matchers and `[startNs, endNs)`, read in the selection's direction in runs of a fixed size. It
// counts the runs it hands out (to show which queries read lazily) and remembers selections.
import Foundation
import LogQL
import Synchronization
import WardenCore

final class InMemoryLogSource: LogSource {
  struct Stream {
    var labels: Labels
    /// Sorted by timestamp; equal timestamps in arrival order.
    var records: LogLines
  }

  private let streamsByLabels: [Stream]
  private let runSize: Int
  /// How long each run takes to read, to stand for a slow disk.
  let delayPerRun: Duration
  private let reads = Mutex<(runs: Int, records: Int, selections: [LogSelection])>((0, 0, []))

  init(_ batch: LogBatch, runSize: Int = 4, delayPerRun: Duration = .zero) {
    var grouped: [Labels: [Int]] = [:]
    for record in 0..<batch.count { grouped[batch.labels(ofRecord: record), default: []].append(record) }
    streamsByLabels = grouped.map { labels, indices in
      let ordered = indices.enumerated().sorted {
        (batch.records.timestampsNs[$0.element], $0.offset) < (batch.records.timestampsNs[$1.element], $1.offset)
      }
      var lines = LogLines()
      for (_, index) in ordered { lines.append(from: batch.records, at: index) }
      return Stream(labels: labels, records: lines)
    }.sorted { $0.labels < $1.labels }
    self.runSize = runSize
    self.delayPerRun = delayPerRun
  }

  var runsRead: Int { reads.withLock { $0.runs } }
  var recordsRead: Int { reads.withLock { $0.records } }
  var selections: [LogSelection] { reads.withLock { $0.selections } }

  fileprivate func counted(_ run: LogLines) -> LogLines {
    if delayPerRun > .zero { Thread.sleep(forTimeInterval: Double(delayPerRun.components.seconds) + Double(delayPerRun.components.attoseconds) / 1e18) }
    reads.withLock {
      $0.runs += 1
      $0.records += run.count
    }
    return run
  }

  private func matching(_ matchers: [LabelMatcher]) -> [Stream] {
    streamsByLabels.filter { stream in matchers.allSatisfy { $0.matches(stream.labels[$0.name]) } }
  }

  func select(_ selection: LogSelection) throws -> [any LogStreamCursor] {
    reads.withLock { $0.selections.append(selection) }
    var cursors: [any LogStreamCursor] = []
    for stream in matching(selection.matchers) {
      var indices = (0..<stream.records.count).filter {
        stream.records.timestampsNs[$0] >= selection.startNs && stream.records.timestampsNs[$0] < selection.endNs
      }
      if indices.isEmpty { continue }
      if selection.direction == .backward { indices.reverse() }
      cursors.append(InMemoryCursor(labels: stream.labels, records: stream.records, order: indices, runSize: runSize, source: self))
    }
    return cursors
  }

  func streams(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [Labels] {
    matching(matchers).map(\.labels)
  }

  func labelNames(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String] {
    Array(Set(matching(matchers).flatMap { $0.labels.pairs.map(\.name) })).sorted()
  }

  func labelValues(_ name: String, _ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String] {
    Array(Set(matching(matchers).map { $0.labels[name] }.filter { !$0.isEmpty })).sorted()
  }

  func indexStats(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> LogIndexStats {
    let streams = matching(matchers)
    return LogIndexStats(
      streams: streams.count, chunks: streams.count, entries: streams.reduce(0) { $0 + $1.records.count },
      bytes: streams.reduce(0) { $0 + $1.records.lineBytes.count })
  }
}

/// Hands out one stream's selected records a run at a time.
final class InMemoryCursor: LogStreamCursor {
  let labels: Labels
  private let records: LogLines
  private let order: [Int]
  private let runSize: Int
  private let source: InMemoryLogSource
  private var position = 0

  init(labels: Labels, records: LogLines, order: [Int], runSize: Int, source: InMemoryLogSource) {
    self.labels = labels
    self.records = records
    self.order = order
    self.runSize = runSize
    self.source = source
  }

  func next() throws -> LogLines? {
    guard position < order.count else { return nil }
    var run = LogLines()
    for index in order[position..<min(position + runSize, order.count)] { run.append(from: records, at: index) }
    position += runSize
    return source.counted(run)
  }
}
