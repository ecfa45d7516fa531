// topk, bottomk, limitk and limit_ratio: aggregations that pass input series through unchanged
// (labels, values, pending name drop) at the steps where they are selected within their group.
import WardenCore

extension Evaluator {
  func select(_ aggregate: AggregateExpr, _ input: [StepSeries], _ groupOf: [Int], _ groupCount: Int, _ parameter: [Double], _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    var members = [[Int]](repeating: [], count: groupCount)
    for (index, group) in groupOf.enumerated() { members[group].append(index) }
    var output = input
    for index in output.indices {
      for step in 0..<grid.count { output[index].present[step] = false }
    }
    // The order of an instant result: groups as first seen, each in its selection order.
    var instantOrder: [Int] = []
    var candidates: [Int] = []
    for step in 0..<grid.count {
      try tick()
      let param = parameter[step]
      for group in 0..<groupCount {
        candidates.removeAll(keepingCapacity: true)
        for member in members[group] where input[member].present[step] { candidates.append(member) }
        guard !candidates.isEmpty else { continue }
        switch aggregate.op {
        case .topk, .bottomk:
          let k = Int(param)
          guard k >= 1 else { continue }
          let ascending = aggregate.op == .bottomk
          // Stable: among equal values the earlier series wins, as Prometheus's heap keeps it.
          let ranked = candidates.enumerated().sorted { left, right in
            let a = input[left.element].values[step], b = input[right.element].values[step]
            let before = ascending ? SampleOrdering.ascendingNaNLast(a, b) : SampleOrdering.descendingNaNLast(a, b)
            let after = ascending ? SampleOrdering.ascendingNaNLast(b, a) : SampleOrdering.descendingNaNLast(b, a)
            return before || (!after && left.offset < right.offset)
          }
          candidates = ranked.prefix(k).map(\.element)
        case .limitk:
          let k = Int(param)
          guard k >= 1 else { continue }
          candidates = Array(candidates.prefix(k))
        case .limitRatio:
          let ratio = Swift.min(Swift.max(param, -1), 1)
          candidates = candidates.filter { Self.sampled(input[$0].labels, ratio: ratio) }
        default:
          continue
        }
        for member in candidates { output[member].present[step] = true }
        if grid.count == 1 { instantOrder.append(contentsOf: candidates) }
      }
    }
    if grid.count == 1 {
      return instantOrder.map { output[$0] }
    }
    return output.filter { !$0.isEmpty }
  }

  /// limit_ratio keeps a series when its label hash, as a fraction of the hash space, falls below
  /// a positive ratio or at or above `1 + ratio` for a negative one, so `r` and `-(1 - r)` select
  /// complementary sets and the choice is stable across steps and queries.
  private static func sampled(_ labels: Labels, ratio: Double) -> Bool {
    let offset = Double(labels.stableHash) / Double(UInt64.max)
    return ratio >= 0 ? offset < ratio : offset >= 1 + ratio
  }
}
