// Range functions (rate, *_over_time, …) over a range-vector argument: for each series a forward
// window cursor yields the samples in `(t - range, t]` for every step, and the kernel turns each
// window into at most one value.
import WardenCore

extension Evaluator {
  func evalRangeFunction(_ function: RangeFunction, _ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let rangeArgument: Expr
    var scalarArguments: [[Double]] = []
    if function == .quantileOverTime {
      scalarArguments.append(try evalScalar(call.args[0], grid))
      rangeArgument = call.args[1]
    } else {
      rangeArgument = call.args[0]
      for argument in call.args.dropFirst() { scalarArguments.append(try evalScalar(argument, grid)) }
    }
    if function == .quantileOverTime, let invalid = scalarArguments[0].first(where: Quantile.isInvalid) {
      annotate(.warning, Quantile.invalidWarning(invalid), call.args[0].position)
    }
    let input = try evalRange(rangeArgument, grid)
    let checksCounterName = function == .rate || function == .increase
    // Under `@` every step reads the same window with the same arguments, so one evaluation per
    // series serves every step; not for predict_linear, whose intercept is at the step's own time.
    let invariant = grid.count > 1 && function != .predictLinear && input.readTimes.allSatisfy { $0 == input.readTimes[0] }
      && scalarArguments.allSatisfy { values in values.allSatisfy { $0.bitPattern == values[0].bitPattern } }
    let evaluatedSteps = invariant ? 1 : grid.count
    var output: [StepSeries] = []
    output.reserveCapacity(input.series.count)
    var points = 0
    // One sort buffer for quantile_over_time and mad_over_time across all series and steps.
    var scratch: [Double] = []
    for (index, series) in input.series.enumerated() {
      try tick()
      var result = StepSeries(labels: series.labels, dropName: input.dropName[index] || !function.keepsMetricName, steps: grid.count)
      var cursor = WindowCursor()
      var found = false
      // The series' columns are borrowed once for all its steps; errors come out as a value
      // (typed throws through withUnsafeBufferPointer trips a compiler bug here).
      let failure: RangeFunctionError? = series.timestampsMs.withUnsafeBufferPointer { timestamps in
        series.values.withUnsafeBufferPointer { values in
          for step in 0..<evaluatedSteps {
            let readTime = input.readTimes[step]
            let bounds = cursor.window(timestamps, readTime: readTime, rangeMs: input.rangeMs)
            guard !bounds.isEmpty else { continue }
            let window = RangeWindow(
              timestampsMs: UnsafeBufferPointer(rebasing: timestamps[bounds]), values: UnsafeBufferPointer(rebasing: values[bounds]),
              rangeStartMs: readTime - input.rangeMs, rangeEndMs: readTime, evaluationTimeMs: grid.time(step))
            var arguments = RangeFunctionArguments.none
            if scalarArguments.count > 0 { arguments.scalar0 = scalarArguments[0][step] }
            if scalarArguments.count > 1 { arguments.scalar1 = scalarArguments[1][step] }
            let value: Double?
            switch Result(catching: { () throws(RangeFunctionError) -> Double? in
              try function.evaluate(window, arguments: arguments, scratch: &scratch)
            }) {
            case .success(let outcome): value = outcome
            case .failure(let error): return error
            }
            guard let value else { continue }
            result.set(step, value)
            found = true
            points += 1
          }
          return nil
        }
      }
      if let failure { throw .execution(failure.message) }
      guard found else { continue }
      if invariant {
        for step in 1..<grid.count { result.set(step, result.values[0]) }
        points += grid.count - 1
      }
      if checksCounterName { checkCounterName(series.labels, rangeArgument.position) }
      output.append(result)
    }
    try account(points: points)
    return output
  }

  /// rate() and increase() expect counters; Prometheus hints when the name does not say so.
  private func checkCounterName(_ labels: Labels, _ position: PositionRange) {
    let name = labels.metricName
    guard !name.isEmpty else { return }
    for suffix in ["_total", "_sum", "_count", "_bucket"] where name.hasSuffix(suffix) { return }
    annotate(.info, "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"\(name)\"", position)
  }
}
