// A LogQL metric expression as a PromQL expression, so vector aggregations, binary operations,
// vector() and label_replace() run on PromQL's own kernels. Each range aggregation becomes a leaf:
// a selector `{__logql_leaf__="<n>"}` whose series the LogQL engine computes from the logs first.
// A `sum` straight over an additive range aggregation is pushed down into it (the leaf reduces
// labels as it counts), so `sum by (level) (count_over_time(...))` never holds a series per stream.
import PromQL
import WardenCore

struct MetricPlan {
  struct Leaf {
    var expr: RangeAggregationExpr
    var reduction: LabelReduction?
  }

  static let leafLabel = "__logql_leaf__"

  private(set) var leaves: [Leaf] = []
  private(set) var expr: Expr = .number(NumberLiteral(value: 0, position: PositionRange(start: 0, end: 0)))

  init(_ metric: MetricExpr) throws(LogQLError) {
    expr = try translate(metric)
  }

  private mutating func translate(_ metric: MetricExpr) throws(LogQLError) -> Expr {
    switch metric {
    case .number(let value, let position):
      return .number(NumberLiteral(value: value, position: position))
    case .vector(let value, let position):
      return try call("vector", [.number(NumberLiteral(value: value, position: position))], position)
    case .paren(let inner, let position):
      return .paren(ParenExpr(expr: try translate(inner), position: position))
    case .rangeAggregation(let range):
      return try leaf(range, reduction: range.grouping.map(LabelReduction.init))
    case .labelReplace(let replace):
      let strings = [replace.destination, replace.replacement, replace.source, replace.regex].map {
        Expr.string(StringLiteral(value: $0, position: replace.position))
      }
      return try call("label_replace", [try translate(replace.expression)] + strings, replace.position)
    case .vectorAggregation(let aggregation):
      return try translate(aggregation)
    case .binary(let binary):
      return try translate(binary)
    }
  }

  private mutating func translate(_ aggregation: VectorAggregationExpr) throws(LogQLError) -> Expr {
    let position = aggregation.position
    switch aggregation.operation {
    case .sort, .sortDesc:
      let name = aggregation.operation == .sort ? "sort" : "sort_desc"
      return try call(name, [try translate(aggregation.expression)], position)
    default:
      break
    }
    let op: AggregationOp
    switch aggregation.operation {
    case .sum: op = .sum
    case .avg: op = .avg
    case .min: op = .min
    case .max: op = .max
    case .count: op = .count
    case .stddev: op = .stddev
    case .stdvar: op = .stdvar
    case .topk: op = .topk
    case .bottomk: op = .bottomk
    case .sort, .sortDesc: preconditionFailure("handled above")
    }
    var param: Expr?
    if op == .topk || op == .bottomk {
      guard let parameter = aggregation.parameter else {
        throw LogQLError(.invalid, "\(op.rawValue) requires a parameter", position: position)
      }
      guard parameter == parameter.rounded(), parameter > 0 else {
        throw LogQLError(.invalid, "invalid parameter for \(op.rawValue): must be a positive integer, got \(parameter)", position: position)
      }
      param = .number(NumberLiteral(value: parameter, position: position))
    }
    let grouping = aggregation.grouping ?? Grouping(without: false, labels: [])
    let inner: Expr
    if op == .sum, case .rangeAggregation(let range) = Self.unwrapParens(aggregation.expression), Self.isAdditive(range) {
      inner = try leaf(range, reduction: LabelReduction(grouping))
    } else {
      inner = try translate(aggregation.expression)
    }
    return .aggregate(AggregateExpr(op: op, expr: inner, param: param, grouping: grouping.labels, without: grouping.without, position: position))
  }

  private mutating func translate(_ binary: BinaryMetricExpr) throws(LogQLError) -> Expr {
    let op: BinaryOp
    switch binary.op {
    case .add: op = .add
    case .subtract: op = .sub
    case .multiply: op = .mul
    case .divide: op = .div
    case .modulo: op = .mod
    case .power: op = .pow
    case .equal: op = .eql
    case .notEqual: op = .neq
    case .greater: op = .gtr
    case .greaterOrEqual: op = .gte
    case .less: op = .lss
    case .lessOrEqual: op = .lte
    case .and: op = .and
    case .or: op = .or
    case .unless: op = .unless
    }
    let lhs = try translate(binary.left)
    let rhs = try translate(binary.right)
    var matching: VectorMatching?
    if !Self.isScalar(binary.left) && !Self.isScalar(binary.right) {
      let cardinality: VectorMatching.Cardinality
      if op.isSetOperator {
        cardinality = .manyToMany
      } else {
        switch binary.matching?.cardinality ?? .oneToOne {
        case .oneToOne: cardinality = .oneToOne
        case .manyToOne: cardinality = .manyToOne
        case .oneToMany: cardinality = .oneToMany
        }
      }
      matching = VectorMatching(
        cardinality: cardinality, matchingLabels: binary.matching?.labels ?? [], on: binary.matching?.on ?? false,
        include: binary.matching?.include ?? [])
    } else if op.isSetOperator {
      throw LogQLError(.invalid, "set operator \(op.rawValue) not allowed in binary scalar expression", position: binary.position)
    }
    return .binary(BinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: binary.returnBool, matching: matching, position: binary.position))
  }

  private mutating func leaf(_ range: RangeAggregationExpr, reduction: LabelReduction?) throws(LogQLError) -> Expr {
    let matcher: LabelMatcher
    do throws(LabelMatcherError) {
      matcher = try LabelMatcher(.equal, Self.leafLabel, String(leaves.count))
    } catch {
      throw LogQLError(.invalid, error.message, position: range.position)
    }
    leaves.append(Leaf(expr: range, reduction: reduction))
    return .vectorSelector(VectorSelector(name: nil, matchers: [matcher], position: range.position))
  }

  private func call(_ name: String, _ args: [Expr], _ position: PositionRange) throws(LogQLError) -> Expr {
    guard let function = FunctionSignature.named(name) else { throw LogQLError(.invalid, "unknown function \(name)", position: position) }
    return .call(FunctionCall(function: function, args: args, position: position))
  }

  /// Whether the expression is a scalar (numbers and arithmetic on them), not a vector.
  static func isScalar(_ metric: MetricExpr) -> Bool {
    switch metric {
    case .number: true
    case .paren(let inner, _): isScalar(inner)
    case .binary(let binary): isScalar(binary.left) && isScalar(binary.right)
    default: false
    }
  }

  private static func unwrapParens(_ metric: MetricExpr) -> MetricExpr {
    if case .paren(let inner, _) = metric { return unwrapParens(inner) }
    return metric
  }

  /// Aggregations whose sum over streams equals their value over the streams' merged lines.
  private static func isAdditive(_ range: RangeAggregationExpr) -> Bool {
    guard range.grouping == nil else { return false }
    switch range.operation {
    case .countOverTime, .bytesOverTime, .bytesRate, .sumOverTime: return true
    case .rate: return true
    default: return false
    }
  }
}

/// Serves the computed leaves to the PromQL engine as if they were stored series.
struct LeafSeriesSource: SeriesSource {
  let leaves: [[SeriesSamples]]

  func select(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [SeriesSamples] {
    guard let matcher = matchers.first(where: { $0.name == MetricPlan.leafLabel }), let index = Int(matcher.value), leaves.indices.contains(index) else { return [] }
    return leaves[index]
  }

  func series(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [Labels] { [] }
  func labelNames(_ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] { [] }
  func labelValues(_ name: String, _ matchers: [LabelMatcher], startMs: Int64, endMs: Int64) throws -> [String] { [] }
}
