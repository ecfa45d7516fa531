// An OTLP `AnyValue` as the logs decoders read it (from protobuf or OTLP/JSON), and its text
// forms: what Loki stores for a non-string body or attribute value (the OpenTelemetry
// collector's AsString: numbers and booleans printed, bytes as base64, arrays and maps as JSON
// with map keys sorted), and the flattening of nested maps into `outer_inner` names.

import WardenCore

/// A decoded attribute or body value.
indirect enum OTLPLogValue: Equatable {
  case empty
  case string(String)
  case bool(Bool)
  case int(Int64)
  case double(Double)
  /// Bytes, kept as their standard base64 text (the only form they are ever shown in).
  case base64(String)
  case array([OTLPLogValue])
  case map([(key: String, value: OTLPLogValue)])

  static func == (lhs: OTLPLogValue, rhs: OTLPLogValue) -> Bool {
    switch (lhs, rhs) {
    case (.empty, .empty): true
    case (.string(let a), .string(let b)), (.base64(let a), .base64(let b)): a == b
    case (.bool(let a), .bool(let b)): a == b
    case (.int(let a), .int(let b)): a == b
    case (.double(let a), .double(let b)): a == b || (a.isNaN && b.isNaN)
    case (.array(let a), .array(let b)): a == b
    case (.map(let a), .map(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: false
    }
  }

  /// The value as text, the way Loki stores a non-string body or attribute.
  var text: String {
    switch self {
    case .empty: ""
    case .string(let text), .base64(let text): text
    case .bool(let value): value ? "true" : "false"
    case .int(let value): String(value)
    case .double(let value): Self.format(value)
    case .array, .map:
      json
    }
  }

  /// Compact JSON (map keys sorted, as Go's encoder writes maps).
  var json: String {
    var out = ""
    appendJSON(to: &out)
    return out
  }

  private func appendJSON(to out: inout String) {
    switch self {
    case .empty: out += "null"
    case .string(let text), .base64(let text): out += JSONString.quoted(text)
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .double(let value): out += value.isFinite ? Self.format(value) : JSONString.quoted(Self.format(value))
    case .array(let values):
      out += "["
      for (index, value) in values.enumerated() {
        if index > 0 { out += "," }
        value.appendJSON(to: &out)
      }
      out += "]"
    case .map(let pairs):
      out += "{"
      for (index, pair) in pairs.sorted(by: { $0.key < $1.key }).enumerated() {
        if index > 0 { out += "," }
        out += JSONString.quoted(pair.key)
        out += ":"
        pair.value.appendJSON(to: &out)
      }
      out += "}"
    }
  }

  /// Shortest decimal without an exponent for ordinary magnitudes, like Go's `FormatFloat(v, 'f', -1)`
  /// for the values senders use; NaN and infinities spelled as Go spells them.
  static func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }

  /// Appends `name=value` fields for this value: maps flattened into `name_key` (recursively),
  /// everything else as its text. Names are sanitized by the caller's `name` rule.
  func flatten(into fields: inout [LogField], name: String, depth: Int = 0) {
    if case .map(let pairs) = self, depth < 16 {
      for pair in pairs {
        pair.value.flatten(into: &fields, name: name + "_" + OTLPLogNames.sanitize(pair.key), depth: depth + 1)
      }
    } else {
      fields.append(LogField(name, text))
    }
  }
}

/// Attribute names as Loki stores them.
enum OTLPLogNames {
  /// Every character but `[A-Za-z0-9_]` replaced by `_`; a leading digit gets a `_` in front.
  static func sanitize(_ key: String) -> String {
    var needsWork = key.isEmpty
    for byte in key.utf8 where !isNameByte(byte) {
      needsWork = true
      break
    }
    if let first = key.utf8.first, first &- UInt8(ascii: "0") < 10 { needsWork = true }
    guard needsWork else { return key }
    var out = ""
    if let first = key.unicodeScalars.first, first.isASCII, first.value &- 48 < 10 { out = "_" }
    for scalar in key.unicodeScalars {
      out.unicodeScalars.append(scalar.isASCII && isNameByte(UInt8(scalar.value)) ? scalar : "_")
    }
    return out.isEmpty ? "_" : out
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    let lower = byte | 0x20
    return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte &- UInt8(ascii: "0")) < 10 || byte == UInt8(ascii: "_")
  }

  /// Lowercase hex of trace and span ids.
  static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Standard base64 with padding (bytes values).
  static func base64(_ bytes: UnsafeRawBufferPointer) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let remaining = bytes.count - index
      let b0 = UInt32(bytes[index])
      let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
      let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
      let group = b0 << 16 | b1 << 8 | b2
      out.append(alphabet[Int(group >> 18 & 63)])
      out.append(alphabet[Int(group >> 12 & 63)])
      out.append(remaining > 1 ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
      out.append(remaining > 2 ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}
