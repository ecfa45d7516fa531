// The result of translating one OTLP metrics request: the samples to store, and what was left out
// and why, for the response's partial_success and the rejection counters.
package import WardenCore

/// Samples plus an account of the data points that could not be translated.
package struct OTLPTranslation: Sendable {
  package var batch = SampleBatch()
  /// Data points (not samples) rejected, as OTLP's `rejected_data_points` counts them.
  package var rejectedDataPoints = 0
  /// Rejected data points by reason ("invalid_histogram", "delta_series_limit").
  package var rejectionsByReason: [String: Int] = [:]
  /// The first few problems, each naming where it is in the request.
  package var problems: [String] = []
  /// How many problems were not kept in `problems`.
  package var unreportedProblems = 0

  package init() {}

  /// One line for the sender, or "" when nothing was rejected.
  package var errorMessage: String {
    guard !problems.isEmpty else { return "" }
    var message = problems.joined(separator: "; ")
    if unreportedProblems > 0 { message += "; and \(unreportedProblems) more" }
    return message
  }

  mutating func reject(points: Int, reason: String, message: @autoclosure () -> String, maxReported: Int) {
    rejectedDataPoints += points
    rejectionsByReason[reason, default: 0] += points
    if problems.count < maxReported { problems.append(message()) } else { unreportedProblems += 1 }
  }
}
