// label_replace() and label_join(): new label sets per series (the regex/join kernels live in
// Functions/), a write to `__name__` cancels a pending name drop, and series that end up with the
// same labels at the same step are an error, as in Prometheus.
import WardenCore

extension Evaluator {
  func labelFunction(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    var series = try evalVector(call.args[0], grid)
    var strings: [String] = []
    for argument in call.args.dropFirst() {
      guard case .string(let text) = try eval(argument, grid) else { throw .execution("expected string argument") }
      strings.append(text)
    }
    let relabel = try LabelRewrite(function: call.function.name, strings: strings)
    for index in series.indices {
      try tick()
      series[index].labels = relabel.apply(series[index].labels)
      if relabel.destination == Labels.metricName { series[index].dropName = false }
    }
    return try mergeSameLabels(series, grid)
  }

  /// Series with identical labels become one; two with a value at the same step are an error.
  func mergeSameLabels(_ series: [StepSeries], _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    try StepSeries.mergingSameLabels(series, grid)
  }
}
