// One range aggregation (`count_over_time(...)`, `quantile_over_time(0.9, ... | unwrap x [5m])`)
// over a whole step grid: reads its selection once, oldest first, stream by stream, and turns the
// records into per-step values of each output series. Lines whose labels the pipeline cannot
// change (only line filters, no structured metadata) take a path with no allocation per line:
// `keepsLine` and the stream's own series.
import PromQL
import WardenCore

struct RangeAggregationEvaluator {
  let source: any LogSource
  let expr: RangeAggregationExpr
  /// Labels reduced where samples are extracted: the expression's own `by`/`without`, or that of
  /// a `sum` pushed down onto an additive aggregation.
  let reduction: LabelReduction?
  let grid: MetricGrid
  let options: LogQLOptions

  private var rangeNs: Int64 { expr.range.rangeNs }
  private var offsetNs: Int64 { expr.range.offsetNs }

  func evaluate(budget: inout QueryBudget, statistics: inout LogQLStatistics) throws(LogQLError) -> [SeriesSamples] {
    guard rangeNs > 0 else { throw LogQLError(.invalid, "invalid range: must be positive", position: expr.position) }
    var pipeline = try LogPipeline(expr.range.selector.pipeline)
    if let reduction, !reduction.without {
      // Only the grouping's labels (and an unwrapped one) survive the reduction: parsers need not
      // build the others.
      var needed = reduction.names
      if let unwrap = expr.range.unwrap {
        needed.insert(unwrap.label)
        for filter in unwrap.postFilters { needed.formUnion(filter.labelNames) }
      }
      pipeline = pipeline.extractingOnly(needed)
    }
    let cursors = try select(pipeline)
    if let unwrap = expr.range.unwrap {
      return try evaluateUnwrapped(unwrap, pipeline, cursors, &budget, &statistics)
    }
    if expr.operation.needsUnwrap {
      throw LogQLError(.invalid, "invalid aggregation \(expr.operation.rawValue) without unwrap", position: expr.position)
    }
    return try evaluateCounts(pipeline, cursors, &budget, &statistics)
  }

  /// Every record any step's window can hold: `(first end - range, last end]`.
  private func select(_ pipeline: LogPipeline) throws(LogQLError) -> [any LogStreamCursor] {
    let selection = LogSelection(
      matchers: expr.range.selector.matchers,
      startNs: grid.startNs - offsetNs - rangeNs + 1,
      endNs: grid.endNs - offsetNs + 1,
      direction: .forward,
      requiredSubstrings: pipeline.requiredSubstrings)
    do {
      return try source.select(selection)
    } catch {
      throw LogQLError(.storage, "reading logs: \(error)")
    }
  }

  private func nextRun(_ cursor: any LogStreamCursor) throws(LogQLError) -> LogLines? {
    do {
      return try cursor.next()
    } catch {
      throw LogQLError(.storage, "reading logs: \(error)")
    }
  }

  // MARK: Line counts

  private func evaluateCounts(
    _ pipeline: LogPipeline, _ cursors: [any LogStreamCursor], _ budget: inout QueryBudget, _ statistics: inout LogQLStatistics
  ) throws(LogQLError) -> [SeriesSamples] {
    let outputs = try ParallelCounting.run(self, pipeline, cursors, &budget, &statistics)

    if expr.operation == .absentOverTime { return try absent(outputs) }
    let rangeSeconds = Double(rangeNs) / 1e9
    var result: [SeriesSamples] = []
    result.reserveCapacity(outputs.labels.count)
    for (labels, counts) in zip(outputs.labels, outputs.series) {
      let (lines, bytes) = counts.totals()
      var samples = SeriesSamples(labels: labels)
      for step in 0..<grid.count where lines[step] > 0 {
        let value: Double
        switch expr.operation {
        case .countOverTime: value = Double(lines[step])
        case .rate: value = Double(lines[step]) / rangeSeconds
        case .bytesOverTime: value = Double(bytes[step])
        case .bytesRate: value = Double(bytes[step]) / rangeSeconds
        default: throw LogQLError(.invalid, "invalid aggregation \(expr.operation.rawValue) without unwrap", position: expr.position)
        }
        samples.timestampsMs.append(grid.timeMs(step))
        samples.values.append(value)
      }
      try PipelineErrorLabels.check(labels)
      result.append(samples)
    }
    return result
  }

