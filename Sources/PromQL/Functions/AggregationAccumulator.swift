// The running state of one output group of sum, avg, min, max, count, group, stddev or stdvar at
// one step, updated per input sample without allocating, with Prometheus's exact arithmetic
// (compensated sums, the incremental-mean fallback, Welford's variance, NaN rules).

package struct AggregationAccumulator: Sendable {
  package enum Kind: Sendable, Equatable {
    case sum, avg, min, max, count, group, stddev, stdvar

    /// nil for the operators the engine handles itself (topk, quantile, count_values, …).
    package init?(_ op: AggregationOp) {
      switch op {
      case .sum: self = .sum
      case .avg: self = .avg
      case .min: self = .min
      case .max: self = .max
      case .count: self = .count
      case .group: self = .group
      case .stddev: self = .stddev
      case .stdvar: self = .stdvar
      default: return nil
      }
    }
  }

  package let kind: Kind
  private var value: Double
  private var compensation = 0.0
  private var mean: Double
  private var count = 1.0
  private var incrementalMean = false

  /// Starts a group with its first sample.
  package init(kind: Kind, first: Double) {
    self.kind = kind
    mean = first
    switch kind {
    // The sum of squared deviations starts at 0, or NaN when the first value is not finite.
    case .stddev, .stdvar: value = first.isFinite ? 0 : .nan
    case .group: value = 1
    default: value = first
    }
  }

  package mutating func add(_ sample: Double) {
    switch kind {
    case .sum:
      var total = KahanSum(sum: value, compensation: compensation)
      total.add(sample)
      value = total.sum
      compensation = total.compensation
    case .avg:
      count += 1
      if !incrementalMean {
        var total = KahanSum(sum: value, compensation: compensation)
        total.add(sample)
        if !total.sum.isInfinite {
          value = total.sum
          compensation = total.compensation
          return
        }
        // The direct sum would overflow: continue with a running mean, which stays finite.
        incrementalMean = true
        mean = value / (count - 1)
        compensation /= count - 1
      }
      let keep = (count - 1) / count
      var running = KahanSum(sum: keep * mean, compensation: keep * compensation)
      running.add(sample / count)
      mean = running.sum
      compensation = running.compensation
    // A NaN held so far gives way to any sample; a NaN sample never displaces a number.
    case .max:
      if value < sample || value.isNaN { value = sample }
    case .min:
      if value > sample || value.isNaN { value = sample }
    case .count:
      count += 1
    case .group:
      break
    case .stddev, .stdvar:
      count += 1
      let delta = sample - mean
      mean += delta / count
      value += delta * (sample - mean)
    }
  }

  /// The group's value; valid after at least the first sample (the initialiser).
  package var result: Double {
    switch kind {
    case .sum: value + compensation
    case .avg: incrementalMean ? mean + compensation : value / count + compensation / count
    case .min, .max, .group: value
    case .count: count
    case .stdvar: value / count
    case .stddev: (value / count).squareRoot()
    }
  }
}
