// Constants and the exactness test of the decimal-delta chunk encoding (encoding id 2): when every
// value of a chunk is m × 10^-e for one e, the chunk stores e and the integer mantissas.
// Byte layout: docs/format/metrics-chunk.md ("Decimal-delta chunk").

/// The decimal-delta chunk layout's constants and the shared value ↔ mantissa conversion.
package enum DecimalChunkFormat {
  /// The id of this encoding wherever a chunk's encoding is recorded (a block's chunk frame).
  package static let encodingID: UInt8 = 2
  /// Encoding 3: the same layout, with value mode 3 (deltas around a base) allowed as well.
  package static let withBaseEncodingID: UInt8 = 3
  /// Bytes before the timestamps: the u16 BE sample count.
  package static let headerSize = 2
  /// The most samples one chunk holds (the count is a u16).
  package static let maxSampleCount = Int(UInt16.max)
  /// The largest decimal exponent `e` (values are `m / 10^e`).
  package static let maxExponent = 12
  /// Mantissas must stay strictly below this magnitude so `Double(m)` is exact.
  static let mantissaLimit: Double = 9_007_199_254_740_992  // 2^53

  /// How the value section is encoded, the byte after the timestamps.
  enum ValueMode: UInt8 {
    /// Each value's bit pattern XOR the previous one's (the first XOR 0), u64 BE: any Double.
    case xorBits = 0
    /// Exponent byte, first mantissa, then mantissa deltas, zigzag varints.
    case decimalDelta = 1
    /// Exponent byte, first mantissa, first delta, then deltas of deltas, zigzag varints.
    case decimalDeltaOfDelta = 2
    /// Encoding 3 only. Exponent byte, first mantissa, a base delta, then each delta minus the
    /// base, zigzag varints: a counter's increments scatter around their typical size, and the
    /// difference from it is shorter than the delta (and than the delta of deltas, which doubles
    /// the scatter).
    case decimalDeltaFromBase = 3
  }

  /// 10^0 … 10^12, each exact in a Double.
  static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12]

  /// The value `mantissa × 10^-exponent` as the decoder computes it.
  @inline(__always)
  static func value(mantissa: Int64, exponent: Int) -> Double {
    Double(mantissa) / powersOfTen[exponent]
  }

  /// The integer `m` with `value(m, exponent)` bit-identical to `value`, or nil when there is
  /// none (NaN, ±Inf, -0, too many digits, or a mantissa of 2^53 or more).
  @inline(__always)
  static func mantissa(of value: Double, exponent: Int) -> Int64? {
    guard value.isFinite, value.bitPattern != (-0.0 as Double).bitPattern else { return nil }
    let scaled = (value * powersOfTen[exponent]).rounded()
    guard abs(scaled) < mantissaLimit else { return nil }
    let mantissa = Int64(scaled)
    guard Self.value(mantissa: mantissa, exponent: exponent).bitPattern == value.bitPattern else { return nil }
    return mantissa
  }
}
