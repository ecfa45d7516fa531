// The range-vector functions over float samples, by PromQL name, and the dispatch from a name to
// its kernel. absent_over_time is not here: its answer depends on whether any series exists, which
// only the engine knows.

package enum RangeFunction: String, Sendable, CaseIterable {
  case rate, increase, delta, irate, idelta, deriv
  case predictLinear = "predict_linear"
  case avgOverTime = "avg_over_time"
  case sumOverTime = "sum_over_time"
  case countOverTime = "count_over_time"
  case minOverTime = "min_over_time"
  case maxOverTime = "max_over_time"
  case stddevOverTime = "stddev_over_time"
  case stdvarOverTime = "stdvar_over_time"
  case quantileOverTime = "quantile_over_time"
  case lastOverTime = "last_over_time"
  case firstOverTime = "first_over_time"
  case presentOverTime = "present_over_time"
  case madOverTime = "mad_over_time"
  case changes, resets
  case doubleExponentialSmoothing = "double_exponential_smoothing"
  /// The name double_exponential_smoothing had before Prometheus 3.0; same maths.
  case holtWinters = "holt_winters"
  case tsOfMinOverTime = "ts_of_min_over_time"
  case tsOfMaxOverTime = "ts_of_max_over_time"
  case tsOfFirstOverTime = "ts_of_first_over_time"
  case tsOfLastOverTime = "ts_of_last_over_time"

  /// The function's value for one series at one step, or nil when Prometheus emits no sample for
  /// it (too few samples, an empty window). Throws only for arguments Prometheus rejects with an
  /// error (double_exponential_smoothing's factors), and only when the window has samples, as
  /// Prometheus checks them per series.
  package func evaluate(_ window: RangeWindow, arguments: RangeFunctionArguments) throws(RangeFunctionError) -> Double? {
    var scratch: [Double] = []
    return try evaluate(window, arguments: arguments, scratch: &scratch)
  }

  /// `evaluate` with a caller-owned buffer that quantile_over_time and mad_over_time sort in, so
  /// an engine looping over series and steps allocates it once.
  package func evaluate(
    _ window: RangeWindow, arguments: RangeFunctionArguments, scratch: inout [Double]
  ) throws(RangeFunctionError) -> Double? {
    switch self {
    case .doubleExponentialSmoothing, .holtWinters:
      if window.isEmpty { return nil }
      return try DoubleExponentialSmoothing.value(
        window.values, smoothingFactor: arguments.scalar0, trendFactor: arguments.scalar1)
    default:
      return value(window, arguments: arguments, scratch: &scratch)
    }
  }

  /// `evaluate` for every function that cannot fail.
  private func value(_ window: RangeWindow, arguments: RangeFunctionArguments, scratch: inout [Double]) -> Double? {
    if window.isEmpty { return nil }
    let values = window.values
    let timestamps = window.timestampsMs
    switch self {
    case .rate: return ExtrapolatedRate.value(window, isCounter: true, isRate: true)
    case .increase: return ExtrapolatedRate.value(window, isCounter: true, isRate: false)
    case .delta: return ExtrapolatedRate.value(window, isCounter: false, isRate: false)
    case .irate: return InstantRate.value(window, isCounter: true)
    case .idelta: return InstantRate.value(window, isCounter: false)
    case .deriv:
      guard values.count >= 2, let first = timestamps.first else { return nil }
      return LinearRegression.fit(timestamps, values, interceptTimeMs: first).slope
    case .predictLinear:
      guard values.count >= 2 else { return nil }
      let fit = LinearRegression.fit(timestamps, values, interceptTimeMs: window.evaluationTimeMs)
      return fit.slope * arguments.scalar0 + fit.intercept
    case .avgOverTime: return OverTime.average(values)
    case .sumOverTime: return OverTime.sum(values)
    case .countOverTime: return Double(values.count)
    case .minOverTime: return OverTime.extreme(values, timestamps, kind: .min).value
    case .maxOverTime: return OverTime.extreme(values, timestamps, kind: .max).value
    case .tsOfMinOverTime: return OverTime.seconds(OverTime.extreme(values, timestamps, kind: .minLatest).timestampMs)
    case .tsOfMaxOverTime: return OverTime.seconds(OverTime.extreme(values, timestamps, kind: .maxLatest).timestampMs)
    case .stddevOverTime: return OverTime.variance(values).squareRoot()
    case .stdvarOverTime: return OverTime.variance(values)
    case .quantileOverTime:
      scratch.removeAll(keepingCapacity: true)
      scratch.append(contentsOf: values)
      return Quantile.of(arguments.scalar0, &scratch)
    case .madOverTime: return OverTime.medianAbsoluteDeviation(values, scratch: &scratch)
    case .lastOverTime: return values.last
    case .firstOverTime: return values.first
    case .tsOfFirstOverTime: return timestamps.first.map(OverTime.seconds)
    case .tsOfLastOverTime: return timestamps.last.map(OverTime.seconds)
    case .presentOverTime: return 1
    case .changes: return SampleTransitions.changes(values)
    case .resets: return SampleTransitions.resets(values)
    case .doubleExponentialSmoothing, .holtWinters:
      preconditionFailure("handled by evaluate")
    }
  }

  /// Whether the function's result keeps the metric name. Only last_over_time and
  /// first_over_time do in Prometheus 3 (they return a sample as it was).
  package var keepsMetricName: Bool {
    self == .lastOverTime || self == .firstOverTime
  }

  /// The scalar arguments the function takes after (or, for quantile_over_time, before) the range.
  package var scalarArgumentCount: Int {
    switch self {
    case .quantileOverTime, .predictLinear: 1
    case .doubleExponentialSmoothing, .holtWinters: 2
    default: 0
    }
  }
}
