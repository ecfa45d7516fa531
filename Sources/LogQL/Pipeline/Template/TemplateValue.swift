// The values a LogQL template computes with: label values are strings, math functions give
// integers or floats, comparisons give booleans, time functions give instants. Conversions follow
// the Go helpers Loki's functions use (a string that is not a number counts as 0, as spf13/cast
// converts), and printing follows Go's `%v`.
import GoTemplate
import PromQL

enum TemplateValue: Sendable, Equatable {
  case string(String)
  case int(Int64)
  case float(Double)
  case bool(Bool)
  /// An instant, printed in UTC.
  case time(GoInstant)
  case null

  /// Go's `%v`.
  var text: String {
    switch self {
    case .string(let text): text
    case .int(let value): String(value)
    case .float(let value): GoFormat.general(value)
    case .bool(let value): value ? "true" : "false"
    case .time(let instant): GoTime.defaultFormat(instant)
    case .null: "<no value>"
    }
  }

  /// Go template truth: false, 0, "" and nil are false.
  var isTruthy: Bool {
    switch self {
    case .string(let text): !text.isEmpty
    case .int(let value): value != 0
    case .float(let value): value != 0
    case .bool(let value): value
    case .time: true
    case .null: false
    }
  }

  /// cast.ToInt64: strings parse as integers (a `.0` tail allowed, `0x` prefixes honoured), floats
  /// truncate, anything unreadable is 0.
  var int64: Int64 {
    switch self {
    case .int(let value): return value
    case .float(let value): return value.isFinite && Swift.abs(value) < 9.2e18 ? Int64(value) : 0
    case .bool(let value): return value ? 1 : 0
    case .time(let instant): return instant.seconds
    case .null: return 0
    case .string(var text):
      text = text.trimmingSpaces
      if let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) {
        text = String(text[..<dot])
      }
      if let value = Int64(text) { return value }
      let negative = text.hasPrefix("-")
      let unsigned = negative || text.hasPrefix("+") ? String(text.dropFirst()) : text
      for (prefix, radix) in [("0x", 16), ("0X", 16), ("0b", 2), ("0B", 2), ("0o", 8), ("0O", 8)] where unsigned.hasPrefix(prefix) {
        guard let value = Int64(unsigned.dropFirst(2), radix: radix) else { return 0 }
        return negative ? -value : value
      }
      if unsigned.count > 1, unsigned.hasPrefix("0"), let value = Int64(unsigned, radix: 8) { return negative ? -value : value }
      return 0
    }
  }

  /// cast.ToFloat64: strings parse as floats, unreadable is 0.
  var float64: Double {
    switch self {
    case .int(let value): Double(value)
    case .float(let value): value
    case .bool(let value): value ? 1 : 0
    case .time(let instant): Double(instant.seconds)
    case .null: 0
    case .string(let text): LabelValueConversion.number(text.trimmingSpaces) ?? 0
    }
  }

  var isNumber: Bool {
    switch self {
    case .int, .float: true
    default: false
    }
  }

  /// Go's type name, for printf's `%!d(string=x)` complaints.
  var goTypeName: String {
    switch self {
    case .string: "string"
    case .int: "int64"
    case .float: "float64"
    case .bool: "bool"
    case .time: "time.Time"
    case .null: "<nil>"
    }
  }
}

/// An error while running a template on one line; the line gets `__error__="TemplateFormatErr"`.
struct TemplateError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
