// Confirms that a series the store found by the hash of a request's label fields
// (`SeriesLookup`) has exactly those labels: each field is compared byte for byte with the
// series' name and value, read in place from the store, so the labels of a series met before are
// neither decoded, validated nor copied.
import WardenCore

package enum KnownSeriesMatch {
  /// Whether `fields`, the `Label` messages of a series as sent, are exactly the labels of
  /// `series`: each field the plain encoding of one pair, name (field 1) then value (field 2), in
  /// the labels' order. Anything else (unknown fields, other order, an empty value left out) is
  /// "no", and the series is decoded the long way, which gives the same labels.
  static func matches(_ series: any StoredSeriesHandle, fields: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> Bool {
    series.labelsMatch(count: fields.count) { index, name, value in
      let field = fields[index]
      var offset = 0
      return consume(field, tag: 0x0A, &offset, equalTo: name) && consume(field, tag: 0x12, &offset, equalTo: value)
        && offset == field.count
    }
  }

  /// Reads `tag`, a length and that many bytes at `offset` and compares them with `text`.
  @inline(__always)
  private static func consume(
    _ field: UnsafeRawBufferPointer, tag: UInt8, _ offset: inout Int, equalTo text: UnsafeRawBufferPointer
  ) -> Bool {
    guard offset < field.count, field[offset] == tag else { return false }
    offset += 1
    var length = 0
    var shift = 0
    while true {
      guard offset < field.count, shift < 35 else { return false }
      let byte = field[offset]
      offset += 1
      length |= Int(byte & 0x7F) << shift
      if byte < 0x80 { break }
      shift += 7
    }
    guard length <= field.count - offset else { return false }
    let start = offset
    offset += length
    return text.count == length && (length == 0 || equal(field.baseAddress! + start, text.baseAddress!, length))
  }

  /// `memcmp(a, b, count) == 0` for the short strings of labels, inline: ten calls to `memcmp`
  /// per series were a fifth of the lookup.
  @inline(__always)
  package static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    if count >= 8 {
      var offset = 0
      while offset + 8 <= count {
        guard a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        else { return false }
        offset += 8
      }
      // The last eight bytes, overlapping what was compared already.
      return offset == count
        || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    for offset in 0..<count where a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) {
      return false
    }
    return true
  }
}
