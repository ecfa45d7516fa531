// clamp(), clamp_min() and clamp_max(), built on Go's math.Min/Max so NaN bounds and signed
// zeros come out as in Prometheus.

package enum Clamp {
  /// nil when `min > max` (Prometheus returns an empty vector). A NaN bound passes that check and
  /// turns results into NaN (except where Go's Min/Max let an infinity win over NaN).
  package static func clamp(_ value: Double, min lower: Double, max upper: Double) -> Double? {
    if upper < lower { return nil }
    return goMax(lower, goMin(upper, value))
  }

  package static func clampMin(_ value: Double, min lower: Double) -> Double {
    goMax(lower, goMin(.infinity, value))
  }

  package static func clampMax(_ value: Double, max upper: Double) -> Double {
    goMax(-.infinity, goMin(upper, value))
  }

  /// Go's math.Max: +Inf wins even over NaN, otherwise NaN if either is NaN; +0 beats -0.
  package static func goMax(_ a: Double, _ b: Double) -> Double {
    if a == .infinity || b == .infinity { return .infinity }
    if a.isNaN || b.isNaN { return .nan }
    if a == 0 && b == 0 { return a.sign == .minus ? b : a }
    return a > b ? a : b
  }

  /// Go's math.Min: -Inf wins even over NaN, otherwise NaN if either is NaN; -0 beats +0.
  package static func goMin(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity || b == -.infinity { return -.infinity }
    if a.isNaN || b.isNaN { return .nan }
    if a == 0 && b == 0 { return a.sign == .minus ? a : b }
    return a < b ? a : b
  }
}
