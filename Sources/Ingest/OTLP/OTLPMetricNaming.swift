// OTLP metric and attribute names to Prometheus names, following OpenTelemetry's "Prometheus and
// OpenMetrics Compatibility" specification in the variant Prometheus's own OTLP receiver uses by
// default (`UnderscoreEscapingWithSuffixes`):
// - the name is split at every character outside [a-zA-Z0-9:] ("_" included) and the pieces are
//   joined with "_", so runs collapse and no "_" leads or trails; a leading digit gets a "_" prefix;
// - the UCUM unit becomes a word suffix (`s` → `_seconds`, `By` → `_bytes`, `m/s` →
//   `_meters_per_second`); units in braces (`{request}`) are annotations and add nothing;
// - unit "1" on a gauge adds `_ratio`; a monotonic cumulative sum adds `_total` (after the unit);
// - a suffix already at the end of the name is not added twice.
// Attribute keys: each invalid character becomes "_", a leading digit gets "key_", and a leading
// "_" gets "key" so that no sender can set a reserved label such as `__name__`.

/// Name translation. Stateless and thread-safe.
package enum OTLPMetricNaming {
  /// How a metric is exposed, which decides the `_ratio` and `_total` suffixes.
  package enum Kind: Sendable {
    case gauge
    case counter
    /// Histograms and summaries: unit suffix only; `_bucket`/`_sum`/`_count` come later.
    case distribution
  }

  /// The Prometheus metric name for an OTLP metric.
  package static func metricName(_ name: String, unit: String, kind: Kind) -> String {
    var base = tokens(name, keepColon: true).joined(separator: "_")
    if base.isEmpty { base = "_" }
    if let first = base.utf8.first, isDigit(first) { base = "_" + base }
    var suffixes: [String] = []
    let unitWords = unitSuffix(unit)
    if !unitWords.isEmpty { suffixes.append(unitWords) }
    if unit == "1", kind == .gauge { suffixes.append("ratio") }
    if kind == .counter { suffixes.append("total") }
    for suffix in suffixes where !base.hasSuffix("_" + suffix) && base != suffix {
      base += "_" + suffix
    }
    return base
  }

  /// The Prometheus label name for an attribute key.
  package static func labelName(_ key: String) -> String {
    var name = ""
    name.reserveCapacity(key.utf8.count)
    for scalar in key.unicodeScalars {
      let isValid = scalar.isASCII && (isLetter(UInt8(scalar.value)) || isDigit(UInt8(scalar.value)) || scalar == "_")
      name.unicodeScalars.append(isValid ? scalar : "_")
    }
    if name.isEmpty { return "key_empty" }
    if let first = name.utf8.first, isDigit(first) { return "key_" + name }
    // A leading "_" is escaped too, so no attribute can become a reserved "__" label.
    if name.hasPrefix("_") { return "key" + name }
    return name
  }

  /// The runs of name characters ([a-zA-Z0-9], and ":" for metric names) in `text`; everything
  /// else, "_" included, separates them, so "http.server..duration_" gives http, server, duration.
  private static func tokens(_ text: String, keepColon: Bool) -> [Substring] {
    text.split { character in
      guard character.isASCII, let byte = character.asciiValue else { return true }
      return !(isLetter(byte) || isDigit(byte) || (keepColon && byte == UInt8(ascii: ":")))
    }
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  // MARK: - Units

  /// `s` → "seconds", `By/s` → "bytes_per_second", `{packets}` → "", `1` → "".
  package static func unitSuffix(_ unit: String) -> String {
    // Annotations in braces carry no unit ("{request}", "By{compressed}").
    var stripped = ""
    var depth = 0
    for character in unit {
      if character == "{" { depth += 1 } else if character == "}" { depth = max(0, depth - 1) } else if depth == 0 {
        stripped.append(character)
      }
    }
    if stripped.isEmpty || stripped == "1" { return "" }
    let parts = stripped.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
    let main = parts[0].isEmpty ? "" : words(String(parts[0]), table: mainUnits)
    guard parts.count == 2, !parts[1].isEmpty else { return main }
    let per = "per_" + words(String(parts[1]), table: perUnits)
    return main.isEmpty ? per : main + "_" + per
  }

  /// A known unit's word, else the unit itself made name-safe.
  private static func words(_ unit: String, table: [String: String]) -> String {
    if let word = table[unit] { return word }
    return tokens(unit, keepColon: false).joined(separator: "_")
  }

  private static let mainUnits: [String: String] = [
    // Time
    "d": "days", "h": "hours", "min": "minutes", "s": "seconds", "ms": "milliseconds", "us": "microseconds",
    "ns": "nanoseconds",
    // Bytes
    "By": "bytes", "KiBy": "kibibytes", "MiBy": "mebibytes", "GiBy": "gibibytes", "TiBy": "tibibytes",
    "KBy": "kilobytes", "MBy": "megabytes", "GBy": "gigabytes", "TBy": "terabytes",
    // SI
    "m": "meters", "V": "volts", "A": "amperes", "J": "joules", "W": "watts", "g": "grams",
    // Misc
    "Cel": "celsius", "Hz": "hertz", "%": "percent",
  ]

  private static let perUnits: [String: String] = [
    "s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week", "mo": "month", "y": "year",
  ]
}
