// Delivering one notification to one integration: attempts raced against a per-attempt timeout,
// retried with exponential backoff and jitter while the flush deadline allows, every attempt
// reported. A receiver that hangs only costs its own attempt's timeout: its task is cancelled and
// left behind, so other integrations and groups never wait for it.
import Foundation
import WardenCore

/// How deliveries are retried.
package struct RetryPolicy: Sendable {
  /// The wait after the first failure; each further wait is `multiplier` times longer.
  package var initialBackoff: Duration = .milliseconds(500)
  package var maximumBackoff: Duration = .seconds(30)
  package var multiplier = 1.5
  /// Each wait is randomised by up to this fraction either way, so receivers failing together
  /// are not retried in lockstep.
  package var jitter = 0.5
  /// The longest one attempt may take.
  package var attemptTimeout: Duration = .seconds(30)

  package init() {}

  /// The wait before attempt `attempt + 1` (after `attempt` failures), with jitter.
  func backoff(afterAttempt attempt: Int) -> Duration {
    let base = initialBackoff.seconds * pow(multiplier, Double(max(0, attempt - 1)))
    let capped = min(base, maximumBackoff.seconds)
    let factor = 1 + Double.random(in: -jitter...jitter)
    return .milliseconds(Int64(max(0, capped * factor) * 1000))
  }
}

/// One attempt's result as reported to the history.
struct DeliveryAttemptReport: Sendable {
  var attempt: Int
  var startedAtMs: Int64
  var durationMs: Int64
  var outcome: DeliveryOutcome
  /// No further attempt follows (delivered, permanent, or given up).
  var isLast: Bool
}

enum DeliveryRunner {
  /// One attempt, abandoned after `timeout`.
  static func attempt(_ receiver: any Receiver, _ notification: Notification, timeout: Duration) async -> DeliveryOutcome {
    let race = FirstResult<DeliveryOutcome>()
    let work = Task { race.offer(await receiver.deliver(notification)) }
    let timer = Task {
      do { try await Task.sleep(for: timeout) } catch { return }
      race.offer(.retryable(reason: "timed out after \(PrometheusDuration.format(timeout))"))
    }
    let outcome = await race.value(onCancel: .retryable(reason: "cancelled: the notifier is stopping"))
    work.cancel()
    timer.cancel()
    return outcome
  }

  /// Delivers with retries until delivered, refused for good, or `deadline` would pass.
  /// - Parameters:
  ///   - deadline: no attempt starts, and no wait ends, after this.
  ///   - nowMs: the wall clock, for the reports.
  ///   - report: called after every attempt.
  /// - Returns: the last attempt's outcome.
  static func deliver(
    _ receiver: any Receiver, _ notification: Notification, policy: RetryPolicy, deadline: ContinuousClock.Instant,
    nowMs: @Sendable () -> Int64, report: (DeliveryAttemptReport) -> Void
  ) async -> DeliveryOutcome {
    let clock = ContinuousClock()
    var attemptNumber = 0
    while true {
      attemptNumber += 1
      let remaining = clock.now.duration(to: deadline)
      let timeout = min(policy.attemptTimeout, max(remaining, .milliseconds(1)))
      let startedAtMs = nowMs()
      let started = clock.now
      let outcome = await attempt(receiver, notification, timeout: timeout)
      let durationMs = started.duration(to: clock.now).milliseconds
      guard case .retryable(let reason) = outcome else {
        report(DeliveryAttemptReport(attempt: attemptNumber, startedAtMs: startedAtMs, durationMs: durationMs, outcome: outcome, isLast: true))
        return outcome
      }
      let wait = policy.backoff(afterAttempt: attemptNumber)
      if Task.isCancelled || clock.now.advanced(by: wait) >= deadline {
        let why = Task.isCancelled ? "the notifier is stopping" : "no time left before the group's next flush"
        let final = DeliveryOutcome.retryable(reason: "\(reason) (gave up after \(attemptNumber) attempts: \(why))")
        report(DeliveryAttemptReport(attempt: attemptNumber, startedAtMs: startedAtMs, durationMs: durationMs, outcome: final, isLast: true))
        return final
      }
      report(DeliveryAttemptReport(attempt: attemptNumber, startedAtMs: startedAtMs, durationMs: durationMs, outcome: outcome, isLast: false))
      do {
        try await Task.sleep(for: wait)
      } catch {
        return .retryable(reason: "\(reason) (gave up after \(attemptNumber) attempts: the notifier is stopping)")
      }
    }
  }
}
