// info(): each base series gains the data labels of the info series (target_info by default) that
// share its identifying labels at that step; of several series of one info metric the one with the
// latest sample wins, and two info metrics disagreeing on a label is an error.
import WardenCore

extension Evaluator {
  func info(_ call: FunctionCall, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let base = try evalVector(call.args[0], grid)
    let selector = InfoSelector(call)
    // Values are the info samples' own timestamps, to find the latest one.
    let infos = try evalVectorSelector(selector.selector, grid, sampleTimestamps: true)
    var byIdentity: [[String]: [Int]] = [:]
    for (index, series) in infos.enumerated() {
      byIdentity[InfoSelector.identifyingLabels.map { series.labels[$0] }, default: []].append(index)
    }

    var output: [StepSeries] = []
    var outputIndex: [Labels: Int] = [:]
    func emit(_ labels: Labels, _ dropName: Bool, _ step: Int, _ value: Double) throws(QueryError) {
      let target: Int
      if let known = outputIndex[labels] {
        target = known
      } else {
        target = output.count
        outputIndex[labels] = target
        output.append(StepSeries(labels: labels, dropName: dropName, steps: grid.count))
      }
      if output[target].present[step] { throw .execution("vector cannot contain metrics with the same labelset") }
      output[target].set(step, value)
    }

    var chosen: [(name: String, index: Int)] = []
    for series in base {
      try tick()
      if selector.isInfoSeries(series.labels) {
        for step in 0..<grid.count where series.present[step] { try emit(series.labels, series.dropName, step, series.values[step]) }
        continue
      }
      let candidates = byIdentity[InfoSelector.identifyingLabels.map { series.labels[$0] }] ?? []
      for step in 0..<grid.count where series.present[step] {
        chosen.removeAll(keepingCapacity: true)
        for candidate in candidates where infos[candidate].present[step] {
          let name = infos[candidate].labels.metricName
          if let existing = chosen.firstIndex(where: { $0.name == name }) {
            if infos[candidate].values[step] > infos[chosen[existing].index].values[step] { chosen[existing].index = candidate }
          } else {
            chosen.append((name, candidate))
          }
        }
        guard !chosen.isEmpty else {
          if selector.keepsUnmatched { try emit(series.labels, series.dropName, step, series.values[step]) }
          continue
        }
        var labels = series.labels
        var added: [String: String] = [:]
        for (_, index) in chosen {
          for label in infos[index].labels.pairs where selector.copies(label.name) && series.labels[label.name].isEmpty {
            if let previous = added[label.name], previous != label.value {
              throw .execution("conflicting label: \(label.name)")
            }
            added[label.name] = label.value
            labels = labels.setting(label.name, to: label.value)
          }
        }
        try emit(labels, series.dropName, step, series.values[step])
      }
    }
    return output
  }
}
