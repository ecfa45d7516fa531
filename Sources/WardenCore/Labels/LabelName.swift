// The rules for label and metric names, as the Prometheus data model states them.

package enum LabelName {
  /// `[a-zA-Z_][a-zA-Z0-9_]*`
  package static func isValid(_ name: String) -> Bool {
    var isFirst = true
    for byte in name.utf8 {
      let isLetter = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
      let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
      if !(isLetter || (!isFirst && isDigit)) { return false }
      isFirst = false
    }
    return !isFirst
  }
}

package enum MetricName {
  /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
  package static func isValid(_ name: String) -> Bool {
    var isFirst = true
    for byte in name.utf8 {
      let isLetter = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
      let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
      if !(isLetter || (!isFirst && isDigit)) { return false }
      isFirst = false
    }
    return !isFirst
  }
}
