// A small in-memory LogSource for LogQL rule tests: streams of real log lines, selected by
// matchers and time, read in one run per stream in the requested direction.
import WardenCore

final class TestLogSource: LogSource {
  private let stored: [(labels: Labels, lines: LogLines)]

  /// `records` are (stream labels, timestamp ns, line), in any order.
  init(_ records: [(Labels, Int64, String)]) {
    var grouped: [Labels: [(Int64, String)]] = [:]
    for (labels, timestamp, line) in records { grouped[labels, default: []].append((timestamp, line)) }
    stored = grouped.map { labels, entries in
      var lines = LogLines()
      for (timestamp, line) in entries.sorted(by: { $0.0 < $1.0 }) { lines.append(timestampNs: timestamp, line: line) }
      return (labels, lines)
    }.sorted { $0.labels < $1.labels }
  }

  private func matching(_ matchers: [LabelMatcher]) -> [(labels: Labels, lines: LogLines)] {
    stored.filter { stream in matchers.allSatisfy { $0.matches(stream.labels[$0.name]) } }
  }

  func select(_ selection: LogSelection) throws -> [any LogStreamCursor] {
    matching(selection.matchers).compactMap { stream in
      var selected = LogLines()
      for index in 0..<stream.lines.count
      where stream.lines.timestampsNs[index] >= selection.startNs && stream.lines.timestampsNs[index] < selection.endNs {
        selected.append(from: stream.lines, at: index)
      }
      if selected.isEmpty { return nil }
      return OneRunCursor(labels: stream.labels, run: selection.direction == .backward ? selected.reversed() : selected)
    }
  }

  func streams(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [Labels] { matching(matchers).map(\.labels) }

  func labelNames(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String] {
    Set(matching(matchers).flatMap { $0.labels.pairs.map(\.name) }).sorted()
  }

  func labelValues(_ name: String, _ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String] {
    Set(matching(matchers).map { $0.labels[name] }.filter { !$0.isEmpty }).sorted()
  }

  func indexStats(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> LogIndexStats {
    let selected = matching(matchers)
    return LogIndexStats(streams: selected.count, chunks: selected.count, entries: selected.reduce(0) { $0 + $1.lines.count }, bytes: 0)
  }
}

/// Hands out a stream's selected records in one run.
final class OneRunCursor: LogStreamCursor {
  let labels: Labels
  private var run: LogLines?

  init(labels: Labels, run: LogLines) {
    self.labels = labels
    self.run = run
  }

  func next() throws -> LogLines? {
    defer { run = nil }
    return run
  }
}
