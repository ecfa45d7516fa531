// Function calls: range functions are applied window by window with a forward cursor per series;
// element-wise functions map values in place; the rest (absent, scalar, sort, histogram_quantile,
// label functions, …) are vector-level operations written here on top of the kernels in Functions/.
import WardenCore

extension Evaluator {
  func evalCall(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> StepValue {
    let name = call.function.name
    if let function = RangeFunction(rawValue: name) {
      return .vector(try evalRangeFunction(function, call, grid))
    }
    if let function = MathFunction(rawValue: name) {
      return .vector(try mapValues(call.args[0], grid) { function.apply($0) })
    }
    if let function = DateFunction(rawValue: name) {
      guard let argument = call.args.first else {
        var series = StepSeries(labels: Labels(), steps: grid.count)
        for step in 0..<grid.count { series.set(step, function.apply(unixSeconds: Double(grid.time(step)) / 1000)) }
        return .vector([series])
      }
      return .vector(try mapValues(argument, grid) { function.apply(unixSeconds: $0) })
    }
    switch name {
    case "time":
      return .scalar((0..<grid.count).map { Double(grid.time($0)) / 1000 })
    case "start":
      return .scalar([Double](repeating: Double(queryStartMs) / 1000, count: grid.count))
    case "end":
      return .scalar([Double](repeating: Double(queryEndMs) / 1000, count: grid.count))
    case "step":
      return .scalar([Double](repeating: Double(queryStepMs) / 1000, count: grid.count))
    case "range":
      return .scalar([Double](repeating: Double(queryEndMs - queryStartMs) / 1000, count: grid.count))
    case "min_of", "max_of":
      var values = try evalScalar(call.args[0], grid)
      let others = try evalScalar(call.args[1], grid)
      for step in 0..<grid.count {
        values[step] = name == "min_of" ? Clamp.goMin(values[step], others[step]) : Clamp.goMax(values[step], others[step])
      }
      return .scalar(values)
    case "pi":
      return .scalar([Double](repeating: Double.pi, count: grid.count))
    case "vector":
      let values = try evalScalar(call.args[0], grid)
      return .vector([StepSeries(labels: Labels(), dropName: false, values: values, present: [Bool](repeating: true, count: grid.count))])
    case "scalar":
      return .scalar(try scalarOf(call.args[0], grid))
    case "round":
      let toNearest = call.args.count > 1 ? try evalScalar(call.args[1], grid) : [Double](repeating: 1, count: grid.count)
      return .vector(try mapValues(call.args[0], grid) { value, step in Rounding.round(value, toNearest: toNearest[step]) })
    case "clamp":
      let lower = try evalScalar(call.args[1], grid)
      let upper = try evalScalar(call.args[2], grid)
      return .vector(try mapValues(call.args[0], grid) { value, step in Clamp.clamp(value, min: lower[step], max: upper[step]) })
    case "clamp_min":
      let lower = try evalScalar(call.args[1], grid)
      return .vector(try mapValues(call.args[0], grid) { value, step in Clamp.clampMin(value, min: lower[step]) })
    case "clamp_max":
      let upper = try evalScalar(call.args[1], grid)
      return .vector(try mapValues(call.args[0], grid) { value, step in Clamp.clampMax(value, max: upper[step]) })
    case "timestamp":
      return .vector(try timestamps(call.args[0], grid))
    case "absent":
      return .vector(try absent(call, grid))
    case "absent_over_time":
      return .vector(try absentOverTime(call, grid))
    case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc":
      return .vector(try sort(call, grid))
    case "histogram_quantile":
      return .vector(try histogramQuantile(call, grid))
    case "histogram_quantiles":
      return .vector(try histogramQuantiles(call, grid))
    case "histogram_fraction":
      return .vector(try histogramFraction(call, grid))
    case "label_replace", "label_join":
      return .vector(try labelFunction(call, grid))
    case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar":
      // Native histograms only; float samples give nothing.
      _ = try evalVector(call.args[0], grid)
      return .vector([])
    case "info":
      return .vector(try evalVector(call.args[0], grid))
    default:
      throw .execution("function \"\(name)\" is not supported")
    }
  }

  /// Element-wise functions: every value mapped (nil removes it), the metric name dropped.
  private func mapValues(_ argument: Expr, _ grid: StepGrid, _ transform: (Double, Int) -> Double?) throws(QueryError) -> [StepSeries] {
    var series = try evalVector(argument, grid)
    for index in series.indices {
      try tick()
      series[index].dropName = true
      for step in 0..<grid.count where series[index].present[step] {
        if let value = transform(series[index].values[step], step) {
          series[index].values[step] = value
        } else {
          series[index].present[step] = false
        }
      }
    }
    return series.filter { !$0.isEmpty }
  }

  private func mapValues(_ argument: Expr, _ grid: StepGrid, _ transform: (Double) -> Double) throws(QueryError) -> [StepSeries] {
    try mapValues(argument, grid) { value, _ in transform(value) }
  }

  private func scalarOf(_ argument: Expr, _ grid: StepGrid) throws(QueryError) -> [Double] {
    let series = try evalVector(argument, grid)
    var values = [Double](repeating: .nan, count: grid.count)
    for step in 0..<grid.count {
      var found: Double?
      var count = 0
      for item in series where item.present[step] {
        count += 1
        found = item.values[step]
      }
      if count == 1, let found { values[step] = found }
    }
    return values
  }

  /// timestamp(): the time of the sample itself for a plain selector, the step time otherwise.
  private func timestamps(_ argument: Expr, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    var inner = argument
    while case .paren(let paren) = inner { inner = paren.expr }
    if case .vectorSelector(let selector) = inner {
      return try evalVectorSelector(selector, grid, sampleTimestamps: true)
    }
    var series = try evalVector(argument, grid)
    for index in series.indices {
      series[index].dropName = true
      for step in 0..<grid.count { series[index].values[step] = Double(grid.time(step)) / 1000 }
    }
    return series
  }

  /// The labels absent() gives its 1: those the selector pins with `=` (except the name), unless a
  /// label is pinned twice.
  private func absentLabels(_ argument: Expr) -> Labels {
    var inner = argument
    while case .paren(let paren) = inner { inner = paren.expr }
    let matchers: [LabelMatcher]
    switch inner {
    case .vectorSelector(let selector): matchers = selector.matchers
    case .matrixSelector(let matrix): matchers = matrix.selector.matchers
    default: return Labels()
    }
    var seen: [String: Int] = [:]
    for matcher in matchers where matcher.name != Labels.metricName { seen[matcher.name, default: 0] += 1 }
    var pairs: [Label] = []
    for matcher in matchers where matcher.kind == .equal && matcher.name != Labels.metricName && seen[matcher.name] == 1 {
      pairs.append(Label(matcher.name, matcher.value))
    }
    return Labels(pairs)
  }

  private func absent(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let input = try evalVector(call.args[0], grid)
    var output = StepSeries(labels: absentLabels(call.args[0]), steps: grid.count)
    for step in 0..<grid.count where !input.contains(where: { $0.present[step] }) { output.set(step, 1) }
    return output.isEmpty ? [] : [output]
  }

  private func absentOverTime(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let input = try evalRange(call.args[0], grid)
    var anyPresent = [Bool](repeating: false, count: grid.count)
    for series in input.series {
      try tick()
      var cursor = WindowCursor()
      series.timestampsMs.withUnsafeBufferPointer { timestamps in
        for step in 0..<grid.count where !anyPresent[step] {
          if !cursor.window(timestamps, readTime: input.readTimes[step], rangeMs: input.rangeMs).isEmpty { anyPresent[step] = true }
        }
      }
    }
    var output = StepSeries(labels: absentLabels(call.args[0]), steps: grid.count)
    for step in 0..<grid.count where !anyPresent[step] { output.set(step, 1) }
    return output.isEmpty ? [] : [output]
  }

  private func sort(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    var series = try evalVector(call.args[0], grid)
    if isRangeQuery {
      annotate(.warning, "sort is ineffective for range queries since results are always ordered by labels", call.position)
    }
    guard grid.count == 1 else { return series }
    switch call.function.name {
    case "sort":
      series = Self.stableSorted(series) { SampleOrdering.ascendingNaNLast($0.values[0], $1.values[0]) }
    case "sort_desc":
      series = Self.stableSorted(series) { SampleOrdering.descendingNaNLast($0.values[0], $1.values[0]) }
    default:
      var names: [String] = []
      for argument in call.args.dropFirst() {
        guard case .string(let name) = try eval(argument, grid) else { continue }
        names.append(name)
      }
      let descending = call.function.name == "sort_by_label_desc"
      series = Self.stableSorted(series) { left, right in
        let order = NaturalOrder.compare(left.labels, right.labels, by: names)
        return descending ? order > 0 : order < 0
      }
    }
    return series
  }

  private static func stableSorted(_ series: [StepSeries], by precedes: (StepSeries, StepSeries) -> Bool) -> [StepSeries] {
    series.enumerated().sorted { left, right in
      if precedes(left.element, right.element) { return true }
      if precedes(right.element, left.element) { return false }
      return left.offset < right.offset
    }.map(\.element)
  }
}