  /// Counts the records of `cursors` into per-step windows of their output series (one task's
  /// share of the streams; `ParallelCounting` runs several and merges them).
  func countRecords(
    _ pipeline: LogPipeline, _ cursors: some Sequence<any LogStreamCursor>, _ budget: inout QueryBudget,
    _ statistics: inout LogQLStatistics
  ) throws(LogQLError) -> OutputSeries<WindowCounts> {
    var outputs = OutputSeries<WindowCounts>(reduction: reduction, limit: options.maxPointsInMemory / max(grid.count, 1))
    let runner = pipeline.makeRunner()
    let labelsFixed = pipeline.onlyFiltersLines
    var kept: [Bool] = []
    for cursor in cursors {
      try budget.check()
      let stream = cursor.labels
      var streamOutput: Int?
      while let run = try nextRun(cursor) {
        statistics.count(run)
        try budget.check()
        if labelsFixed && !pipeline.isEmpty { runner.keptRecords(run, into: &kept) }
        for record in 0..<run.count {
          try budget.tick()
          guard let steps = grid.steps(containing: run.timestampsNs[record], rangeNs: rangeNs, offsetNs: offsetNs) else { continue }
          let hasMetadata = run.metadataStart(record) != Int(run.metadataEnds[record])
          if labelsFixed && !hasMetadata {
            if !pipeline.isEmpty && !kept[record] { continue }
            let output: Int
            if let known = streamOutput {
              output = known
            } else {
              output = try outputs.index(of: stream, new: WindowCounts(steps: grid.count))
              streamOutput = output
            }
            outputs.series[output].add(steps, bytes: run.lineEnds[record] - run.lineStart(record))
          } else {
            let line = run.lineSlice(record)
            guard let processed = runner.process(line: line, timestampNs: run.timestampsNs[record], stream: stream, metadata: run.metadata(record)) else { continue }
            // A failed line keeps all its labels, so grouping cannot hide the error.
            let output = try processed.labels[PipelineErrorLabels.error].isEmpty
              ? outputs.index(of: processed.labels, new: WindowCounts(steps: grid.count))
              : outputs.index(ofUnreduced: processed.labels, new: WindowCounts(steps: grid.count))
            outputs.series[output].add(steps, bytes: processed.rewrittenLine?.count ?? line.count)
          }
        }
      }
    }
    return outputs
  }

  /// 1 at every step no window of which holds a line, under the selector's equality labels.
  private func absent(_ outputs: OutputSeries<WindowCounts>) throws(LogQLError) -> [SeriesSamples] {
    var seen = [Bool](repeating: false, count: grid.count)
    for (labels, counts) in zip(outputs.labels, outputs.series) {
      let lines = counts.totals().lines
      var any = false
      for step in 0..<grid.count where lines[step] > 0 {
        seen[step] = true
        any = true
      }
      if any { try PipelineErrorLabels.check(labels) }
    }
    var samples = SeriesSamples(labels: expr.absentLabels)
    for step in 0..<grid.count where !seen[step] {
      samples.timestampsMs.append(grid.timeMs(step))
      samples.values.append(1)
    }
    return samples.values.isEmpty ? [] : [samples]
  }

  // MARK: Unwrapped values

