// Go's time.Duration.String(): `1h2m3.5s`, `150ms`, `1.5µs`, `0s`. Hours are the largest unit
// because days vary in length; below one second the smallest fitting unit is used.

package enum GoDuration {
  /// The text Go prints for a duration of `nanoseconds`.
  package static func string(_ nanoseconds: Int64) -> String {
    if nanoseconds == 0 { return "0s" }
    let negative = nanoseconds < 0
    let magnitude = nanoseconds.magnitude
    var text: String
    if magnitude < 1_000_000_000 {
      let (unit, scale, fractionDigits): (String, UInt64, Int) =
        switch magnitude {
        case ..<1_000: ("ns", 1, 0)
        case ..<1_000_000: ("µs", 1_000, 3)
        default: ("ms", 1_000_000, 6)
        }
      text = String(magnitude / scale) + fraction(magnitude % scale, digits: fractionDigits) + unit
    } else {
      let seconds = magnitude / 1_000_000_000
      text = String(seconds % 60) + fraction(magnitude % 1_000_000_000, digits: 9) + "s"
      let minutes = seconds / 60
      if minutes > 0 {
        text = String(minutes % 60) + "m" + text
        let hours = minutes / 60
        if hours > 0 { text = String(hours) + "h" + text }
      }
    }
    return negative ? "-" + text : text
  }

  /// `.5`-style fraction of `value / 10^digits` without trailing zeros; empty when zero.
  private static func fraction(_ value: UInt64, digits: Int) -> String {
    guard value > 0, digits > 0 else { return "" }
    var text = String(value)
    text = String(repeating: "0", count: digits - text.count) + text
    while text.last == "0" { text.removeLast() }
    return "." + text
  }
}
