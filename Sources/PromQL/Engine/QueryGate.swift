// Bounds how many queries evaluate at once (`--query.max-concurrency`); the rest wait their turn in
// arrival order. A waiter that is cancelled, or whose query runs out of time while waiting (the
// timeout counts from arrival, as in Prometheus), leaves the line without taking a slot.
import Synchronization

package final class QueryGate: Sendable {
  package enum Admission: Sendable, Equatable {
    case admitted, cancelled, timedOut
  }

  private struct State {
    var running = 0
    var nextTicket: UInt64 = 0
    var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Admission, Never>)] = []
  }

  private let limit: Int
  private let state = Mutex(State())

  package init(limit: Int) {
    self.limit = max(limit, 1)
  }

  /// Waits for a slot until `deadline`; only `.admitted` holds one (give it back with `leave`).
  package func enter(until deadline: ContinuousClock.Instant? = nil) async -> Admission {
    let ticket = state.withLock { state -> UInt64 in
      state.nextTicket += 1
      return state.nextTicket
    }
    let timer = deadline.map { deadline in
      Task { [weak self] in
        try? await Task.sleep(until: deadline, clock: .continuous)
        if !Task.isCancelled { self?.withdraw(ticket, as: .timedOut) }
      }
    }
    defer { timer?.cancel() }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Admission, Never>) in
        // Decided under the lock: the cancellation handler takes the same lock after the task is
        // marked cancelled, so a waiter is either seen here as cancelled or found there.
        let decision = state.withLock { state -> Admission? in
          if state.running < limit && state.waiters.isEmpty {
            state.running += 1
            return .admitted
          }
          if Task.isCancelled { return .cancelled }
          if let deadline, ContinuousClock.now >= deadline { return .timedOut }
          state.waiters.append((ticket, continuation))
          return nil
        }
        if let decision { continuation.resume(returning: decision) }
      }
    } onCancel: {
      withdraw(ticket, as: .cancelled)
    }
  }

  /// Takes a waiter out of the line, if it is still in it.
  private func withdraw(_ ticket: UInt64, as outcome: Admission) {
    let removed = state.withLock { state -> CheckedContinuation<Admission, Never>? in
      guard let position = state.waiters.firstIndex(where: { $0.ticket == ticket }) else { return nil }
      return state.waiters.remove(at: position).continuation
    }
    removed?.resume(returning: outcome)
  }

  /// Gives the slot to the longest waiter, or frees it.
  package func leave() {
    let next = state.withLock { state -> CheckedContinuation<Admission, Never>? in
      if state.waiters.isEmpty {
        state.running -= 1
        return nil
      }
      return state.waiters.removeFirst().continuation
    }
    next?.resume(returning: .admitted)
  }

  /// Queries running now (for tests and stats).
  package var running: Int { state.withLock { $0.running } }
  /// Queries waiting now.
  package var waiting: Int { state.withLock { $0.waiters.count } }
}
