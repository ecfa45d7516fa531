// The evaluation times of a metric query, in nanoseconds (where log timestamps live) and in the
// milliseconds PromQL's kernels and the API's results use. The step is a whole number of
// milliseconds, so both views name the same instants. Windows are Loki's `(t - range, t]`.

struct MetricGrid: Sendable, Equatable {
  static let nanosPerMilli: Int64 = 1_000_000

  let startNs: Int64
  let stepNs: Int64
  let count: Int

  /// `stepNs` is rounded down to whole milliseconds (at least one).
  init(startNs: Int64, endNs: Int64, stepNs: Int64) {
    self.startNs = startNs
    self.stepNs = max(stepNs / Self.nanosPerMilli, 1) * Self.nanosPerMilli
    count = endNs < startNs ? 0 : Int((endNs - startNs) / self.stepNs) + 1
  }

  static func instant(_ timeNs: Int64) -> MetricGrid {
    MetricGrid(startNs: timeNs, endNs: timeNs, stepNs: nanosPerMilli)
  }

  var endNs: Int64 { startNs + Int64(max(count - 1, 0)) * stepNs }
  var startMs: Int64 { Self.floorDivide(startNs, Self.nanosPerMilli) }
  var stepMs: Int64 { stepNs / Self.nanosPerMilli }
  var endMs: Int64 { startMs + Int64(max(count - 1, 0)) * stepMs }

  func timeNs(_ step: Int) -> Int64 { startNs + Int64(step) * stepNs }
  func timeMs(_ step: Int) -> Int64 { startMs + Int64(step) * stepMs }

  /// The steps whose window `(t - offset - range, t - offset]` holds a record at `timestampNs`,
  /// or nil when none does. Constant time, so counting costs O(records + steps), not their product.
  @inline(__always)
  func steps(containing timestampNs: Int64, rangeNs: Int64, offsetNs: Int64) -> ClosedRange<Int>? {
    // Window ends e_i = startNs - offsetNs + i * stepNs; the record is in window i when
    // timestampNs <= e_i <= timestampNs + rangeNs - 1.
    let firstEnd = startNs - offsetNs
    let lower = max(Self.ceilDivide(timestampNs - firstEnd, stepNs), 0)
    let upper = min(Self.floorDivide(timestampNs + rangeNs - 1 - firstEnd, stepNs), Int64(count - 1))
    return lower <= upper ? Int(lower)...Int(upper) : nil
  }

  static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }

  static func ceilDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    -floorDivide(-value, divisor)
  }
}
