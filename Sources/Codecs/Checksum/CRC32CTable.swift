// Lookup tables for software CRC32C, slice-by-8: eight 256-entry tables built once on first use
// from the reflected Castagnoli polynomial, then shared read-only by every thread.

/// The slice-by-8 tables for CRC32C, flattened: table `k` occupies `entries[256 * k ..< 256 * (k + 1)]`.
///
/// Immutable after construction, so sharing it across threads needs no lock.
struct CRC32CTable: Sendable {
  /// The Castagnoli polynomial 0x1EDC6F41, bit-reversed for LSB-first processing.
  static let reversedPolynomial: UInt32 = 0x82F6_3B78

  /// Built on first use (Swift initialises globals and statics once, thread-safely).
  static let shared = CRC32CTable()

  let entries: [UInt32]

  private init() {
    var entries = [UInt32](repeating: 0, count: 8 * 256)
    // Table 0: the CRC of each single byte.
    for byte in 0..<256 {
      var crc = UInt32(byte)
      for _ in 0..<8 {
        crc = crc & 1 == 1 ? (crc >> 1) ^ Self.reversedPolynomial : crc >> 1
      }
      entries[byte] = crc
    }
    // Table k: the effect of a byte followed by k zero bytes.
    for table in 1..<8 {
      for byte in 0..<256 {
        let previous = entries[256 * (table - 1) + byte]
        entries[256 * table + byte] = (previous >> 8) ^ entries[Int(previous & 0xFF)]
      }
    }
    self.entries = entries
  }
}
