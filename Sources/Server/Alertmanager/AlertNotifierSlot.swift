// Where the running notifier is found. The notifier needs the catalog, which opens after the
// routes are registered, so the routes (and the rule engine's sender) reach it through this slot,
// filled by AlertNotifierService once the notifier has loaded its state.
package import Notify
import Synchronization

/// Thread-safe: the reference sits behind a `Mutex`; the notifier itself is thread-safe.
package final class AlertNotifierSlot: Sendable {
  private let current = Mutex<AlertNotifier?>(nil)

  package init() {}

  /// The running notifier; nil while the server starts and after it stops.
  package var notifier: AlertNotifier? { current.withLock { $0 } }

  func set(_ notifier: AlertNotifier?) {
    current.withLock { $0 = notifier }
  }

  /// The notifier, waiting up to `timeout` while the server is still starting (a client that
  /// asks just after readiness gets an answer rather than a 503).
  /// - Throws: `AlertmanagerAPIError` 503 when it is not running.
  func require(timeout: Duration = .seconds(10)) async throws(AlertmanagerAPIError) -> AlertNotifier {
    let deadline = ContinuousClock.now + timeout
    while true {
      if let notifier { return notifier }
      guard ContinuousClock.now < deadline, !Task.isCancelled else { break }
      try? await Task.sleep(for: .milliseconds(20))
    }
    throw .unavailable("the notifier is not running (the server is starting or stopping)")
  }
}
