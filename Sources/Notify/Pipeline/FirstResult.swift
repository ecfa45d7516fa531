// A one-shot meeting point for racing tasks: the first value offered wins and resumes the one
// waiter; later offers are dropped. Lets a delivery attempt give up on a receiver that hangs
// (even one that ignores cancellation) without waiting for it.
import Synchronization

/// The first of several concurrently offered values.
///
/// Thread-safe: guarded by `state`.
final class FirstResult<Value: Sendable>: Sendable {
  private struct State {
    var continuation: CheckedContinuation<Value, Never>?
    var early: Value?
    var finished = false
  }

  private let state = Mutex(State())

  init() {}

  /// Offers a value; the first offer wins.
  func offer(_ value: Value) {
    let continuation: CheckedContinuation<Value, Never>? = state.withLock { state in
      guard !state.finished else { return nil }
      state.finished = true
      guard let waiting = state.continuation else {
        // Offered before anyone waits (a cancellation handler that ran first): keep it.
        state.early = value
        return nil
      }
      state.continuation = nil
      return waiting
    }
    continuation?.resume(returning: value)
  }

  /// Waits for the first offer; if the calling task is cancelled, `onCancel` is offered.
  func value(onCancel: @autoclosure @escaping @Sendable () -> Value) async -> Value {
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
        let early: Value? = state.withLock { state in
          if state.finished, let early = state.early {
            state.early = nil
            return early
          }
          state.continuation = continuation
          return nil
        }
        if let early { continuation.resume(returning: early) }
      }
    } onCancel: {
      offer(onCancel())
    }
  }
}
