// Values of LogQL's literal tokens and their canonical spelling: durations as Loki reads them
// (Prometheus's `1h30m`/`2d` first, then Go's `1.5s`/`100us`), byte sizes with the units Loki's
// `humanize.ParseBytes` accepts (`KB` = 1000, `KiB` = 1024, case-insensitive), and numbers. The
// printers produce text these parsers read back to the same value, which the round trip needs.
import PromQL
import WardenCore

enum LogQLLiterals {
  /// A finite number, or nil.
  static func number(_ text: String) -> Double? {
    guard let value = Double(text), value.isFinite else { return nil }
    return value
  }

  // MARK: Durations

  /// Nanoseconds of a Prometheus-style or Go-style duration, or nil (also on overflow).
  static func durationNanoseconds(_ text: String) -> Int64? {
    if let ms = PrometheusDuration.parseMilliseconds(text) {
      let (ns, overflow) = ms.multipliedReportingOverflow(by: 1_000_000)
      return overflow ? nil : ns
    }
    return goDurationNanoseconds(text)
  }

  private static let goUnits: [(suffix: [UInt8], nanoseconds: Int64)] = [
    (Array("ns".utf8), 1), (Array("us".utf8), 1_000), (Array("µs".utf8), 1_000), (Array("μs".utf8), 1_000),
    (Array("ms".utf8), 1_000_000), (Array("s".utf8), 1_000_000_000), (Array("m".utf8), 60_000_000_000),
    (Array("h".utf8), 3_600_000_000_000),
  ]

