// A one-way stop flag that an evaluation loop can sleep against: the sleep ends at its deadline,
// when the flag is raised (a reload removed or replaced the group), or when the task is
// cancelled (shutdown), whichever comes first.
import Synchronization

final class StopSignal: Sendable {
  private struct State {
    var isStopped = false
    var nextID: UInt64 = 0
    var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    /// Waiters cancelled before they registered.
    var cancelled: Set<UInt64> = []
  }

  private let state = Mutex(State())

  var isStopped: Bool { state.withLock { $0.isStopped } }

  /// Raises the flag and wakes every sleeper.
  func stop() {
    let waiters = state.withLock { state in
      state.isStopped = true
      defer { state.waiters.removeAll() }
      return Array(state.waiters.values)
    }
    for waiter in waiters { waiter.resume() }
  }

  /// Sleeps for `duration`; true when it ran its course, false when stopped or cancelled.
  func sleep(for duration: Duration) async -> Bool {
    if isStopped || Task.isCancelled { return false }
    let completed = await withTaskGroup(of: Bool.self) { group in
      group.addTask {
        do {
          try await Task.sleep(for: duration)
          return true
        } catch {
          return false
        }
      }
      group.addTask {
        await self.waitUntilStopped()
        return false
      }
      let first = await group.next() ?? false
      group.cancelAll()
      return first
    }
    return completed && !isStopped && !Task.isCancelled
  }

  private func waitUntilStopped() async {
    let id = state.withLock { state -> UInt64 in
      state.nextID += 1
      return state.nextID
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumeNow = state.withLock { state -> Bool in
          if state.isStopped || state.cancelled.remove(id) != nil { return true }
          state.waiters[id] = continuation
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
        if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
        state.cancelled.insert(id)
        return nil
      }
      waiter?.resume()
    }
  }
}
