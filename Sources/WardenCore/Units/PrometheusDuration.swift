// Durations written the way Prometheus writes them (`15s`, `1h30m`, `500ms`, `2d`), parsed and
// formatted, so configuration pasted from Prometheus reads the same here.

package enum PrometheusDuration {
  /// Milliseconds per unit, in the only order Prometheus allows units to appear.
  private static let units: [(suffix: String, milliseconds: Int64)] = [
    ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
    ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
  ]

  /// Parses `1h30m`-style text. Returns nil for anything else (empty text, unknown or repeated
  /// units, units out of order, overflow).
  package static func parse(_ text: String) -> Duration? {
    guard let ms = parseMilliseconds(text) else { return nil }
    return .milliseconds(ms)
  }

  /// Parses to whole milliseconds; `0` is accepted on its own, as Prometheus does.
  package static func parseMilliseconds(_ text: String) -> Int64? {
    if text == "0" { return 0 }
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return nil }
    var index = 0
    var total: Int64 = 0
    var nextUnit = 0
    while index < bytes.count {
      var number: Int64 = 0
      let digitsStart = index
      while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
        let (times10, o1) = number.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
        if o1 || o2 { return nil }
        number = sum
        index += 1
      }
      guard index > digitsStart, index < bytes.count else { return nil }
      // "ms" must win over "m" followed by something else.
      var matched: Int?
      for unitIndex in nextUnit..<units.count {
        let suffix = Array(units[unitIndex].suffix.utf8)
        if bytes.count - index >= suffix.count, Array(bytes[index..<index + suffix.count]) == suffix {
          if suffix == [UInt8(ascii: "m")], index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "s") {
            continue
          }
          matched = unitIndex
          index += suffix.count
          break
        }
      }
      guard let unitIndex = matched else { return nil }
      let (product, o3) = number.multipliedReportingOverflow(by: units[unitIndex].milliseconds)
      let (sum, o4) = total.addingReportingOverflow(product)
      if o3 || o4 { return nil }
      total = sum
      nextUnit = unitIndex + 1
    }
    return total
  }

  /// Formats a duration the way Prometheus prints it (`1h30m`, `0s`), to millisecond precision.
  package static func format(_ duration: Duration) -> String {
    var ms = duration.milliseconds
    if ms == 0 { return "0s" }
    var out = ms < 0 ? "-" : ""
    ms = abs(ms)
    for (suffix, size) in units where ms >= size {
      // Prometheus never prints weeks or years unless they divide evenly.
      if (suffix == "y" || suffix == "w"), ms % size != 0 { continue }
      out += "\(ms / size)\(suffix)"
      ms %= size
    }
    return out
  }
}
