// Constants of the decimal-planes chunk (encoding 4): the timestamps of encoding 2, then the
// values as residuals of one of five models, divided by their common factor and stored as byte
// planes (every residual's lowest byte, then every residual's next byte, …) rather than varints.
// Byte layout: docs/format/metrics-chunk.md ("Decimal-planes chunk (encoding 4)").

/// The decimal-planes chunk layout's constants and value models.
package enum DecimalPlanesFormat {
  /// The id of this encoding wherever a chunk's encoding is recorded (a block's chunk frame).
  package static let encodingID: UInt8 = 4
  /// The widest residual: a `UInt64` has 8 bytes.
  static let maxWidth = 8

  /// How the value section is modelled, the byte after the timestamps. Modes 1 to 4 carry an
  /// exponent, a factor and head values, then residuals; mode 0 carries XORed bit patterns.
  enum ValueMode: UInt8, CaseIterable {
    /// Width, then each value's bit pattern XOR the previous one's (the first XOR 0) as planes:
    /// any Double. Not zigzagged: the pattern's bits are stored as they are.
    case xorBits = 0
    /// Head `m0`; residual i ≥ 1: `m_i − m_i−1`. Random walks.
    case delta = 1
    /// Head `m0`, `m1 − m0`; residual i ≥ 2: the delta of deltas. Steady rates.
    case deltaOfDelta = 2
    /// Head `m0` and a base `b`; residual i ≥ 1: `m_i − m_i−1 − b`. Counters, whose increments
    /// scatter around a typical size.
    case deltaFromBase = 3
    /// Head a level `b`; residual i ≥ 0: `m_i − b`. Gauges that are noise around a level
    /// (durations, allocated bytes): coding them against the previous value doubles the scatter.
    case level = 4

    /// Zigzag varints between the factor and the width.
    var headCount: Int {
      switch self {
      case .xorBits: 0
      case .delta, .level: 1
      case .deltaOfDelta, .deltaFromBase: 2
      }
    }

    /// The first sample with a residual; samples before it come from the head alone.
    var firstResidual: Int {
      switch self {
      case .xorBits, .level: 0
      case .delta, .deltaFromBase: 1
      case .deltaOfDelta: 2
      }
    }
  }
}
