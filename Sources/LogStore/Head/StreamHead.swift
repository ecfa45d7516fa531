// One stream's records in one head generation: the records still arriving (unsorted: Loki accepts
// out-of-order writes) and the blocks already sealed from them, compressed, waiting for the next
// segment cut. Sorting happens when a block is sealed or a reader takes a snapshot.
import Synchronization
import WardenCore

/// Thread-safe: one short `Mutex` per stream, taken once per contiguous run of a batch.
final class StreamHead: Sendable {
  struct State {
    var active = LogLines()
    var sealed: [SealedLogBlock] = []
    /// Wall-clock time (ns) of the last append, for idle sealing.
    var lastAppendNs: Int64 = 0
    var minTimeNs = Int64.max
    var maxTimeNs = Int64.min
    var records = 0
    var lineBytes = 0
  }

  /// What a reader sees: the sealed blocks and a sorted copy of the active records.
  struct Snapshot {
    var sealed: [SealedLogBlock]
    var active: LogLines
    var minTimeNs: Int64
    var maxTimeNs: Int64
    var records: Int
    var lineBytes: Int
  }

  let id: StreamID
  let labels: Labels
  private let state = Mutex(State())

  init(id: StreamID, labels: Labels) {
    self.id = id
    self.labels = labels
  }

  /// Appends `lines[range]`; seals the active records into a block once they reach `blockTarget`.
  func append(_ lines: LogLines, _ range: Range<Int>, nowNs: Int64, blockTarget: Int, level: Int32) {
    state.withLock { state in
      for index in range {
        state.active.append(from: lines, at: index)
        let timestamp = lines.timestampsNs[index]
        if timestamp < state.minTimeNs { state.minTimeNs = timestamp }
        if timestamp > state.maxTimeNs { state.maxTimeNs = timestamp }
        // Checked per record, so one large run still becomes blocks of about the target size.
        if state.active.lineBytes.count >= blockTarget { Self.seal(&state, level: level) }
      }
      state.records += range.count
      state.lineBytes += lines.lineStart(range.upperBound) - lines.lineStart(range.lowerBound)
      state.lastAppendNs = nowNs
    }
  }

  /// Seals the active records if nothing arrived for `idleNs`.
  func sealIfIdle(nowNs: Int64, idleNs: Int64, level: Int32) {
    state.withLock { state in
      if !state.active.isEmpty, nowNs - state.lastAppendNs >= idleNs { Self.seal(&state, level: level) }
    }
  }

  /// Seals what is active and returns every block (for a segment cut; the head is frozen by then).
  func sealAll(level: Int32) -> [SealedLogBlock] {
    state.withLock { state in
      if !state.active.isEmpty { Self.seal(&state, level: level) }
      return state.sealed
    }
  }

  func snapshot() -> Snapshot {
    let taken = state.withLock { state in
      Snapshot(
        sealed: state.sealed, active: state.active, minTimeNs: state.minTimeNs, maxTimeNs: state.maxTimeNs,
        records: state.records, lineBytes: state.lineBytes)
    }
    var sorted = taken
    // Sorting outside the lock: the copy shares storage with the head until either changes.
    let order = Self.timeOrder(taken.active)
    if !order.isEmpty, order != Array(0..<order.count) {
      var lines = LogLines(reservingRecords: order.count, lineBytes: taken.active.lineBytes.count)
      for index in order { lines.append(from: taken.active, at: index) }
      sorted.active = lines
    }
    return sorted
  }

  var isEmpty: Bool { state.withLock { $0.records == 0 } }

  /// Totals without copying records: blocks (sealed, plus one for the active records), records,
  /// line bytes and time range.
  func counts() -> (blocks: Int, records: Int, lineBytes: Int, minTimeNs: Int64, maxTimeNs: Int64) {
    state.withLock { state in
      (state.sealed.count + (state.active.isEmpty ? 0 : 1), state.records, state.lineBytes, state.minTimeNs, state.maxTimeNs)
    }
  }

  private static func seal(_ state: inout State, level: Int32) {
    let block = LogBlockCodec.seal(state.active, order: timeOrder(state.active), level: level)
    state.sealed.append(block)
    state.active.removeAll(keepingCapacity: true)
  }

  /// Indices of `lines` sorted by timestamp, equal timestamps in arrival order.
  static func timeOrder(_ lines: LogLines) -> [Int] {
    let timestamps = lines.timestampsNs
    var order = Array(0..<timestamps.count)
    var isSorted = true
    for index in timestamps.indices.dropFirst() where timestamps[index] < timestamps[index - 1] {
      isSorted = false
      break
    }
    if !isSorted {
      order.sort { timestamps[$0] != timestamps[$1] ? timestamps[$0] < timestamps[$1] : $0 < $1 }
    }
    return order
  }
}
