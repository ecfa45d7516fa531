// Grafana's colour names and unit ids in Warden's terms. Colours map onto the colour-blind-safe
// palette the UI draws with (web/js/util.js PALETTE, Okabe-Ito), so imported thresholds stay
// distinguishable; explicit hex colours are kept as written.
import Foundation

enum GrafanaStyle {
  static let green = "#009E73"
  static let red = "#D55E00"
  static let orange = "#E69F00"
  static let yellow = "#F0E442"
  static let blue = "#0072B2"
  static let skyBlue = "#56B4E9"
  static let purple = "#CC79A7"
  static let grey = "#999999"

  /// The palette colour for a Grafana colour: a name ("green", "dark-red", "semi-dark-orange"),
  /// `#hex`, or `rgb(a)(...)`. Unknown names become grey.
  static func color(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if DashboardValidator.isValidColor(trimmed) { return trimmed }
    if let rgb = rgbHex(trimmed) { return rgb }
    var name = trimmed.lowercased()
    for prefix in ["super-light-", "semi-dark-", "light-", "dark-"] where name.hasPrefix(prefix) {
      name.removeFirst(prefix.count)
      break
    }
    switch name {
    case "green": return green
    case "red": return red
    case "orange": return orange
    case "yellow": return yellow
    case "blue": return blue
    case "purple": return purple
    default: return grey
    }
  }

  /// `rgb(1, 2, 3)` or `rgba(1, 2, 3, 0.5)` as `#010203` (opacity dropped: bands have their own).
  private static func rgbHex(_ text: String) -> String? {
    let lower = text.lowercased()
    guard lower.hasPrefix("rgb"), let open = lower.firstIndex(of: "("), let close = lower.lastIndex(of: ")"), open < close else {
      return nil
    }
    let parts = lower[lower.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count >= 3 else { return nil }
    var hex = "#"
    for part in parts.prefix(3) {
      guard let value = Double(part), value >= 0, value <= 255 else { return nil }
      let byte = String(Int(value), radix: 16, uppercase: true)
      hex += byte.count == 1 ? "0" + byte : byte
    }
    return hex
  }

  /// Warden's unit for a Grafana unit id; ids the UI formats are kept, close relatives mapped,
  /// and anything else kept as written (shown as a plain number).
  static func unit(_ id: String) -> String {
    switch id {
    case "binBps", "KBs", "Bps": return "Bps"
    case "binbps", "bps", "Kbits": return "bps"
    case "decbits", "bits": return "bits"
    case "dtdurations", "s", "seconds": return "s"
    case "dtdurationms", "ms": return "ms"
    case "iops", "ops", "opm": return id == "opm" ? "short" : "ops"
    case "rps", "reqps": return "reqps"
    case "percent", "percentunit", "bytes", "decbytes", "short", "none": return id
    default: return GrafanaConverter.text(.string(id), limit: 64)
    }
  }
}
