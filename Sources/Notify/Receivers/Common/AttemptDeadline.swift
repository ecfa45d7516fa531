// Bounds one delivery attempt in time: the work runs in a child task and a timer races it, so a
// peer that accepts a connection and never answers costs at most the receiver's timeout.
import WardenCore

enum AttemptDeadline {
  /// Runs `work`, or gives a retryable failure naming `what` once `timeout` has passed (the work
  /// is cancelled then).
  static func run<T: Sendable>(
    _ timeout: Duration, what: String, _ work: @escaping @Sendable () async -> Result<T, ReceiverFailure>
  ) async -> Result<T, ReceiverFailure> {
    await withTaskGroup(of: Result<T, ReceiverFailure>?.self) { group in
      group.addTask { await work() }
      group.addTask {
        // A cancelled sleep means the work finished first; nil tells the loop to ignore it.
        do { try await Task.sleep(for: timeout) } catch { return nil }
        return .failure(.retryable("\(what) timed out after \(ReceiverTimeout.describe(timeout))"))
      }
      var result: Result<T, ReceiverFailure> = .failure(.retryable("\(what) was cancelled"))
      for await finished in group {
        if let finished {
          result = finished
          break
        }
      }
      group.cancelAll()
      return result
    }
  }
}

/// The per-receiver `timeout` every integration accepts (Warden's addition; the webhook's is
/// Alertmanager's own key). Zero or absent means the default.
enum ReceiverTimeout {
  static let defaultTimeout = Duration.seconds(10)

  static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key, decoder: any Decoder) throws -> Duration {
    guard let value = try container.decodeIfPresent(ConfigDuration.self, forKey: key)?.duration else { return defaultTimeout }
    if value < .zero { throw ReceiverConfigProblem.at(decoder, "timeout must not be negative") }
    return value == .zero ? defaultTimeout : value
  }

  static func describe(_ duration: Duration) -> String { PrometheusDuration.format(duration) }
}
