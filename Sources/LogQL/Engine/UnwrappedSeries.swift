// The unwrapped values of one output series and the range functions over them: each step's window
// `(t - range, t]` is found with two cursors moving forward over the sorted timestamps, and the
// value comes from PromQL's range-function kernels (compensated sums, Welford variance, quantile,
// extrapolated counter rate), so LogQL and PromQL compute these the same way.
import PromQL
import WardenCore

struct UnwrappedSeries {
  private(set) var timestampsNs: [Int64] = []
  private(set) var values: [Double] = []
  private var inOrder = true

  var count: Int { values.count }

  @inline(__always)
  mutating func append(_ timestampNs: Int64, _ value: Double) {
    if let last = timestampsNs.last, timestampNs < last { inOrder = false }
    timestampsNs.append(timestampNs)
    values.append(value)
  }

  /// Samples of several streams merged into one series arrive stream by stream; windows need them
  /// in time order (stable, so equal timestamps keep arrival order for first/last).
  mutating func sortByTime() {
    guard !inOrder else { return }
    let order = timestampsNs.indices.sorted { (timestampsNs[$0], $0) < (timestampsNs[$1], $1) }
    timestampsNs = order.map { timestampsNs[$0] }
    values = order.map { values[$0] }
    inOrder = true
  }

  /// The function's value at each step with samples in its window, as PromQL series columns.
  func evaluate(_ function: UnwrappedFunction, grid: MetricGrid, rangeNs: Int64, offsetNs: Int64, labels: Labels) -> SeriesSamples {
    precondition(inOrder, "sortByTime before evaluate")
    var output = SeriesSamples(labels: labels)
    let millis = timestampsNs.map { MetricGrid.floorDivide($0, MetricGrid.nanosPerMilli) }
    var scratch: [Double] = []
    var lower = 0
    var upper = 0
    millis.withUnsafeBufferPointer { allMillis in
      values.withUnsafeBufferPointer { allValues in
        for step in 0..<grid.count {
          let endNs = grid.timeNs(step) - offsetNs
          let startNs = endNs - rangeNs
          while lower < timestampsNs.count && timestampsNs[lower] <= startNs { lower += 1 }
          if upper < lower { upper = lower }
          while upper < timestampsNs.count && timestampsNs[upper] <= endNs { upper += 1 }
          guard lower < upper else { continue }
          let window = RangeWindow(
            timestampsMs: UnsafeBufferPointer(rebasing: allMillis[lower..<upper]),
            values: UnsafeBufferPointer(rebasing: allValues[lower..<upper]),
            rangeStartMs: MetricGrid.floorDivide(startNs, MetricGrid.nanosPerMilli),
            rangeEndMs: MetricGrid.floorDivide(endNs, MetricGrid.nanosPerMilli),
            evaluationTimeMs: grid.timeMs(step))
          guard let value = function.value(window, rangeNs: rangeNs, scratch: &scratch) else { continue }
          output.timestampsMs.append(grid.timeMs(step))
          output.values.append(value)
        }
      }
    }
    return output
  }
}

/// The range aggregations over unwrapped values.
enum UnwrappedFunction {
  case kernel(RangeFunction, RangeFunctionArguments)
  /// `rate` with unwrap: the sum of the values per second of range.
  case sumRate
  /// `rate_counter`: PromQL's rate() of the values as a counter; Loki answers 0 for a window
  /// with fewer than two samples.
  case counterRate

  init(_ operation: RangeAggregationExpr.Operation, parameter: Double?) throws(LogQLError) {
    switch operation {
    case .sumOverTime: self = .kernel(.sumOverTime, .none)
    case .avgOverTime: self = .kernel(.avgOverTime, .none)
    case .minOverTime: self = .kernel(.minOverTime, .none)
    case .maxOverTime: self = .kernel(.maxOverTime, .none)
    case .firstOverTime: self = .kernel(.firstOverTime, .none)
    case .lastOverTime: self = .kernel(.lastOverTime, .none)
    case .stddevOverTime: self = .kernel(.stddevOverTime, .none)
    case .stdvarOverTime: self = .kernel(.stdvarOverTime, .none)
    case .quantileOverTime:
      guard let parameter else { throw LogQLError(.invalid, "quantile_over_time requires a quantile parameter") }
      self = .kernel(.quantileOverTime, RangeFunctionArguments(scalar0: parameter))
    case .rate: self = .sumRate
    case .rateCounter: self = .counterRate
    case .countOverTime, .bytesOverTime, .bytesRate, .absentOverTime:
      throw LogQLError(.invalid, "invalid aggregation \(operation.rawValue) with unwrap")
    }
  }

  func value(_ window: RangeWindow, rangeNs: Int64, scratch: inout [Double]) -> Double? {
    switch self {
    case .kernel(let function, let arguments):
      do throws(RangeFunctionError) {
        return try function.evaluate(window, arguments: arguments, scratch: &scratch)
      } catch {
        return nil
      }
    case .sumRate:
      var total = KahanSum()
      for value in window.values { total.add(value) }
      return total.value / (Double(rangeNs) / 1e9)
    case .counterRate:
      guard window.count >= 2 else { return 0 }
      do throws(RangeFunctionError) {
        return try RangeFunction.rate.evaluate(window, arguments: .none, scratch: &scratch)
      } catch {
        return nil
      }
    }
  }
}
