// Constants and bit-field rules of the XOR chunk format shared by its encoder and decoder.
// The layout itself is documented in docs/format/metrics-chunk.md; change both together.

/// Layout constants of the XOR (Gorilla-style) chunk. See docs/format/metrics-chunk.md.
package enum XORChunkFormat {
  /// The id a container (block file, chunk reference) stores to say "XOR chunk, layout 1".
  /// The chunk itself does not repeat it.
  package static let encodingID: UInt8 = 1

  /// Bytes before the bit stream: the big-endian `UInt16` sample count.
  package static let headerSize = 2

  /// Most samples one chunk can hold (the count field is 16 bits).
  package static let maxSampleCount = Int(UInt16.max)

  // Delta-of-delta buckets. A prefix of n one-bits ended by a zero (or five one-bits) says which
  // payload width follows: `0` → dod is zero; `10` → 5 bits; `110` → 9; `1110` → 16;
  // `11110` → 32; `11111` → 64. Chosen for millisecond timestamps scraped every 10–60 s:
  // scheduler jitter (a few ms) fits 5 bits (−16…15), larger jitter 9 bits (±256 ms), one missed
  // 15 s scrape 16 bits (±32.7 s), a gap up to ~24.8 days 32 bits, anything else (out-of-order
  // jumps, Int64 extremes) the full 64.

  /// Payload width after the prefix `10`.
  static let dodWidth1 = 5
  /// Payload width after the prefix `110`.
  static let dodWidth2 = 9
  /// Payload width after the prefix `1110`.
  static let dodWidth3 = 16
  /// Payload width after the prefix `11110`.
  static let dodWidth4 = 32
  /// Longest prefix; `11111` is followed by all 64 bits of the delta-of-delta.
  static let dodMaxPrefixLength = 5

  /// Width of the leading-zero count in a new value window; larger counts are capped to 31.
  static let leadingBits = 5
  /// Width of the significant-bit count in a new value window; 64 is stored as 0.
  static let significantBits = 6
  /// Largest leading-zero count a window can record.
  static let maxLeading = 31

  /// Whether `value` fits a `width`-bit two's-complement field.
  static func fits(_ value: Int64, width: Int) -> Bool {
    let limit = Int64(1) &<< Int64(width - 1)
    return value >= -limit && value < limit
  }

  /// The signed value of the low `width` bits of `field`.
  static func signExtend(_ field: UInt64, width: Int) -> Int64 {
    let shift = UInt64(64 - width)
    return Int64(bitPattern: field &<< shift) &>> Int64(shift)
  }
}
