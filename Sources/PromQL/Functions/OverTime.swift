// The *_over_time aggregations of one window's values: sum, mean, variance, extremes (with the
// extreme's timestamp) and median absolute deviation, each as Prometheus computes it.

enum OverTime {
  static func seconds(_ timestampMs: Int64) -> Double { Double(timestampMs) / 1000 }

  /// Compensated sum; an overflowed sum stays ±Inf instead of turning NaN through the compensation.
  static func sum(_ values: UnsafeBufferPointer<Double>) -> Double {
    var total = KahanSum()
    for value in values { total.add(value) }
    return total.sum.isInfinite ? total.sum : total.value
  }

  /// Compensated direct mean (sum / count), switching to an incremental mean once the running sum
  /// would overflow, so large-but-finite inputs still average to a finite value.
  static func average(_ values: UnsafeBufferPointer<Double>) -> Double {
    guard let first = values.first else { return .nan }
    var running = KahanSum(first)
    var mean = 0.0
    var meanCompensation = 0.0
    var incremental = false
    var count = 1.0
    for value in values.dropFirst() {
      count += 1
      if !incremental {
        var next = running
        next.add(value)
        if !next.sum.isInfinite {
          running = next
          continue
        }
        incremental = true
        mean = running.sum / (count - 1)
        meanCompensation = running.compensation / (count - 1)
      }
      let keep = (count - 1) / count
      var next = KahanSum(sum: keep * mean, compensation: keep * meanCompensation)
      next.add(value / count)
      mean = next.sum
      meanCompensation = next.compensation
    }
    if incremental { return mean + meanCompensation }
    return running.sum / count + running.compensation / count
  }

  /// Population variance by Welford's method with compensated running mean and sum of squares.
  static func variance(_ values: UnsafeBufferPointer<Double>) -> Double {
    var count = 0.0
    var mean = KahanSum()
    var squares = KahanSum()
    for value in values {
      count += 1
      let delta = value - mean.value
      mean.add(delta / count)
      squares.add(delta * (value - mean.value))
    }
    return squares.value / count
  }

  enum ExtremeKind {
    case min, max
    /// As min/max, but ties move to the later sample (ts_of_min_over_time / ts_of_max_over_time).
    case minLatest, maxLatest
  }

  /// The extreme value and when it occurred. A NaN is replaced by any later value, and never
  /// replaces a number, so NaN wins only when every value is NaN.
  static func extreme(_ values: UnsafeBufferPointer<Double>, _ timestampsMs: UnsafeBufferPointer<Int64>, kind: ExtremeKind) -> (value: Double, timestampMs: Int64) {
    guard var best = values.first, var bestMs = timestampsMs.first else { return (.nan, 0) }
    for (value, timestampMs) in zip(values, timestampsMs) {
      let better: Bool
      switch kind {
      case .min: better = value < best
      case .max: better = value > best
      case .minLatest: better = value <= best
      case .maxLatest: better = value >= best
      }
      if better || best.isNaN {
        best = value
        bestMs = timestampMs
      }
    }
    return (best, bestMs)
  }

  /// The median of the absolute deviations from the median. A NaN makes the median undefined, so
  /// the result is NaN (Prometheus 3 propagates it rather than sorting it first).
  static func medianAbsoluteDeviation(_ values: UnsafeBufferPointer<Double>, scratch: inout [Double]) -> Double {
    if values.contains(where: \.isNaN) { return .nan }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: values)
    let median = Quantile.of(0.5, &scratch)
    for index in scratch.indices { scratch[index] = Swift.abs(scratch[index] - median) }
    return Quantile.of(0.5, &scratch)
  }
}
