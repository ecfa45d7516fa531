// Instant and range selectors over the prefetched series: each step is answered by a forward
// cursor over the sorted timestamps, since step times only ever increase (or stay put under `@`).
import WardenCore

extension Evaluator {
  /// The latest sample in `(t - lookback, t]` of every selected series at every step; no value
  /// where that sample is a stale marker. With `sampleTimestamps` the value is the sample's own
  /// timestamp in seconds, which is what `timestamp(selector)` returns.
  func evalVectorSelector(_ selector: VectorSelector, _ grid: StepGrid, sampleTimestamps: Bool = false) throws(QueryError) -> [StepSeries] {
    let source = fetched[selector.matchers] ?? []
    let shift = shift(selector.at, selector.offsetMs)
    let lookback = options.lookbackDeltaMs
    var output: [StepSeries] = []
    output.reserveCapacity(source.count)
    var points = 0
    for series in source {
      try tick()
      var result = StepSeries(labels: series.labels, dropName: sampleTimestamps, steps: grid.count)
      var found = false
      series.timestampsMs.withUnsafeBufferPointer { timestamps in
        series.values.withUnsafeBufferPointer { values in
          var cursor = 0
          for step in 0..<grid.count {
            let readTime = shift.apply(grid.time(step))
            if cursor > 0 && timestamps[cursor - 1] > readTime { cursor = 0 }
            while cursor < timestamps.count && timestamps[cursor] <= readTime { cursor += 1 }
            guard cursor > 0 else { continue }
            let latest = cursor - 1
            guard timestamps[latest] > readTime - lookback, !values[latest].isStaleMarker else { continue }
            result.values[step] = sampleTimestamps ? Double(timestamps[latest]) / 1000 : values[latest]
            result.present[step] = true
            found = true
            points += 1
          }
        }
      }
      if found { output.append(result) }
    }
    try account(points: points)
    return output
  }


  /// The series of a matrix selector with the time each step reads at; windows are cut by the
  /// consumer. Stale markers never take part in range functions.
  func rangeInput(_ matrix: MatrixSelector, _ grid: StepGrid) -> RangeInput {
    let shift = shift(matrix.selector.at, matrix.selector.offsetMs)
    var readTimes = [Int64](repeating: 0, count: grid.count)
    for step in 0..<grid.count { readTimes[step] = shift.apply(grid.time(step)) }
    var series = fetched[matrix.selector.matchers] ?? []
    for index in series.indices where series[index].values.contains(where: \.isStaleMarker) {
      var kept = SeriesSamples(labels: series[index].labels)
      for (time, value) in zip(series[index].timestampsMs, series[index].values) where !value.isStaleMarker {
        kept.timestampsMs.append(time)
        kept.values.append(value)
      }
      series[index] = kept
    }
    return RangeInput(series: series, dropName: [Bool](repeating: false, count: series.count), rangeMs: matrix.rangeMs, readTimes: readTimes)
  }
}

/// The window `(readTime - range, readTime]` of one series, advanced step by step.
struct WindowCursor {
  private var lower = 0
  private var upper = 0
  private var lastReadTime = Int64.min

  /// Index bounds of the window in `timestamps`; both cursors only move forward unless time goes
  /// back (never within one grid).
  mutating func window(_ timestamps: UnsafeBufferPointer<Int64>, readTime: Int64, rangeMs: Int64) -> Range<Int> {
    if readTime < lastReadTime {
      lower = 0
      upper = 0
    }
    lastReadTime = readTime
    let start = readTime - rangeMs
    while lower < timestamps.count && timestamps[lower] <= start { lower += 1 }
    if upper < lower { upper = lower }
    while upper < timestamps.count && timestamps[upper] <= readTime { upper += 1 }
    return lower..<upper
  }
}
