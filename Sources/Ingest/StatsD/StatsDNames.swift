// StatsD names to Prometheus names, the way statsd_exporter maps them without mapping rules:
// every character outside [a-zA-Z0-9_] becomes `_` (one `_` per character, not per byte, and
// one for a run of `-`), and a leading digit gets a `_` in front. Tag names get the same
// treatment, so `http.status-code` is label `http_status_code`.

package enum StatsDNames {
  /// Writes the Prometheus form of `bytes[range]` through `emit`, byte by byte. `range` must be
  /// valid UTF-8 (the parser checks lines first) so continuation bytes can simply be skipped.
  @inline(__always)
  static func sanitize(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ emit: (UInt8) -> Void) {
    guard let first = range.first else { return }
    if bytes[first].isASCIIDigit { emit(UInt8(ascii: "_")) }
    var previous: UInt8 = 0
    for index in range {
      let byte = bytes[index]
      defer { previous = byte }
      if byte.isASCIIDigit || byte.isASCIILetter || byte == UInt8(ascii: "_") {
        emit(byte)
      } else if byte == UInt8(ascii: "-") && previous == UInt8(ascii: "-") {
        continue
      } else if byte & 0xC0 == 0x80 {
        continue  // the rest of a multi-byte character already written as one `_`
      } else {
        emit(UInt8(ascii: "_"))
      }
    }
  }

  /// The Prometheus form of a name, as a String (allocates; for new series only).
  package static func prometheusName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(range.count + 1)
    sanitize(bytes, range) { out.append($0) }
    return String(decoding: out, as: UTF8.self)
  }

  /// The Prometheus form of a whole string (for tests and configuration).
  package static func prometheusName(_ text: String) -> String {
    Array(text.utf8).withUnsafeBufferPointer { prometheusName($0, 0..<$0.count) }
  }

  /// Whether the mapped name starts with `__`, which Prometheus reserves (a tag must not set
  /// `__name__`).
  static func isReserved(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    var seen = 0
    var underscores = 0
    sanitize(bytes, range) { byte in
      if seen < 2 && byte == UInt8(ascii: "_") { underscores += 1 }
      seen += 1
    }
    return underscores == 2
  }
}

/// DogStatsD tag lists (`k:v,k2:v2`).
enum StatsDTags {
  /// Calls `body` with the name and value ranges of each usable tag, in order, and returns how
  /// many were dropped: no `:` (statsd_exporter drops these too rather than invent a value), an
  /// empty name or value, or a reserved name.
  @inline(__always)
  static func forEach(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, Range<Int>) -> Void
  ) -> Int {
    var dropped = 0
    var start = range.lowerBound
    while start < range.upperBound {
      var end = start
      while end < range.upperBound && bytes[end] != UInt8(ascii: ",") { end += 1 }
      var colon = start
      while colon < end && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
      if colon == end || colon == start || colon + 1 == end || StatsDNames.isReserved(bytes, start..<colon) {
        dropped += 1
      } else {
        body(start..<colon, (colon + 1)..<end)
      }
      start = end + 1
    }
    return dropped
  }
}

extension UInt8 {
  var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
  var isASCIILetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
}
