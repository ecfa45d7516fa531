// The persistent blocks the store serves, as an immutable list swapped under a lock: readers take
// the current list and query it without holding anything; the maintenance path adds and removes.
import Synchronization

/// Thread-safe: the list is replaced, never mutated in place, under a `Mutex`.
final class BlockSet: Sendable {
  private let blocks = Mutex<[Block]>([])

  /// The current blocks, oldest first.
  var current: [Block] { blocks.withLock { $0 } }

  func add(_ block: Block) {
    blocks.withLock { list in
      list.append(block)
      list.sort { $0.meta.minTimeMs < $1.meta.minTimeMs }
    }
  }

  /// Swaps `ids` for `block` in one step, so no reader sees both (or neither).
  func replace(ids: Set<String>, with block: Block) {
    blocks.withLock { list in
      list.removeAll { ids.contains($0.meta.id) }
      list.append(block)
      list.sort { $0.meta.minTimeMs < $1.meta.minTimeMs }
    }
  }

  func remove(ids: Set<String>) {
    blocks.withLock { list in list.removeAll { ids.contains($0.meta.id) } }
  }

  /// The end of the newest block's range, or nil without blocks.
  var maxTimeMs: Int64? { current.map(\.meta.maxTimeMs).max() }

  var sizeBytes: Int { current.reduce(0) { $0 + $1.sizeBytes } }
}
