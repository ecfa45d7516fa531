// Foundation's JSON decoding errors turned into one line that says where in the body the problem
// is (`0.labels.severity`, as Alertmanager names fields) and what it is.
import Foundation

enum AlertmanagerJSONErrors {
  /// `what` is the body's name in the message ("alerts", "silence").
  static func describe(_ error: any Error, what: String) -> String {
    guard let decodingError = error as? DecodingError else {
      return "parsing \(what) body failed: \(error)"
    }
    switch decodingError {
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "parsing \(what) body failed: \(location(context.codingPath))\(context.debugDescription)"
    case .keyNotFound(let key, let context):
      return "\(path(context.codingPath + [key])) in body is required"
    case .dataCorrupted(let context):
      var message = "parsing \(what) body failed: \(location(context.codingPath))\(context.debugDescription)"
      if let underlying = context.underlyingError {
        message += " (\(describeUnderlying(underlying)))"
      }
      return message
    @unknown default:
      return "parsing \(what) body failed: \(decodingError)"
    }
  }

  /// `0.labels.severity`
  static func path(_ codingPath: [any CodingKey]) -> String {
    codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
  }

  private static func location(_ codingPath: [any CodingKey]) -> String {
    codingPath.isEmpty ? "" : "\(path(codingPath)): "
  }

  private static func describeUnderlying(_ error: any Error) -> String {
    let text = "\(error)"
    // Foundation's syntax errors print their position in `debugDescription`; keep the line short.
    return text.count > 300 ? String(text.prefix(300)) + "..." : text
  }
}
