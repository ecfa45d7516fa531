// Time parameters of the Prometheus HTTP API (`start`, `end`, `time`): RFC 3339 or Unix seconds
// with an optional fraction, as Prometheus accepts them, in milliseconds.
import Foundation

enum APITime {
  /// The parameter `name` of `text` in Unix milliseconds.
  /// - Throws: `APIError` 400 naming the parameter and the accepted forms.
  static func parse(_ text: String, name: String) throws -> Int64 {
    if let seconds = Double(text), seconds.isFinite {
      return Int64((seconds * 1000).rounded())
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    formatter.formatOptions = [.withInternetDateTime]
    if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    throw APIError.badData("invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid timestamp")
  }
}
