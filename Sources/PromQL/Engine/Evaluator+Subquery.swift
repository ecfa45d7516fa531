// Subqueries: the inner expression is evaluated on its own grid, aligned to multiples of its step
// (as Prometheus aligns it, so results do not depend on the outer query's start), and its points
// become the samples of a range vector for the enclosing function.
import WardenCore

extension Evaluator {
  func evalSubquery(_ subquery: SubqueryExpr, _ grid: StepGrid) throws(QueryError) -> RangeInput {
    let shift = shift(subquery.at, subquery.offsetMs)
    var readTimes = [Int64](repeating: 0, count: grid.count)
    for step in 0..<grid.count { readTimes[step] = shift.apply(grid.time(step)) }
    let empty = RangeInput(series: [], dropName: [], rangeMs: subquery.rangeMs, readTimes: readTimes)
    guard let first = readTimes.min(), let last = readTimes.max() else { return empty }

    let stepMs = max(subquery.stepMs ?? options.defaultSubqueryStepMs, 1)
    let earliest = first - subquery.rangeMs
    var innerStart = stepMs * (earliest / stepMs)
    if innerStart < earliest { innerStart += stepMs }
    let inner = StepGrid(startMs: innerStart, endMs: last, stepMs: stepMs)
    guard inner.count > 0 else { return empty }

    var series: [SeriesSamples] = []
    var dropName: [Bool] = []
    switch try eval(subquery.expr, inner) {
    case .scalar(let values):
      series.append(Self.samples(Labels(), values, [Bool](repeating: true, count: values.count), inner))
      dropName.append(false)
    case .vector(let vector):
      series.reserveCapacity(vector.count)
      for item in vector {
        series.append(Self.samples(item.labels, item.values, item.present, inner))
        dropName.append(item.dropName)
      }
    default:
      throw .execution("subquery is only allowed on instant vector or scalar expressions")
    }
    return RangeInput(series: series, dropName: dropName, rangeMs: subquery.rangeMs, readTimes: readTimes)
  }

  private static func samples(_ labels: Labels, _ values: [Double], _ present: [Bool], _ grid: StepGrid) -> SeriesSamples {
    var result = SeriesSamples(labels: labels)
    for step in 0..<grid.count where present[step] {
      result.timestampsMs.append(grid.time(step))
      result.values.append(values[step])
    }
    return result
  }
}
