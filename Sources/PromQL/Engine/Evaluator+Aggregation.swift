// Aggregation operators over whole grids: inputs are grouped once by their `by`/`without` labels,
// then each group is folded per step (accumulators for sum…stdvar, selection for topk/bottomk/
// limitk/limit_ratio, quantile, count_values), with the parameter evaluated per step.
import WardenCore

extension Evaluator {
  func evalAggregate(_ aggregate: AggregateExpr, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    var parameter: [Double] = []
    var labelName = ""
    if let param = aggregate.param {
      if aggregate.op == .countValues {
        guard case .string(let name) = try eval(param, grid) else { throw .execution("count_values expects a string parameter") }
        labelName = name
      } else {
        parameter = try evalScalar(param, grid)
      }
    }
    try checkParameter(aggregate, parameter, labelName)
    let input = try evalVector(aggregate.expr, grid)

    // Group membership, groups in order of first appearance.
    var groupKeys: [Labels] = []
    var groupOf: [Int] = []
    var groupIndex: [Labels: Int] = [:]
    groupOf.reserveCapacity(input.count)
    for series in input {
      let key = aggregate.without ? series.labels.dropping(aggregate.grouping) : series.labels.keeping(aggregate.grouping)
      if let known = groupIndex[key] {
        groupOf.append(known)
      } else {
        groupIndex[key] = groupKeys.count
        groupOf.append(groupKeys.count)
        groupKeys.append(key)
      }
    }

    let result: [StepSeries]
    switch aggregate.op {
    case .topk, .bottomk, .limitk, .limitRatio:
      result = try select(aggregate, input, groupOf, groupKeys.count, parameter, grid)
    case .quantile:
      result = try quantiles(input, groupOf, groupKeys, parameter, grid)
    case .countValues:
      result = try countValues(aggregate, input, labelName, grid)
    default:
      guard let kind = AggregationAccumulator.Kind(aggregate.op) else { throw .execution("unknown aggregation \(aggregate.op.rawValue)") }
      result = try fold(kind, input, groupOf, groupKeys, grid)
    }
    try account(result)
    return result
  }

  private func checkParameter(_ aggregate: AggregateExpr, _ parameter: [Double], _ labelName: String) throws(QueryError) {
    let position = aggregate.param?.position ?? aggregate.position
    switch aggregate.op {
    case .topk, .bottomk, .limitk:
      for value in parameter {
        if value.isNaN { throw .execution("Parameter value is NaN") }
        if value >= 0x1p63 || value < -0x1p63 { throw .execution("Scalar value \(GoFormat.general(value)) overflows int64") }
      }
    case .limitRatio:
      for value in parameter {
        if value.isNaN { throw .execution("Ratio value is NaN") }
        if value < -1 || value > 1 { annotate(.warning, "ratio value should be between -1 and 1, got \(GoFormat.general(value)), capping to \(value < 0 ? -1 : 1)", position) }
      }
    case .quantile:
      for value in parameter where Quantile.isInvalid(value) {
        annotate(.warning, Quantile.invalidWarning(value), position)
        break
      }
    case .countValues:
      if labelName.isEmpty || labelName.unicodeScalars.contains("\u{FFFD}") {
        throw .execution("invalid label name \"\(labelName)\"")
      }
    default:
      break
    }
  }

  /// sum, avg, min, max, count, group, stddev, stdvar.
  private func fold(_ kind: AggregationAccumulator.Kind, _ input: [StepSeries], _ groupOf: [Int], _ groupKeys: [Labels], _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    let steps = grid.count
    var accumulators = [AggregationAccumulator?](repeating: nil, count: groupKeys.count * steps)
    var dropName = [Bool](repeating: false, count: groupKeys.count)
    for (index, series) in input.enumerated() {
      try tick()
      let group = groupOf[index]
      if series.dropName { dropName[group] = true }
      let base = group * steps
      for step in 0..<steps where series.present[step] {
        let value = series.values[step]
        if accumulators[base + step] == nil {
          accumulators[base + step] = AggregationAccumulator(kind: kind, first: value)
        } else {
          accumulators[base + step]!.add(value)
        }
      }
    }
    var output: [StepSeries] = []
    output.reserveCapacity(groupKeys.count)
    for (group, key) in groupKeys.enumerated() {
      var series = StepSeries(labels: key, dropName: dropName[group], steps: steps)
      for step in 0..<steps {
        if let accumulator = accumulators[group * steps + step] { series.set(step, accumulator.result) }
      }
      output.append(series)
    }
    return output
  }

  private func quantiles(_ input: [StepSeries], _ groupOf: [Int], _ groupKeys: [Labels], _ parameter: [Double], _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    var members = [[Int]](repeating: [], count: groupKeys.count)
    for (index, group) in groupOf.enumerated() { members[group].append(index) }
    var output: [StepSeries] = []
    var buffer: [Double] = []
    for (group, key) in groupKeys.enumerated() {
      try tick()
      var series = StepSeries(labels: key, dropName: members[group].contains { input[$0].dropName }, steps: grid.count)
      for step in 0..<grid.count {
        buffer.removeAll(keepingCapacity: true)
        for member in members[group] where input[member].present[step] { buffer.append(input[member].values[step]) }
        if !buffer.isEmpty { series.set(step, Quantile.of(parameter[step], &buffer)) }
      }
      output.append(series)
    }
    return output
  }

  private func countValues(_ aggregate: AggregateExpr, _ input: [StepSeries], _ labelName: String, _ grid: StepGrid) throws(QueryError) -> [StepSeries] {
    var output: [StepSeries] = []
    var index: [Labels: Int] = [:]
    for series in input {
      try tick()
      let base = aggregate.without ? series.labels.dropping(aggregate.grouping) : series.labels.keeping(aggregate.grouping)
      for step in 0..<grid.count where series.present[step] {
        let labels = base.setting(labelName, to: Self.countValuesLabel(series.values[step]))
        let target: Int
        if let known = index[labels] {
          target = known
        } else {
          target = output.count
          index[labels] = target
          output.append(StepSeries(labels: labels, steps: grid.count))
        }
        output[target].set(step, output[target].present[step] ? output[target].values[step] + 1 : 1)
      }
    }
    return output
  }

  /// Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest digits, never an exponent.
  static func countValuesLabel(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    if value == value.rounded(), Swift.abs(value) < 1e18 {
      return value == 0 && value.sign == .minus ? "-0" : String(Int64(value))
    }
    let text = "\(value)"
    guard let exponentIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
    // Expand the exponent form Swift prints for very large or small numbers.
    let mantissa = text[..<exponentIndex]
    let exponent = Int(text[text.index(after: exponentIndex)...]) ?? 0
    let negative = mantissa.hasPrefix("-")
    let digitsPart = negative ? mantissa.dropFirst() : mantissa[...]
    let parts = digitsPart.split(separator: ".", omittingEmptySubsequences: false)
    let integerDigits = String(parts[0])
    let fractionDigits = parts.count > 1 ? String(parts[1]) : ""
    var digits = integerDigits + fractionDigits
    var point = integerDigits.count + exponent
    if point <= 0 {
      digits = String(repeating: "0", count: -point + 1) + digits
      point = 1
    } else if point > digits.count {
      digits += String(repeating: "0", count: point - digits.count)
    }
    let whole = String(digits.prefix(point))
    var fraction = String(digits.dropFirst(point))
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
  }
}
