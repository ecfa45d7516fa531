// A string as a JSON string literal, for the few places that write JSON by hand on hot or
// dependency-free paths (log lines, OTLP's JSON answers) instead of through an Encoder.
package enum JSONString {
  /// `value` quoted and escaped per RFC 8259 (control characters as \u00XX).
  package static func quoted(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
