// histogram_quantile() and histogram_fraction() over classic histograms: `_bucket` series are
// grouped by their labels without `le` (the name included, so two histograms never mix), and each
// group's buckets at a step go to the kernel.
import WardenCore

extension Evaluator {
  private struct BucketGroups {
    var keys: [Labels] = []
    var members: [[(series: Int, upperBound: Double)]] = []
  }

  private func bucketGroups(_ input: [StepSeries], _ position: PositionRange) -> BucketGroups {
    var groups = BucketGroups()
    var index: [Labels: Int] = [:]
    for (seriesIndex, series) in input.enumerated() {
      let le = series.labels["le"]
      guard let upperBound = Self.parseBound(le) else {
        annotate(.warning, "bucket label \"le\" is missing or has a malformed value of \"\(le)\" for metric name \"\(series.labels.metricName)\"", position)
        continue
      }
      let key = series.labels.removing(["le"])
      if let known = index[key] {
        groups.members[known].append((seriesIndex, upperBound))
      } else {
        index[key] = groups.keys.count
        groups.keys.append(key)
        groups.members.append([(seriesIndex, upperBound)])
      }
    }
    return groups
  }

  /// Go's ParseFloat as far as bucket bounds go: decimal, exponent, ±Inf.
  private static func parseBound(_ text: String) -> Double? {
    guard !text.isEmpty else { return nil }
    switch text.lowercased() {
    case "+inf", "inf", "+infinity", "infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    case "nan": return .nan
    default: return Double(text)
    }
  }

  /// histogram_quantile(φ, buckets).
  func histogramQuantile(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let quantiles = try evalScalar(call.args[0], grid)
    if let invalid = quantiles.first(where: Quantile.isInvalid) {
      annotate(.warning, Quantile.invalidWarning(invalid), call.args[0].position)
    }
    return try quantileSeries(call.args[1], [(quantiles, nil)], labelName: nil, grid)
  }

  /// histogram_quantiles(buckets, "label", φ...): one series per φ, told apart by `label`.
  func histogramQuantiles(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    guard case .string(let labelName) = try eval(call.args[1], grid) else { throw .execution("expected a label name") }
    var requested: [([Double], String?)] = []
    for argument in call.args.dropFirst(2) {
      let quantiles = try evalScalar(argument, grid)
      if let invalid = quantiles.first(where: Quantile.isInvalid) {
        annotate(.warning, Quantile.invalidWarning(invalid), argument.position)
      }
      requested.append((quantiles, nil))
    }
    let output = try quantileSeries(call.args[0], requested, labelName: labelName, grid)
    return try mergeSameLabels(output, grid)
  }

  private func quantileSeries(_ argument: Expr, _ requested: [([Double], String?)], labelName: String?, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let input = try evalVector(argument, grid)
    let groups = bucketGroups(input, argument.position)
    var output: [StepSeries] = []
    var buckets: [ClassicBucket] = []
    for (group, key) in groups.keys.enumerated() {
      try tick()
      for (quantiles, _) in requested {
        var labels = key
        if let labelName { labels = key.setting(labelName, to: Self.quantileLabel(quantiles.first ?? .nan)) }
        var series = StepSeries(labels: labels, dropName: true, steps: grid.count)
        for step in 0..<grid.count {
          buckets.removeAll(keepingCapacity: true)
          for member in groups.members[group] where input[member.series].present[step] {
            buckets.append(ClassicBucket(upperBound: member.upperBound, cumulativeCount: input[member.series].values[step]))
          }
          guard !buckets.isEmpty else { continue }
          let result = ClassicHistogramQuantile.compute(quantiles[step], &buckets)
          if result.forcedMonotonicity {
            annotate(.info, "input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \"\(key.metricName)\"", argument.position)
          }
          series.set(step, result.value)
        }
        if !series.isEmpty { output.append(series) }
      }
    }
    return output
  }

  /// How histogram_quantiles() writes φ into its label: shortest digits, integers with ".0".
  static func quantileLabel(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    return "\(value)"
  }

  func histogramFraction(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let lower = try evalScalar(call.args[0], grid)
    let upper = try evalScalar(call.args[1], grid)
    let input = try evalVector(call.args[2], grid)
    let groups = bucketGroups(input, call.args[2].position)
    var output: [StepSeries] = []
    var buckets: [ClassicBucket] = []
    for (group, key) in groups.keys.enumerated() {
      try tick()
      var series = StepSeries(labels: key, dropName: true, steps: grid.count)
      for step in 0..<grid.count {
        buckets.removeAll(keepingCapacity: true)
        for member in groups.members[group] where input[member.series].present[step] {
          buckets.append(ClassicBucket(upperBound: member.upperBound, cumulativeCount: input[member.series].values[step]))
        }
        guard !buckets.isEmpty else { continue }
        series.set(step, ClassicHistogramFraction.compute(lower: lower[step], upper: upper[step], &buckets))
      }
      if !series.isEmpty { output.append(series) }
    }
    return output
  }
}
