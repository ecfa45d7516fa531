// Binary operators over whole grids: scalar/scalar, vector/scalar, vector/vector with label
// matching (one-to-one, many-to-one, one-to-many) and the set operators, with Prometheus's
// matching errors and name dropping.
import WardenCore

extension Evaluator {
  func evalBinary(_ binary: BinaryExpr, _ grid: StepGrid) throws(QueryError) -> StepValue {
    let lhs = try eval(binary.lhs, grid)
    let rhs = try eval(binary.rhs, grid)
    switch (lhs, rhs) {
    case (.scalar(let left), .scalar(let right)):
      var values = left
      for step in 0..<grid.count {
        let (value, keep) = BinaryArithmetic.apply(binary.op, left[step], right[step])
        values[step] = binary.op.isComparison ? (keep ? 1 : 0) : value
      }
      return .scalar(values)
    case (.vector(let vector), .scalar(let scalar)):
      return .vector(try vectorScalar(binary, vector, scalar, scalarOnLeft: false, grid))
    case (.scalar(let scalar), .vector(let vector)):
      return .vector(try vectorScalar(binary, vector, scalar, scalarOnLeft: true, grid))
    case (.vector(let left), .vector(let right)):
      let matching = binary.matching ?? VectorMatching(cardinality: binary.op.isSetOperator ? .manyToMany : .oneToOne)
      switch binary.op {
      case .and: return .vector(try setFilter(left, right, matching, grid, keepMatched: true))
      case .unless: return .vector(try setFilter(left, right, matching, grid, keepMatched: false))
      case .or: return .vector(try setUnion(left, right, matching, grid))
      default: return .vector(try vectorVector(binary, left, right, matching, grid))
      }
    default:
      throw .execution("binary expression must contain only scalar and instant vector types")
    }
  }

  private func vectorScalar(_ binary: BinaryExpr, _ vector: [StepSeries], _ scalar: [Double], scalarOnLeft: Bool, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let op = binary.op
    let drop = binary.returnBool || BinaryArithmetic.dropsName(op)
    var output: [StepSeries] = []
    output.reserveCapacity(vector.count)
    for var series in vector {
      try tick()
      var any = false
      for step in 0..<grid.count where series.present[step] {
        let element = series.values[step]
        let (value, keep) = scalarOnLeft ? BinaryArithmetic.apply(op, scalar[step], element) : BinaryArithmetic.apply(op, element, scalar[step])
        if binary.returnBool {
          series.values[step] = keep ? 1 : 0
        } else if !keep {
          series.present[step] = false
          continue
        } else {
          // A comparison keeps the vector's own value even when the scalar is on the left.
          series.values[step] = op.isComparison ? element : value
        }
        any = true
      }
      guard any else { continue }
      if drop { series.dropName = true }
      output.append(series)
    }
    return output
  }

  private func signature(_ labels: Labels, _ matching: VectorMatching) -> Labels {
    matching.on ? labels.keeping(matching.matchingLabels) : labels.dropping(matching.matchingLabels)
  }

