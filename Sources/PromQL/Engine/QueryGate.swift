// Bounds how many queries evaluate at once (`--query.max-concurrency`); the rest wait their turn in
// arrival order. A waiter that is cancelled leaves the line without taking a slot.
import Synchronization

final class QueryGate: Sendable {
  private struct State {
    var running = 0
    var nextTicket: UInt64 = 0
    var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
  }

  private let limit: Int
  private let state = Mutex(State())

  init(limit: Int) {
    self.limit = max(limit, 1)
  }

  /// Waits for a slot; false when the task was cancelled while waiting.
  func enter() async -> Bool {
    let ticket = state.withLock { state -> UInt64 in
      state.nextTicket += 1
      return state.nextTicket
    }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let admitted = state.withLock { state -> Bool in
          if state.running < limit && state.waiters.isEmpty {
            state.running += 1
            return true
          }
          state.waiters.append((ticket, continuation))
          return false
        }
        if admitted { continuation.resume(returning: true) }
      }
    } onCancel: {
      let removed = state.withLock { state -> CheckedContinuation<Bool, Never>? in
        guard let position = state.waiters.firstIndex(where: { $0.ticket == ticket }) else { return nil }
        return state.waiters.remove(at: position).continuation
      }
      removed?.resume(returning: false)
    }
  }

  /// Gives the slot to the longest waiter, or frees it.
  func leave() {
    let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
      if state.waiters.isEmpty {
        state.running -= 1
        return nil
      }
      return state.waiters.removeFirst().continuation
    }
    next?.resume(returning: true)
  }

  /// Queries running now (for tests and stats).
  var running: Int { state.withLock { $0.running } }
  /// Queries waiting now.
  var waiting: Int { state.withLock { $0.waiters.count } }
}
