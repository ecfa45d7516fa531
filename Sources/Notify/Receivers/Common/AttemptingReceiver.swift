// The shape most receivers share: one attempt that returns what the service answered or throws a
// classified failure; `deliver` turns that into the outcome the dispatcher records.

/// A receiver written as one throwing attempt.
protocol AttemptingReceiver: Receiver {
  /// Makes one attempt; returns the service's answer ("HTTP 200", "250 2.0.0 Ok").
  func attempt(_ notification: Notification) async throws(ReceiverFailure) -> String
}

extension AttemptingReceiver {
  func deliver(_ notification: Notification) async -> DeliveryOutcome {
    do {
      return .delivered(detail: try await attempt(notification))
    } catch {
      return error.outcome
    }
  }
}
