// The φ-quantile of a set of values, interpolating linearly between the two nearest ranks, as
// Prometheus computes it for the `quantile` aggregation and quantile_over_time().

package enum Quantile {
  /// Sorts `values` in place (NaNs first, as Prometheus's ordering puts them) and returns the
  /// quantile. Empty input or NaN φ give NaN; φ < 0 gives -Inf and φ > 1 gives +Inf.
  package static func of(_ q: Double, _ values: inout [Double]) -> Double {
    if values.isEmpty || q.isNaN { return .nan }
    if q < 0 { return -.infinity }
    if q > 1 { return .infinity }
    values.sort(by: nanFirstAscending)

    let n = Double(values.count)
    let rank = q * (n - 1)
    let lowerIndex = Swift.max(0, rank.rounded(.down))
    let upperIndex = Swift.min(n - 1, lowerIndex + 1)
    let weight = rank - rank.rounded(.down)
    return values[Int(lowerIndex)] * (1 - weight) + values[Int(upperIndex)] * weight
  }

  /// Whether φ is outside [0, 1] or NaN, which earns the "quantile value should be between 0 and 1"
  /// warning.
  package static func isInvalid(_ q: Double) -> Bool {
    q.isNaN || q < 0 || q > 1
  }

  /// The warning text Prometheus attaches for such a φ.
  package static func invalidWarning(_ q: Double) -> String {
    "quantile value should be between 0 and 1, got \(GoFormat.general(q))"
  }

  /// A strict weak order with every NaN before every number.
  package static func nanFirstAscending(_ lhs: Double, _ rhs: Double) -> Bool {
    if lhs.isNaN { return !rhs.isNaN }
    if rhs.isNaN { return false }
    return lhs < rhs
  }
}
