// Sizes written as operators write them in configuration (`512MiB`, `10GB`, `4096`).
// Like Prometheus's size flags, the SI-looking suffixes (KB, MB...) mean powers of 1024 too,
// so a value pasted from a Prometheus setup means the same number of bytes here.

package enum ByteSize {
  private static let multipliers: [(suffix: String, factor: Int64)] = [
    ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40), ("PiB", 1 << 50), ("EiB", 1 << 60),
    ("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30), ("TB", 1 << 40), ("PB", 1 << 50), ("EB", 1 << 60),
    ("B", 1),
  ]

  /// Parses a size in bytes; nil for negative, fractional, unknown-unit or overflowing text.
  package static func parse(_ text: String) -> Int64? {
    var digits = Substring(text)
    var factor: Int64 = 1
    for (suffix, size) in multipliers where text.hasSuffix(suffix) {
      digits = text.dropLast(suffix.count)
      factor = size
      break
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int64(digits) else {
      return nil
    }
    let (bytes, overflow) = number.multipliedReportingOverflow(by: factor)
    return overflow ? nil : bytes
  }

  /// Formats with the largest binary unit that divides evenly (`512MiB`, `1536B`).
  package static func format(_ bytes: Int64) -> String {
    for (suffix, size) in multipliers.prefix(6).reversed() where bytes != 0 && bytes % size == 0 {
      return "\(bytes / size)\(suffix)"
    }
    return "\(bytes)B"
  }
}
