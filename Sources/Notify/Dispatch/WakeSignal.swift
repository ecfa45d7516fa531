// Wakes a sleeping loop early: the dispatch loop sleeps until its next flush is due and is woken
// when an alert creates an earlier one; the persistence loop is woken when there is something to
// write. A signal sent while nobody waits is kept for the next wait; spurious wake-ups are
// harmless because the loops re-check their state.
import Synchronization

/// A one-slot wake-up for one waiting loop.
///
/// Thread-safe: guarded by `state`.
final class WakeSignal: Sendable {
  private struct State {
    var pending = false
    var waiter: CheckedContinuation<Void, Never>?
  }

  private let state = Mutex(State())

  init() {}

  /// Wakes the waiter, or the next one to wait.
  func signal() {
    let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
      guard let waiter = state.waiter else {
        state.pending = true
        return nil
      }
      state.waiter = nil
      return waiter
    }
    waiter?.resume()
  }

  /// Returns after `duration`, when signalled, or when the task is cancelled, whichever is first.
  func wait(upTo duration: Duration) async {
    await withTaskGroup(of: Void.self) { group in
      group.addTask { try? await Task.sleep(for: duration) }
      group.addTask { await self.waitForSignal() }
      await group.next()
      group.cancelAll()
    }
  }

  private func waitForSignal() async {
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumeNow: Bool = state.withLock { state in
          if state.pending || Task.isCancelled {
            state.pending = false
            return true
          }
          state.waiter = continuation
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
        defer { state.waiter = nil }
        return state.waiter
      }
      waiter?.resume()
    }
  }
}
