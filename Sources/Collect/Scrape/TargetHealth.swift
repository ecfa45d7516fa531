// One target's scrape health as /api/v1/targets reports it, updated by its scrape loop after
// every scrape and read by the API at any time.
import Synchronization

package struct TargetHealth: Sendable, Equatable {
  package enum State: String, Sendable {
    case unknown, up, down
  }

  package var state = State.unknown
  package var lastError = ""
  /// Wall-clock time of the last scrape's start, in Unix milliseconds; 0 before the first.
  package var lastScrapeMs: Int64 = 0
  package var lastScrapeDuration: Duration = .zero
  package var samplesScraped = 0

  package init() {}
}

/// Shared between a scrape loop (writer) and API readers.
package final class TargetHealthCell: Sendable {
  private let value = Mutex(TargetHealth())

  package init() {}

  package var current: TargetHealth { value.withLock { $0 } }

  func update(_ body: (inout TargetHealth) -> Void) {
    value.withLock { body(&$0) }
  }
}