  private func vectorVector(_ binary: BinaryExpr, _ lhs: [StepSeries], _ rhs: [StepSeries], _ matching: VectorMatching, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let op = binary.op
    // The "many" side drives the output; the "one" side must be unique per match group and step.
    let swapped = matching.cardinality == .oneToMany
    let many = swapped ? rhs : lhs
    let one = swapped ? lhs : rhs
    var oneGroups: [Labels: [Int]] = [:]
    for (index, series) in one.enumerated() { oneGroups[signature(series.labels, matching), default: []].append(index) }

    // Duplicates on the "one" side are an error wherever two of them have a value at one step.
    for (_, members) in oneGroups where members.count > 1 {
      for step in 0..<grid.count {
        let presentMembers = members.filter { one[$0].present[step] }
        guard presentMembers.count > 1 else { continue }
        let pair = presentMembers.prefix(2).map { one[$0].labels }.sorted()
        let group = matching.on ? pair[0].keeping(matching.matchingLabels) : pair[0].dropping(matching.matchingLabels)
        throw .execution("found duplicate series for the match group \(group.errorDescription) on the \(swapped ? "left" : "right") hand-side of the operation: [\(pair[0].errorDescription), \(pair[1].errorDescription)];many-to-many matching not allowed: matching labels must be unique on one side")
      }
    }

    let manyKeys = many.map { signature($0.labels, matching) }
    if matching.cardinality == .oneToOne {
      // Two left series of one match group, both with a partner at the same step.
      var manyGroups: [Labels: [Int]] = [:]
      for (index, key) in manyKeys.enumerated() where oneGroups[key] != nil { manyGroups[key, default: []].append(index) }
      for (key, members) in manyGroups where members.count > 1 {
        let partners = oneGroups[key]!
        for step in 0..<grid.count where partners.contains(where: { one[$0].present[step] }) {
          if members.lazy.filter({ many[$0].present[step] }).count > 1 {
            throw .execution("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
          }
        }
      }
    }

    let drop = binary.returnBool || BinaryArithmetic.dropsName(op)
    var output: [StepSeries] = []
    var outputIndex: [Labels: Int] = [:]
    // Slots already matched, including those a comparison then filtered away.
    var taken: [[Bool]] = []
    for (manyIndex, series) in many.enumerated() {
      try tick()
      guard let partners = oneGroups[manyKeys[manyIndex]] else { continue }
      var labelsByPartner: [Int: Int] = [:]
      for step in 0..<grid.count where series.present[step] {
        guard let partner = partners.first(where: { one[$0].present[step] }) else { continue }
        let target: Int
        if let known = labelsByPartner[partner] {
          target = known
        } else {
          let labels = resultLabels(series.labels, one[partner].labels, matching)
          if let existing = outputIndex[labels] {
            target = existing
          } else {
            target = output.count
            outputIndex[labels] = target
            output.append(StepSeries(labels: labels, dropName: drop || series.dropName, steps: grid.count))
            taken.append([Bool](repeating: false, count: grid.count))
          }
          labelsByPartner[partner] = target
        }
        if taken[target][step] {
          throw .execution(matching.cardinality == .oneToOne ? "vector cannot contain metrics with the same labelset" : "multiple matches for labels: grouping labels must ensure unique matches")
        }
        taken[target][step] = true
        let left = swapped ? one[partner].values[step] : series.values[step]
        let right = swapped ? series.values[step] : one[partner].values[step]
        let (value, keep) = BinaryArithmetic.apply(op, left, right)
        if binary.returnBool {
          output[target].set(step, keep ? 1 : 0)
        } else if keep {
          output[target].set(step, value)
        }
      }
    }
    let result = output.filter { !$0.isEmpty }
    try account(result)
    return result
  }

  private func resultLabels(_ many: Labels, _ one: Labels, _ matching: VectorMatching) -> Labels {
    var labels = many
    if matching.cardinality == .oneToOne {
      labels = matching.on ? many.keeping(matching.matchingLabels) : Labels(sortedPairs: many.pairs.filter { !matching.matchingLabels.contains($0.name) })
    }
    for name in matching.include {
      labels = labels.setting(name, to: one[name])
    }
    return labels
  }

  /// `and` (keep left series whose match group has a right series at the step) and `unless`
  /// (keep those whose group has none).
  private func setFilter(_ lhs: [StepSeries], _ rhs: [StepSeries], _ matching: VectorMatching, _ grid: StepGrid, keepMatched: Bool) throws(QueryError) -> [StepSeries] {
    let rightPresence = presenceByGroup(rhs, matching, grid)
    var output: [StepSeries] = []
    for var series in lhs {
      try tick()
      let groupPresence = rightPresence[signature(series.labels, matching)]
      for step in 0..<grid.count where series.present[step] {
        let matched = groupPresence?[step] ?? false
        if matched != keepMatched { series.present[step] = false }
      }
      if !series.isEmpty { output.append(series) }
    }
    return output
  }

  /// `or`: every left series, plus right series at steps where their group has no left series.
  private func setUnion(_ lhs: [StepSeries], _ rhs: [StepSeries], _ matching: VectorMatching, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let leftPresence = presenceByGroup(lhs, matching, grid)
    var output = lhs
    for var series in rhs {
      try tick()
      if let groupPresence = leftPresence[signature(series.labels, matching)] {
        for step in 0..<grid.count where groupPresence[step] { series.present[step] = false }
      }
      if !series.isEmpty { output.append(series) }
    }
    try account(output)
    return output
  }

  /// For each match group, whether any of its series has a value at each step.
  private func presenceByGroup(_ series: [StepSeries], _ matching: VectorMatching, _ grid: StepGrid) -> [Labels: [Bool]] {
    var presence: [Labels: [Bool]] = [:]
    for item in series {
      let key = signature(item.labels, matching)
      var flags = presence[key] ?? [Bool](repeating: false, count: grid.count)
      for step in 0..<grid.count where item.present[step] { flags[step] = true }
      presence[key] = flags
    }
    return presence
  }
}
