// A value computed on first use and then kept, for facts that do not change while the process
// runs (the kernel's clock source devices, the boot time).

import Synchronization

/// Holds a value computed by the first caller that needs it.
///
/// Thread-safe: the value is guarded by a `Mutex`. Concurrent first callers may each compute it
/// (outside the lock); the first to finish stores it and the others adopt the stored value.
final class Memo<Value: Sendable>: Sendable {
  private let stored = Mutex<Value?>(nil)

  init() {}

  /// The stored value, or the result of `make` stored for next time. A nil from `make` is not
  /// stored, so a later call tries again.
  func value(_ make: () -> Value?) -> Value? {
    if let value = stored.withLock({ $0 }) { return value }
    guard let made = make() else { return nil }
    return stored.withLock { current in
      if let current { return current }
      current = made
      return made
    }
  }
}
