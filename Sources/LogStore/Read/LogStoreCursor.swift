// A stream cursor over its sources. Sources whose time ranges overlap (out-of-order writes across
// blocks) form a group that is decoded together and merged by time, ties in arrival order;
// sources that overlap nothing are decoded alone, and only when the cursor reaches them.
import WardenCore

final class LogStoreCursor: LogStreamCursor {
  let labels: Labels
  private var groups: [[LogBlockSource]]
  private var nextGroup = 0
  private let startNs: Int64
  private let endNs: Int64
  private let direction: LogDirection
  private let counters: LogStoreCounters

  init(
    labels: Labels, sources: [LogBlockSource], startNs: Int64, endNs: Int64, direction: LogDirection,
    counters: LogStoreCounters
  ) {
    self.labels = labels
    self.startNs = startNs
    self.endNs = endNs
    self.direction = direction
    self.counters = counters
    let sorted = sources.sorted {
      ($0.minTimeNs, $0.arrival.generation, $0.arrival.position) < ($1.minTimeNs, $1.arrival.generation, $1.arrival.position)
    }
    var groups: [[LogBlockSource]] = []
    var groupMax = Int64.min
    for source in sorted {
      if !groups.isEmpty, source.minTimeNs <= groupMax {
        groups[groups.count - 1].append(source)
        groupMax = max(groupMax, source.maxTimeNs)
      } else {
        groups.append([source])
        groupMax = source.maxTimeNs
      }
    }
    self.groups = direction == .forward ? groups : groups.reversed()
  }

  func next() throws -> LogLines? {
    while nextGroup < groups.count {
      let group = groups[nextGroup]
      groups[nextGroup] = []
      nextGroup += 1
      var lines = try merged(group)
      if lines.isEmpty { continue }
      if direction == .backward { lines = lines.reversed() }
      return lines
    }
    return nil
  }

  private func merged(_ group: [LogBlockSource]) throws(LogStoreError) -> LogLines {
    if group.count == 1 { return try group[0].records(startNs: startNs, endNs: endNs, counters: counters) }
    let ordered = group.sorted { ($0.arrival.generation, $0.arrival.position) < ($1.arrival.generation, $1.arrival.position) }
    var parts: [LogLines] = []
    for source in ordered { parts.append(try source.records(startNs: startNs, endNs: endNs, counters: counters)) }
    var order: [(timestamp: Int64, part: Int, index: Int)] = []
    order.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for (part, lines) in parts.enumerated() {
      for index in 0..<lines.count { order.append((lines.timestampsNs[index], part, index)) }
    }
    order.sort { ($0.timestamp, $0.part, $0.index) < ($1.timestamp, $1.part, $1.index) }
    var result = LogLines(reservingRecords: order.count, lineBytes: parts.reduce(0) { $0 + $1.lineBytes.count })
    for entry in order { result.append(from: parts[entry.part], at: entry.index) }
    return result
  }

}
