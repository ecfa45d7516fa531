// The samples of one series inside one range-vector window, as columns, plus the window's bounds.
// Range functions read it without copying: the engine hands views of its own timestamp/value
// arrays. Views, not ArraySlices: a slice holds a strong reference to its array, and making one per
// series per step cost a retain/release pair each, about 15% of a 24 h dashboard query.

/// One series' samples in `(rangeStartMs, rangeEndMs]`, timestamps ascending, stale markers removed.
/// The buffers are borrowed: valid only during the call they are passed to.
package struct RangeWindow {
  package var timestampsMs: UnsafeBufferPointer<Int64>
  package var values: UnsafeBufferPointer<Double>
  /// Exclusive lower bound of the window.
  package var rangeStartMs: Int64
  /// Inclusive upper bound: the evaluation time minus the offset (or the `@` time).
  package var rangeEndMs: Int64
  /// The step's evaluation time; predict_linear takes its intercept here.
  package var evaluationTimeMs: Int64

  package init(
    timestampsMs: UnsafeBufferPointer<Int64>, values: UnsafeBufferPointer<Double>, rangeStartMs: Int64, rangeEndMs: Int64,
    evaluationTimeMs: Int64
  ) {
    precondition(timestampsMs.count == values.count, "RangeWindow: one timestamp per value")
    self.timestampsMs = timestampsMs
    self.values = values
    self.rangeStartMs = rangeStartMs
    self.rangeEndMs = rangeEndMs
    self.evaluationTimeMs = evaluationTimeMs
  }

  package var count: Int { values.count }
  package var isEmpty: Bool { values.isEmpty }

  /// The window's length in seconds, which rate() divides by (not the span of the samples).
  package var rangeSeconds: Double { Double(rangeEndMs - rangeStartMs) / 1000 }
}

/// The scalar arguments some range functions take besides the range: quantile_over_time's φ,
/// predict_linear's seconds, double_exponential_smoothing's smoothing and trend factors.
package struct RangeFunctionArguments: Sendable, Equatable {
  package var scalar0: Double
  package var scalar1: Double

  package init(scalar0: Double = .nan, scalar1: Double = .nan) {
    self.scalar0 = scalar0
    self.scalar1 = scalar1
  }

  package static let none = RangeFunctionArguments()
}

/// A range function refused its arguments; `message` is Prometheus's error text, which the engine
/// reports as an execution error.
package struct RangeFunctionError: Error, Sendable, Equatable {
  package var message: String

  package init(message: String) {
    self.message = message
  }
}
