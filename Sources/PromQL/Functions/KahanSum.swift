// Compensated (Kahan–Babuška–Neumaier) summation. Prometheus sums with it in `sum`, `avg`,
// `sum_over_time`, `avg_over_time` and friends, so plain `+=` would differ from its results in the
// last digits, which the conformance tests compare to 1e-6 relative and sometimes exactly.

package struct KahanSum: Sendable, Equatable {
  package private(set) var sum: Double
  package private(set) var compensation: Double

  package init(_ initial: Double = 0) {
    sum = initial
    compensation = 0
  }

  /// Resumes a sum from both parts: the incremental mean rescales the running mean and its
  /// compensation together at every step.
  package init(sum: Double, compensation: Double) {
    self.sum = sum
    self.compensation = compensation
  }

  package mutating func add(_ value: Double) {
    let total = sum + value
    if total.isInfinite {
      // Once the sum overflows, the compensation would only turn ±Inf into NaN.
      compensation = 0
    } else if Swift.abs(sum) >= Swift.abs(value) {
      compensation += (sum - total) + value
    } else {
      compensation += (value - total) + sum
    }
    sum = total
  }

  /// The compensated total.
  package var value: Double { sum + compensation }
}
