// Writes metric families in the Prometheus text exposition format 0.0.4, straight into a byte
// buffer the caller owns (encode-into-buffer, as STYLE.md asks for hot paths).

/// The content type of the text exposition format this encoder writes.
package let expositionContentType = "text/plain; version=0.0.4; charset=utf-8"

/// A `MetricEmitter` that appends exposition text to `bytes`.
///
/// Not thread-safe: one encoder per collection.
package struct ExpositionEncoder: MetricEmitter {
  package var bytes: [UInt8]

  package init(reservingCapacity capacity: Int = 0) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  @inlinable
  package mutating func family(_ name: String, type: MetricType, help: String) {
    append("# HELP ")
    append(name)
    bytes.append(UInt8(ascii: " "))
    appendEscaped(help, escapingQuotes: false)
    append("\n# TYPE ")
    append(name)
    bytes.append(UInt8(ascii: " "))
    append(type.rawValue)
    bytes.append(UInt8(ascii: "\n"))
  }

  @inlinable
  package mutating func sample<Labels: Collection<Label>>(_ name: String, labels: Labels, value: Double) {
    append(name)
    if !labels.isEmpty {
      bytes.append(UInt8(ascii: "{"))
      var isFirst = true
      for label in labels {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        append(label.name)
        append("=\"")
        appendEscaped(label.value, escapingQuotes: true)
        bytes.append(UInt8(ascii: "\""))
      }
      bytes.append(UInt8(ascii: "}"))
    }
    bytes.append(UInt8(ascii: " "))
    appendValue(value)
    bytes.append(UInt8(ascii: "\n"))
  }

  // MARK: - Writing pieces

  @usableFromInline
  mutating func append(_ string: String) {
    var string = string
    string.withUTF8 { bytes.append(contentsOf: $0) }
  }

  @usableFromInline
  mutating func appendEscaped(_ string: String, escapingQuotes: Bool) {
    for byte in string.utf8 {
      switch byte {
      case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
      case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
      case UInt8(ascii: "\"") where escapingQuotes: bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
      default: bytes.append(byte)
      }
    }
  }

  /// Integral values (byte counts, packet counts) are written as plain integers, which is both
  /// faster than float formatting and easier to read; everything else uses Swift's shortest
  /// round-tripping representation.
  @usableFromInline
  mutating func appendValue(_ value: Double) {
    if value.isNaN { append("NaN"); return }
    if value.isInfinite { append(value > 0 ? "+Inf" : "-Inf"); return }
    if value == value.rounded(.towardZero), abs(value) < 9.007_199_254_740_992e15 {
      appendInteger(Int64(value))
      return
    }
    append(value.description)
  }

  /// Digits are written in place, last first, so no temporary buffer is allocated.
  @usableFromInline
  mutating func appendInteger(_ value: Int64) {
    if value == 0 { bytes.append(UInt8(ascii: "0")); return }
    var magnitude = value.magnitude
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var digits = 0
    var probe = magnitude
    while probe > 0 {
      digits += 1
      probe /= 10
    }
    var index = bytes.count + digits - 1
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
    while magnitude > 0 {
      bytes[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
      magnitude /= 10
      index -= 1
    }
  }
}
