// Groups of small items for the worker pools of backup, restore and check: consecutive items
// until a count or a byte total is reached, so thousands of tiny files are not a thread hand-off
// each; and the bounded pool that runs such groups on at most `workers` threads at once.
import Dispatch

enum WorkBatches {
  /// Consecutive index ranges of `sizes`, each at most `maxCount` items and closed once it holds
  /// `maxBytes` or more.
  static func ranges(_ sizes: [UInt64], maxCount: Int, maxBytes: UInt64) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var start = 0
    while start < sizes.count {
      var end = start
      var bytes: UInt64 = 0
      while end < sizes.count, end - start < maxCount, bytes < maxBytes {
        bytes += sizes[end]
        end += 1
      }
      out.append(start..<end)
      start = end
    }
    return out
  }

  /// Runs `body` for every job on the global queue, at most `gate`'s count at once; the caller
  /// waits at `gate` when all workers are busy, and on `group` for the end.
  static func dispatch(
    _ jobs: Int, gate: DispatchSemaphore, group: DispatchGroup, _ body: @escaping @Sendable (Int) -> Void
  ) {
    let queue = DispatchQueue.global(qos: .userInitiated)
    for job in 0..<jobs {
      gate.wait()
      queue.async(group: group) {
        body(job)
        gate.signal()
      }
    }
  }

  /// `dispatch` and wait for all of it.
  static func run(_ jobs: Int, workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    dispatch(jobs, gate: DispatchSemaphore(value: max(1, workers)), group: group, body)
    group.wait()
  }
}
