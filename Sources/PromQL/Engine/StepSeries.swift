// The engine's working values: every node is evaluated over a whole `StepGrid` at once. A vector
// is a list of series, each with one value slot per step and whether it has a value there; a
// scalar has one value per step. Columns are contiguous so operators loop over plain arrays.
import WardenCore

/// One series of an instant-vector node across the grid.
struct StepSeries: Sendable {
  var labels: Labels
  /// Delayed name removal: the metric name is kept for matching and grouping and dropped when the
  /// result leaves the engine (unless a later `label_replace`/`label_join` writes `__name__`).
  var dropName: Bool
  var values: [Double]
  var present: [Bool]

  init(labels: Labels, dropName: Bool = false, steps: Int) {
    self.labels = labels
    self.dropName = dropName
    values = [Double](repeating: 0, count: steps)
    present = [Bool](repeating: false, count: steps)
  }

  init(labels: Labels, dropName: Bool, values: [Double], present: [Bool]) {
    self.labels = labels
    self.dropName = dropName
    self.values = values
    self.present = present
  }

  var isEmpty: Bool { !present.contains(true) }

  var pointCount: Int {
    var count = 0
    for flag in present where flag { count += 1 }
    return count
  }

  mutating func set(_ step: Int, _ value: Double) {
    values[step] = value
    present[step] = true
  }
}

/// Raw samples of a range-vector argument (a matrix selector or a subquery), with the instant each
/// grid step reads at (after `offset`/`@`). Stale markers are already removed.
struct RangeInput: Sendable {
  var series: [SeriesSamples]
  var dropName: [Bool]
  var rangeMs: Int64
  var readTimes: [Int64]
}

/// What evaluating a node yields.
enum StepValue: Sendable {
  case scalar([Double])
  case string(String)
  case vector([StepSeries])
  case range(RangeInput)
}

extension StepSeries {
  /// Series with identical labels become one, in order of first appearance (which sort() and
  /// topk() results rely on); two with a value at the same step are Prometheus's "same labelset"
  /// error. A pending name drop survives if any of the merged series had one.
  static func mergingSameLabels(_ series: [StepSeries], _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    var index: [Labels: Int] = [:]
    var output: [StepSeries] = []
    output.reserveCapacity(series.count)
    for item in series {
      guard let existing = index[item.labels] else {
        index[item.labels] = output.count
        output.append(item)
        continue
      }
      for step in 0..<grid.count where item.present[step] {
        if output[existing].present[step] { throw .execution("vector cannot contain metrics with the same labelset") }
        output[existing].set(step, item.values[step])
      }
      output[existing].dropName = output[existing].dropName || item.dropName
    }
    return output
  }
}
