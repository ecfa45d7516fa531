// The aggregation groups' due times as a binary min-heap, so the dispatch loop finds the next
// flush without scanning every group. Entries are never updated in place: a rescheduled group
// gets a new entry and the stale one is dropped when it surfaces (its group's due time differs).

/// A min-heap of (due time, group serial).
struct FlushQueue: Sendable {
  private var heap: [(dueMs: Int64, serial: Int)] = []

  var isEmpty: Bool { heap.isEmpty }
  var count: Int { heap.count }
  var nextDueMs: Int64? { heap.first?.dueMs }

  mutating func push(dueMs: Int64, serial: Int) {
    heap.append((dueMs, serial))
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard heap[child].dueMs < heap[parent].dueMs else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  /// Removes and returns the earliest entry due at or before `nowMs`.
  mutating func popDue(atMs nowMs: Int64) -> (dueMs: Int64, serial: Int)? {
    guard let first = heap.first, first.dueMs <= nowMs else { return nil }
    let last = heap.removeLast()
    if !heap.isEmpty {
      heap[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < heap.count && heap[left].dueMs < heap[smallest].dueMs { smallest = left }
        if right < heap.count && heap[right].dueMs < heap[smallest].dueMs { smallest = right }
        if smallest == parent { break }
        heap.swapAt(parent, smallest)
        parent = smallest
      }
    }
    return first
  }

  mutating func removeAll() {
    heap.removeAll()
  }
}