  private func evaluateUnwrapped(
    _ unwrap: UnwrapExpr, _ pipeline: LogPipeline, _ cursors: [any LogStreamCursor], _ budget: inout QueryBudget,
    _ statistics: inout LogQLStatistics
  ) throws(LogQLError) -> [SeriesSamples] {
    let function = try UnwrappedFunction(expr.operation, parameter: expr.parameter)
    var postFilters: [CompiledLabelFilter] = []
    for filter in unwrap.postFilters { postFilters.append(try CompiledLabelFilter(filter)) }
    // `without` also drops the unwrapped label, as Loki does.
    var reduction = reduction
    if let grouping = reduction, grouping.without, !grouping.names.isEmpty { reduction?.names.insert(unwrap.label) }

    var outputs = OutputSeries<UnwrappedSeries>(reduction: reduction, limit: options.maxPointsInMemory / max(grid.count, 1))
    var sampleCount = 0
    let runner = pipeline.makeRunner()
    for cursor in cursors {
      try budget.check()
      let stream = cursor.labels
      while let run = try nextRun(cursor) {
        statistics.count(run)
        try budget.check()
        for record in 0..<run.count {
          try budget.tick()
          let timestamp = run.timestampsNs[record]
          guard grid.steps(containing: timestamp, rangeNs: rangeNs, offsetNs: offsetNs) != nil else { continue }
          guard let processed = runner.process(line: run.lineSlice(record), timestampNs: timestamp, stream: stream, metadata: run.metadata(record)) else { continue }
          var labels = processed.labels
          let value = Self.convert(labels[unwrap.label], unwrap.conversion)
          if value == nil { labels = labels.setting(PipelineErrorLabels.error, to: PipelineErrorLabels.sampleExtraction) }
          var kept = true
          for filter in postFilters where kept { kept = filter.evaluate(&labels) }
          if !kept { continue }
          // A failed line keeps all its labels, so grouping cannot hide the error.
          let output = try labels[PipelineErrorLabels.error].isEmpty
            ? outputs.index(of: labels, new: UnwrappedSeries())
            : outputs.index(ofUnreduced: labels, new: UnwrappedSeries())
          outputs.series[output].append(timestamp, value ?? 0)
          sampleCount += 1
          if sampleCount > options.maxPointsInMemory {
            throw LogQLError(.limit, "the query would hold more than \(options.maxPointsInMemory) unwrapped samples in memory; narrow the selector or the time range")
          }
        }
      }
    }

    var result: [SeriesSamples] = []
    result.reserveCapacity(outputs.labels.count)
    for index in outputs.series.indices {
      try budget.check()
      outputs.series[index].sortByTime()
      let samples = outputs.series[index].evaluate(function, grid: grid, rangeNs: rangeNs, offsetNs: offsetNs, labels: outputs.labels[index])
      if samples.values.isEmpty { continue }
      try PipelineErrorLabels.check(samples.labels)
      result.append(samples)
    }
    return result
  }

  /// The label's value as a number, per the unwrap's conversion; nil when missing or malformed.
  static func convert(_ text: String, _ conversion: UnwrapExpr.Conversion) -> Double? {
    if text.isEmpty { return nil }
    switch conversion {
    case .none: return LabelValueConversion.number(text)
    case .duration, .durationSeconds: return LabelValueConversion.duration(text)
    case .bytes: return LabelValueConversion.bytes(text)
    }
  }
}

/// Output series of one range aggregation by label set, in order of first appearance, with a cap
/// on how many may be held.
struct OutputSeries<Accumulator> {
  let reduction: LabelReduction?
  let limit: Int
  private(set) var labels: [Labels] = []
  var series: [Accumulator] = []
  private var indexByLabels: [Labels: Int] = [:]

  init(reduction: LabelReduction?, limit: Int) {
    self.reduction = reduction
    self.limit = max(limit, 1)
  }

  /// The series of `labels` after reduction, made on first sight.
  mutating func index(of labels: Labels, new: @autoclosure () -> Accumulator) throws(LogQLError) -> Int {
    try index(ofUnreduced: reduction?.apply(labels) ?? labels, new: new())
  }

  /// Adds another task's series (already reduced) into these, combining equal label sets.
  mutating func merge(_ other: OutputSeries<Accumulator>, new: () -> Accumulator, combine: (inout Accumulator, Accumulator) -> Void)
    throws(LogQLError)
  {
    for (labels, accumulator) in zip(other.labels, other.series) {
      let index = try index(ofUnreduced: labels, new: new())
      combine(&series[index], accumulator)
    }
  }

  mutating func index(ofUnreduced labels: Labels, new: @autoclosure () -> Accumulator) throws(LogQLError) -> Int {
    if let known = indexByLabels[labels] { return known }
    guard self.labels.count < limit else {
      throw LogQLError(.limit, "the query would hold more than \(limit) series per range aggregation in memory; aggregate with sum by (...) or narrow the selector")
    }
    indexByLabels[labels] = self.labels.count
    self.labels.append(labels)
    series.append(new())
    return self.labels.count - 1
  }
}
