// Times in the Alertmanager API: written as Go's strfmt.DateTime writes them (RFC 3339 in UTC with
// three fraction digits, `2026-11-21T10:29:53.067Z`), read as any RFC 3339 time. Go's zero time
// (`0001-01-01T00:00:00Z`) is what Go clients send and print for "not set": read and written so.
import WardenCore

enum AlertmanagerTime {
  /// What Go writes for its zero time.
  static let zeroText = "0001-01-01T00:00:00.000Z"

  /// Unix milliseconds as the API writes them; 0 (unset) as Go's zero time.
  static func format(milliseconds: Int64) -> String {
    milliseconds == 0 ? zeroText : RFC3339.format(milliseconds: milliseconds)
  }

  /// The result of reading a time field.
  enum Parsed: Equatable {
    /// Go's zero time.
    case unset
    case milliseconds(Int64)
  }

  /// Reads an RFC 3339 time; nil when `text` is not one (or lies outside 1678-2262, the range
  /// 64-bit nanoseconds cover, other than Go's zero time).
  static func parse(_ text: String) -> Parsed? {
    if let milliseconds = RFC3339.milliseconds(text) { return .milliseconds(milliseconds) }
    if isGoZeroTime(text) { return .unset }
    return nil
  }

  /// `0001-01-01T00:00:00` with an optional all-zero fraction and a `Z` or zero offset.
  private static func isGoZeroTime(_ text: String) -> Bool {
    guard text.hasPrefix("0001-01-01T00:00:00") else { return false }
    var rest = text.dropFirst("0001-01-01T00:00:00".count)
    if rest.first == "." {
      rest = rest.dropFirst()
      let zeros = rest.prefix { $0 == "0" }
      guard !zeros.isEmpty else { return false }
      rest = rest.dropFirst(zeros.count)
    }
    return rest == "Z" || rest == "+00:00" || rest == "-00:00"
  }
}
