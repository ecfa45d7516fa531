// The two line formats Warden logs in: logfmt (for people and grep) and JSON (for log shippers).
// Written here because swift-log ships only a plain stream handler with neither format.
import Logging
import WardenCore

package enum LogFormat: String, Sendable, CaseIterable {
  case logfmt, json
}

/// Renders one log event as one line in either format.
struct LogLineRenderer: Sendable {
  let format: LogFormat

  func render(
    timestamp: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
  ) -> String {
    switch format {
    case .logfmt:
      var line = "ts=\(timestamp) level=\(level.rawValue) logger=\(Self.logfmtValue(label)) msg=\(Self.logfmtValue(message))"
      for key in metadata.keys.sorted() {
        line += " \(Self.logfmtKey(key))=\(Self.logfmtValue(Self.flatten(metadata[key]!)))"
      }
      return line
    case .json:
      var line = "{\"ts\":\(Self.jsonString(timestamp)),\"level\":\(Self.jsonString(level.rawValue)),\"logger\":\(Self.jsonString(label)),\"msg\":\(Self.jsonString(message))"
      for key in metadata.keys.sorted() {
        line += ",\(Self.jsonString(key)):\(Self.jsonString(Self.flatten(metadata[key]!)))"
      }
      return line + "}"
    }
  }

  static func flatten(_ value: Logger.MetadataValue) -> String {
    switch value {
    case .string(let text): return text
    case .stringConvertible(let convertible): return convertible.description
    case .array(let values): return "[" + values.map(flatten).joined(separator: ",") + "]"
    case .dictionary(let values):
      return "{" + values.keys.sorted().map { "\($0)=\(flatten(values[$0]!))" }.joined(separator: ",") + "}"
    }
  }

  /// Keys cannot contain spaces, `=` or quotes in logfmt; replace them rather than quote.
  static func logfmtKey(_ key: String) -> String {
    String(key.map { $0 == " " || $0 == "=" || $0 == "\"" ? "_" : $0 })
  }

  static func logfmtValue(_ value: String) -> String {
    let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" || $0.isNewline || $0 == "\t" }
    guard needsQuotes else { return value }
    var out = "\""
    for character in value {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default: out.append(character)
      }
    }
    return out + "\""
  }

  static func jsonString(_ value: String) -> String {
    JSONString.quoted(value)
  }
}
