// Prometheus's staleness marker: a NaN with a specific bit pattern that says "this series ended
// here". It is stored like any sample and must survive encoding bit for bit, so code compares
// bit patterns, never values (NaN != NaN).

/// The bit pattern of the staleness marker NaN.
package let staleNaNBitPattern: UInt64 = 0x7ff0_0000_0000_0002

extension Double {
  /// The staleness marker value.
  package static var staleMarker: Double { Double(bitPattern: staleNaNBitPattern) }

  /// Whether this is the staleness marker (not merely any NaN).
  package var isStaleMarker: Bool { bitPattern == staleNaNBitPattern }
}