  /// Go's `time.ParseDuration` without the sign (the parser reads `-` as its own token):
  /// `1.5h`, `300ms`, `2h45m`, `100us`.
  static func goDurationNanoseconds(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    if bytes == Array("0".utf8) { return 0 }
    guard !bytes.isEmpty else { return nil }
    var index = 0
    var total: Int64 = 0
    while index < bytes.count {
      var whole: Int64 = 0
      var digitCount = 0
      while index < bytes.count, let digit = decimalDigit(bytes[index]) {
        let (times10, o1) = whole.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(digit)
        if o1 || o2 { return nil }
        whole = sum
        index += 1
        digitCount += 1
      }
      var fraction: Int64 = 0
      var scale: Int64 = 1
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        while index < bytes.count, let digit = decimalDigit(bytes[index]) {
          // Digits past what an Int64 can scale add nothing measurable.
          if scale < 1_000_000_000_000_000_000 / 10 {
            fraction = fraction * 10 + digit
            scale *= 10
          }
          index += 1
          digitCount += 1
        }
      }
      guard digitCount > 0 else { return nil }
      guard let (unitLength, unit) = goUnit(bytes, at: index) else { return nil }
      index += unitLength
      let (wholeNs, o3) = whole.multipliedReportingOverflow(by: unit)
      let fractionNs: Int64
      if unit % scale == 0 {
        fractionNs = fraction * (unit / scale)
      } else {
        let (product, overflow) = fraction.multipliedReportingOverflow(by: unit)
        fractionNs = overflow ? Int64(Double(fraction) * Double(unit) / Double(scale)) : product / scale
      }
      let (sum1, o4) = total.addingReportingOverflow(wholeNs)
      let (sum2, o5) = sum1.addingReportingOverflow(fractionNs)
      if o3 || o4 || o5 { return nil }
      total = sum2
    }
    return total
  }

  /// The longest Go unit at `index`, as (its length in bytes, nanoseconds).
  private static func goUnit(_ bytes: [UInt8], at index: Int) -> (Int, Int64)? {
    var best: (Int, Int64)?
    for (suffix, ns) in goUnits where bytes.count - index >= suffix.count {
      if Array(bytes[index..<index + suffix.count]) == suffix, suffix.count > (best?.0 ?? 0) {
        best = (suffix.count, ns)
      }
    }
    return best
  }

  private static func decimalDigit(_ byte: UInt8) -> Int64? {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte - UInt8(ascii: "0")) : nil
  }

  /// A duration as Loki users write it: Prometheus style (`5m`, `1h30m`, `250ms`) when it is
  /// whole milliseconds, Go style (`1.5us`, `2.000000001s`) otherwise. A leading `-` when negative.
  static func formatDuration(nanoseconds ns: Int64) -> String {
    if ns == 0 { return "0s" }
    if ns == .min { return "-" + formatGoDuration(magnitude: UInt64(Int64.max) + 1) }
    let sign = ns < 0 ? "-" : ""
    let magnitude = ns.magnitude
    if magnitude % 1_000_000 == 0 {
      return sign + PrometheusDuration.format(.milliseconds(Int64(magnitude / 1_000_000)))
    }
    return sign + formatGoDuration(magnitude: magnitude)
  }

  /// Go's `time.Duration.String()` for a positive value, with `us` for microseconds.
  private static func formatGoDuration(magnitude: UInt64) -> String {
    func decimal(_ value: UInt64, unit: UInt64) -> String {
      let whole = value / unit
      var fraction = String(value % unit)
      let width = String(unit).count - 1
      if fraction == "0" { return String(whole) }
      fraction = String(repeating: "0", count: width - fraction.count) + fraction
      while fraction.hasSuffix("0") { fraction.removeLast() }
      return "\(whole).\(fraction)"
    }
    if magnitude < 1_000 { return "\(magnitude)ns" }
    if magnitude < 1_000_000 { return decimal(magnitude, unit: 1_000) + "us" }
    if magnitude < 1_000_000_000 { return decimal(magnitude, unit: 1_000_000) + "ms" }
    let hours = magnitude / 3_600_000_000_000
    let minutes = magnitude / 60_000_000_000 % 60
    let seconds = decimal(magnitude % 60_000_000_000, unit: 1_000_000_000)
    if hours > 0 { return "\(hours)h\(minutes)m\(seconds)s" }
    if minutes > 0 { return "\(minutes)m\(seconds)s" }
    return "\(seconds)s"
  }

  // MARK: Byte sizes

  private static let byteUnits: [String: Double] = {
    var table: [String: Double] = ["b": 1]
    var decimal: Double = 1
    var binary: Double = 1
    for prefix in ["k", "m", "g", "t", "p"] {
      decimal *= 1000
      binary *= 1024
      table[prefix] = decimal
      table[prefix + "b"] = decimal
      table[prefix + "i"] = binary
      table[prefix + "ib"] = binary
    }
    return table
  }()

  /// Bytes of a size such as `2KB`, `1.5MiB`, `512B`, or nil. The unit is required and, as in
  /// Loki's lexer, spelled with the letters `B i k K M G T P` only (so `5m` stays a duration);
  /// fractions of a byte are dropped, as Loki does.
  static func byteCount(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    var unitStart = bytes.count
    while unitStart > 0, bytes[unitStart - 1] | 0x20 >= UInt8(ascii: "a"), bytes[unitStart - 1] | 0x20 <= UInt8(ascii: "z") {
      unitStart -= 1
    }
    guard unitStart > 0, unitStart < bytes.count, bytes[unitStart...].allSatisfy({ Array("BikKMGTP".utf8).contains($0) }) else {
      return nil
    }
    let numberText = String(decoding: bytes[..<unitStart], as: UTF8.self)
    let unitText = String(decoding: bytes[unitStart...], as: UTF8.self).lowercased()
    guard let multiplier = byteUnits[unitText], numberText.utf8.allSatisfy({ isNumberByte($0) }),
      let number = Double(numberText), number.isFinite
    else { return nil }
    let value = (number * multiplier).rounded(.down)
    guard value.isFinite, value < 18_446_744_073_709_551_616 else { return nil }
    return value
  }

  private static func isNumberByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+")
      || byte == UInt8(ascii: "-") || byte | 0x20 == UInt8(ascii: "e")
  }

  /// The shortest of `N` + a unit that reads back to exactly `bytes` (`2KB`, `3KiB`, `1500B`).
  static func formatBytes(_ bytes: Double) -> String {
    guard bytes >= 0, bytes < 9_007_199_254_740_992, bytes == bytes.rounded() else {
      return GoFormat.general(bytes) + "B"
    }
    let count = UInt64(bytes)
    var best = "\(count)B"
    guard count > 0 else { return best }
    let units: [(String, UInt64)] = [
      ("KB", 1000), ("KiB", 1024), ("MB", 1_000_000), ("MiB", 1 << 20), ("GB", 1_000_000_000), ("GiB", 1 << 30),
      ("TB", 1_000_000_000_000), ("TiB", 1 << 40), ("PB", 1_000_000_000_000_000), ("PiB", 1 << 50),
    ]
    for (suffix, size) in units where count % size == 0 {
      let candidate = "\(count / size)\(suffix)"
      if candidate.utf8.count <= best.utf8.count { best = candidate }
    }
    return best
  }

  /// A number as Go's `%g` prints it (shortest text that reads back to the same value).
  static func formatNumber(_ value: Double) -> String {
    GoFormat.general(value)
  }
}
