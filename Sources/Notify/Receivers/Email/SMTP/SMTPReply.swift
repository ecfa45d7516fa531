// An SMTP server reply (RFC 5321 §4.2): a three-digit code and one or more text lines
// ("250-first", "250 last"), and how a reply that is not the expected one fails an attempt:
// 4xx may pass later, 5xx will not.
import Foundation

/// One complete reply.
struct SMTPReply: Sendable, Equatable {
  var code: Int
  var lines: [String]

  var text: String { lines.joined(separator: " ") }
  /// "250 2.0.0 Ok: queued", for outcome details.
  var summary: String { "\(code) \(lines.last ?? "")".trimmingCharacters(in: .whitespaces) }

  var isPositive: Bool { (200..<400).contains(code) }

  /// The reply as a failure of `step`.
  func failure(_ step: String) -> ReceiverFailure {
    let reason = "SMTP server refused \(step): \(code) \(text)"
    return (400..<500).contains(code) ? .retryable(reason) : .permanent(reason)
  }

  /// Succeeds for `expected` codes, fails otherwise.
  func expect(_ expected: Set<Int>, _ step: String) throws(ReceiverFailure) {
    guard expected.contains(code) else { throw failure(step) }
  }
}
