// Turns the root node's grid values into the API's value: pending metric-name drops are applied
// here (delayed name removal), series that then share a label set are merged or, when they have
// values at the same step, rejected as Prometheus rejects them.
import WardenCore

struct ResultBuilder {
  let grid: StepGrid
  let isRange: Bool

  func build(_ value: StepValue) throws(QueryError) -> QueryValue {
    switch value {
    case .scalar(let values):
      if isRange {
        var series = SeriesSamples(labels: Labels())
        for step in 0..<grid.count {
          series.timestampsMs.append(grid.time(step))
          series.values.append(values[step])
        }
        return .matrix(grid.count == 0 ? [] : [series])
      }
      return .scalar(timestampMs: grid.startMs, value: values.first ?? .nan)
    case .string(let text):
      return .string(timestampMs: grid.startMs, value: text)
    case .vector(let series):
      let finished = try Self.finish(series, grid)
      if isRange {
        var matrix: [SeriesSamples] = []
        matrix.reserveCapacity(finished.count)
        for item in finished {
          var samples = SeriesSamples(labels: item.labels)
          for step in 0..<grid.count where item.present[step] {
            samples.timestampsMs.append(grid.time(step))
            samples.values.append(item.values[step])
          }
          if !samples.values.isEmpty { matrix.append(samples) }
        }
        matrix.sort { $0.labels < $1.labels }
        return .matrix(matrix)
      }
      var vector: [VectorSample] = []
      vector.reserveCapacity(finished.count)
      for item in finished where item.present.first == true {
        vector.append(VectorSample(labels: item.labels, timestampMs: grid.startMs, value: item.values[0]))
      }
      return .vector(vector)
    case .range(let input):
      var matrix: [SeriesSamples] = []
      let readTime = input.readTimes.first ?? grid.startMs
      for (index, series) in input.series.enumerated() {
        var samples = SeriesSamples(labels: input.dropName[index] ? series.labels.withoutMetricName : series.labels)
        for (time, value) in zip(series.timestampsMs, series.values) where time > readTime - input.rangeMs && time <= readTime {
          samples.timestampsMs.append(time)
          samples.values.append(value)
        }
        if !samples.values.isEmpty { matrix.append(samples) }
      }
      matrix.sort { $0.labels < $1.labels }
      return .matrix(matrix)
    }
  }

  /// Drops pending names, then merges series that now share labels (the order of first
  /// appearance is kept for instant results, which sort() and topk() rely on).
  static func finish(_ series: [StepSeries], _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let named = series.map { item in
      var item = item
      if item.dropName {
        item.labels = item.labels.withoutMetricName
        item.dropName = false
      }
      return item
    }
    return try StepSeries.mergingSameLabels(named, grid)
  }
}
