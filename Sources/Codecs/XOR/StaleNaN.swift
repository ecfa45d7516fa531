// Prometheus's staleness marker as seen from the codecs: chunks store it like any NaN, bit for bit.
// The definition lives in WardenCore (`staleNaNBitPattern`); this namespace only forwards to it.
import WardenCore

/// The staleness marker NaN (bit pattern 0x7ff0000000000002), which says "this series ended here".
///
/// Compare bit patterns, never values: every NaN is unequal to itself, and the marker is
/// a signalling NaN that arithmetic would quiet into an ordinary NaN.
package enum StaleNaN {
  /// The marker's bit pattern, 0x7ff0_0000_0000_0002.
  package static let bitPattern: UInt64 = staleNaNBitPattern

  /// The marker as a `Double`.
  package static var value: Double { Double(bitPattern: bitPattern) }

  /// Whether `value` is the staleness marker (not merely some NaN).
  package static func isStaleMarker(_ value: Double) -> Bool {
    value.bitPattern == bitPattern
  }
}
