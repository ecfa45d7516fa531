// Least-squares fit of value against time for deriv() and predict_linear(), with compensated sums
// and x measured in seconds from a chosen time near the samples, as Prometheus does to keep
// precision with large Unix timestamps.

enum LinearRegression {
  struct Fit: Equatable {
    var slope: Double
    /// The fitted value at the intercept time.
    var intercept: Double
  }

  static func fit(_ timestampsMs: UnsafeBufferPointer<Int64>, _ values: UnsafeBufferPointer<Double>, interceptTimeMs: Int64) -> Fit {
    var n = 0.0
    var sumX = KahanSum()
    var sumY = KahanSum()
    var sumXY = KahanSum()
    var sumX2 = KahanSum()
    let initialY = values.first ?? .nan
    var constantY = true
    for (timestampMs, value) in zip(timestampsMs, values) {
      // `!=` so a NaN also ends the constant case, as in Prometheus.
      if constantY && n > 0 && value != initialY { constantY = false }
      n += 1
      let x = Double(timestampMs - interceptTimeMs) / 1e3
      sumX.add(x)
      sumY.add(value)
      sumXY.add(x * value)
      sumX2.add(x * x)
    }
    // A flat line has slope 0 exactly; the general formula would return rounding noise.
    if constantY {
      if initialY.isInfinite { return Fit(slope: .nan, intercept: .nan) }
      return Fit(slope: 0, intercept: initialY)
    }
    let x = sumX.value
    let y = sumY.value
    let covarianceXY = sumXY.value - x * y / n
    let varianceX = sumX2.value - x * x / n
    let slope = covarianceXY / varianceX
    return Fit(slope: slope, intercept: y / n - slope * x / n)
  }
}
