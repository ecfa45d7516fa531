// A hand-written JSON writer for the Prometheus-compatible API: one growing byte buffer, no
// Encodable round trip, so a query returning a million points writes them in one pass. Strings
// are escaped as Go's encoding/json does (Prometheus marshals labels with it): `<`, `>`, `&`,
// U+2028 and U+2029 as \u escapes, \b \f \n \r \t short forms, other controls as \u00XX.
import WardenCore

struct PrometheusJSONWriter {
  private(set) var bytes: [UInt8] = []

  init(reservingCapacity capacity: Int = 256) {
    bytes.reserveCapacity(capacity)
  }

  mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func byte(_ value: UInt8) {
    bytes.append(value)
  }

  /// `value` as a quoted, escaped JSON string.
  mutating func string(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    var value = value
    value.withUTF8 { utf8 in
      // Most label names and values need no escaping: copy them whole.
      if !utf8.contains(where: Self.needsEscape) {
        bytes.append(contentsOf: utf8)
      } else {
        appendEscaped(utf8)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// Bytes that start an escape: controls, `"`, `\`, the HTML three, and 0xE2 (the lead byte of
  /// U+2028/U+2029, checked further in `appendEscaped`).
  private static func needsEscape(_ byte: UInt8) -> Bool {
    byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
      || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == 0xE2
  }

  private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
    var index = 0
    while index < utf8.count {
      let byte = utf8[index]
      switch byte {
      case UInt8(ascii: "\""): raw("\\\"")
      case UInt8(ascii: "\\"): raw("\\\\")
      case UInt8(ascii: "\n"): raw("\\n")
      case UInt8(ascii: "\r"): raw("\\r")
      case UInt8(ascii: "\t"): raw("\\t")
      case 0x08: raw("\\b")
      case 0x0C: raw("\\f")
      case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
        raw("\\u202")
        bytes.append(utf8[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
        index += 2
      case _ where byte < 0x20 || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&"):
        raw("\\u00")
        bytes.append(Self.hexDigits[Int(byte >> 4)])
        bytes.append(Self.hexDigits[Int(byte & 0xF)])
      default: bytes.append(byte)
      }
      index += 1
    }
  }

  /// A label set as a JSON object, names in byte order (as Go sorts map keys).
  mutating func labels(_ labels: Labels) {
    bytes.append(UInt8(ascii: "{"))
    var pairs = labels.pairs
    // Swift orders strings by Unicode scalars after normalisation, Go by bytes: they only differ
    // for non-ASCII names, which are rare, so sort again only then.
    if pairs.contains(where: { !$0.name.utf8.allSatisfy { $0 < 0x80 } }) {
      pairs.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
    var first = true
    for label in pairs {
      if !first { bytes.append(UInt8(ascii: ",")) }
      first = false
      string(label.name)
      bytes.append(UInt8(ascii: ":"))
      string(label.value)
    }
    bytes.append(UInt8(ascii: "}"))
  }

  /// `[<seconds>,"<value>"]` as vectors and matrices write their points.
  mutating func point(timestampMs: Int64, value: Double) {
    bytes.append(UInt8(ascii: "["))
    GoFloatText.timestamp(milliseconds: timestampMs, into: &bytes)
    raw(",\"")
    GoFloatText.sampleValue(value, into: &bytes)
    raw("\"]")
  }

  /// A list of strings: `["a","b"]`.
  mutating func stringArray(_ values: [String]) {
    bytes.append(UInt8(ascii: "["))
    for (index, value) in values.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      string(value)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func integer(_ value: Int) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    GoFloatText.appendInteger(UInt64(value.magnitude), into: &bytes)
  }

  /// A millisecond time as encoding/json writes `float64(ms)/1000` (scalar and string results).
  mutating func jsonSeconds(milliseconds: Int64) {
    GoFloatText.jsonSeconds(milliseconds: milliseconds, into: &bytes)
  }

  /// A float in 'f' layout whatever its size (scalar results).
  mutating func fixedFloat(_ value: Double) {
    GoFloatText.fixed(value, into: &bytes)
  }

  /// A float as Go's encoding/json writes a number (stats timings).
  mutating func jsonNumber(_ value: Double) {
    GoFloatText.jsonNumber(value, into: &bytes)
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }
}
