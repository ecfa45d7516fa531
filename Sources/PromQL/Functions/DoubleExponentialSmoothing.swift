// double_exponential_smoothing() (holt_winters() before Prometheus 3): Holt's linear smoothing of
// the window's values, with Prometheus's initial trend (the first difference) and factor checks.

enum DoubleExponentialSmoothing {
  /// nil with fewer than two samples. The factors must lie strictly between 0 and 1; NaN passes
  /// the check, as in Prometheus, and yields NaN.
  static func value(_ values: UnsafeBufferPointer<Double>, smoothingFactor: Double, trendFactor: Double) throws(RangeFunctionError) -> Double? {
    if smoothingFactor <= 0 || smoothingFactor >= 1 {
      throw RangeFunctionError(message: "invalid smoothing factor. Expected: 0 < sf < 1, got: \(GoFormat.fixed(smoothingFactor))")
    }
    if trendFactor <= 0 || trendFactor >= 1 {
      throw RangeFunctionError(message: "invalid trend factor. Expected: 0 < tf < 1, got: \(GoFormat.fixed(trendFactor))")
    }
    guard values.count >= 2 else { return nil }
    var iterator = values.makeIterator()
    guard let first = iterator.next(), let second = iterator.next() else { return nil }

    var previousSmoothed = 0.0
    var smoothed = first
    var trend = second - first
    var isFirstStep = true
    var next: Double? = second
    while let value = next {
      // The first step keeps the initial trend; later ones blend the last smoothed change in.
      if !isFirstStep {
        trend = trendFactor * (smoothed - previousSmoothed) + (1 - trendFactor) * trend
      }
      isFirstStep = false
      let scaledValue = smoothingFactor * value
      let carried = (1 - smoothingFactor) * (smoothed + trend)
      previousSmoothed = smoothed
      smoothed = scaledValue + carried
      next = iterator.next()
    }
    return smoothed
  }
}
