// A `Duration` as the plain numbers APIs and metrics want: seconds as a Double (Prometheus's
// `_seconds` values, JSON durations) and whole milliseconds (sample timestamps and intervals).
extension Duration {
  /// The duration in seconds as a floating-point number.
  package var seconds: Double {
    let (whole, fraction) = components
    return Double(whole) + Double(fraction) / 1e18
  }

  /// The duration in whole milliseconds, truncated.
  package var milliseconds: Int64 {
    let (whole, fraction) = components
    return whole * 1000 + fraction / 1_000_000_000_000_000
  }
}
