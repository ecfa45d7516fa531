// Merges the runs of many stream cursors into one sequence in the query's direction (a binary heap
// of cursor heads keyed by timestamp). A cursor's next run is read only when its current one is
// used up, so a backward query that stops after `limit` entries reads only the newest runs.
import WardenCore

final class LogRecordMerge {
  private let cursors: [any LogStreamCursor]
  private let backward: Bool
  /// Each cursor's current run and the position in it.
  private(set) var runs: [LogLines]
  private var positions: [Int]
  /// Cursor indices ordered as a heap by (timestamp in direction order, cursor index).
  private var heap: [Int] = []
  /// Lines and bytes of every run read so far.
  private(set) var statistics = LogQLStatistics()
  /// Runs read so far, so the caller can look at the clock after each (a read may be slow).
  private(set) var runsRead = 0

  init(cursors: [any LogStreamCursor], direction: LogDirection) throws(LogQLError) {
    self.cursors = cursors
    backward = direction == .backward
    runs = [LogLines](repeating: LogLines(), count: cursors.count)
    positions = [Int](repeating: 0, count: cursors.count)
    heap.reserveCapacity(cursors.count)
    for index in cursors.indices {
      guard try load(index) else { continue }
      heap.append(index)
      siftUp(heap.count - 1)
    }
  }

  /// The cursor whose record was handed out last; it moves on at the next call, so that record
  /// stays valid until then (a new run may replace its run).
  private var pending: Int?

  /// The next record as (cursor index, record index in `runs[cursor]`), or nil when all are done.
  func next() throws(LogQLError) -> (cursor: Int, record: Int)? {
    try settlePending()
    guard let top = heap.first else { return nil }
    pending = top
    return (top, positions[top])
  }

  /// Moves the cursor handed out last to its next record, reading its next run when needed, and
  /// restores the heap order.
  private func settlePending() throws(LogQLError) {
    guard let cursor = pending else { return }
    pending = nil
    positions[cursor] += 1
    var hasMore = positions[cursor] < runs[cursor].count
    if !hasMore { hasMore = try load(cursor) }
    if hasMore {
      siftDown(0)
      return
    }
    let last = heap.removeLast()
    if !heap.isEmpty {
      heap[0] = last
      siftDown(0)
    }
  }

  func cursorLabels(_ index: Int) -> Labels { cursors[index].labels }

  /// Reads the cursor's next run; false when it has no more.
  private func load(_ index: Int) throws(LogQLError) -> Bool {
    let run: LogLines?
    do {
      run = try cursors[index].next()
    } catch {
      throw LogQLError(.storage, "reading logs: \(error)")
    }
    guard let run, !run.isEmpty else {
      runs[index] = LogLines()
      return false
    }
    statistics.count(run)
    runsRead += 1
    runs[index] = run
    positions[index] = 0
    return true
  }

  private func timestamp(_ cursor: Int) -> Int64 { runs[cursor].timestampsNs[positions[cursor]] }

  /// Whether cursor `a`'s head comes before cursor `b`'s.
  private func precedes(_ a: Int, _ b: Int) -> Bool {
    let left = timestamp(a)
    let right = timestamp(b)
    if left != right { return backward ? left > right : left < right }
    return a < b
  }

  private func siftUp(_ start: Int) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard precedes(heap[child], heap[parent]) else { return }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  private func siftDown(_ start: Int) {
    var parent = start
    while true {
      let left = 2 * parent + 1
      guard left < heap.count else { return }
      var best = left
      if left + 1 < heap.count && precedes(heap[left + 1], heap[left]) { best = left + 1 }
      guard precedes(heap[best], heap[parent]) else { return }
      heap.swapAt(best, parent)
      parent = best
    }
  }
}
