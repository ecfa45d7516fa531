// Why one delivery attempt failed and whether another attempt may pass: the value every step of
// a receiver (secret files, templates, HTTP, SMTP) fails with, turned into a `DeliveryOutcome`
// at the end of `deliver`.

/// A failed step of a delivery attempt.
package struct ReceiverFailure: Error, Sendable, Equatable {
  /// Network errors, timeouts, 5xx, 429 and SMTP 4xx replies may pass later; the rest will not.
  package var isRetryable: Bool
  package var reason: String

  static func retryable(_ reason: String) -> ReceiverFailure { ReceiverFailure(isRetryable: true, reason: reason) }
  static func permanent(_ reason: String) -> ReceiverFailure { ReceiverFailure(isRetryable: false, reason: reason) }

  var outcome: DeliveryOutcome {
    isRetryable ? .retryable(reason: reason) : .permanent(reason: reason)
  }

  /// The same failure with `context` in front ("cannot render title: ...").
  func prefixed(_ context: String) -> ReceiverFailure {
    ReceiverFailure(isRetryable: isRetryable, reason: context + ": " + reason)
  }
}

extension Result where Success == String, Failure == ReceiverFailure {
  /// The outcome of a whole attempt whose success value describes what the other side answered.
  var outcome: DeliveryOutcome {
    switch self {
    case .success(let detail): return .delivered(detail: detail)
    case .failure(let failure): return failure.outcome
    }
  }
}
