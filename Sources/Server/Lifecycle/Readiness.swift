// Whether every store has opened: `/-/ready` answers from this, and it flips to not-ready again
// while the stores are closing at shutdown.
import Synchronization

/// Thread-safe: an atomic flag.
package final class Readiness: Sendable {
  private let isReadyFlag = Atomic<Bool>(false)

  package init() {}

  package var isReady: Bool { isReadyFlag.load(ordering: .acquiring) }

  package func set(_ ready: Bool) {
    isReadyFlag.store(ready, ordering: .releasing)
  }
}
