// Hand-built syntax trees and a loaded in-memory source for the engine tests, so they do not
// depend on the parser. Series are loaded the way the conformance scripts' `load` does: the i-th
// value at i × step, nil for an omitted slot.
@testable import PromQL
import WardenCore

enum Q {
  static let nowhere = PositionRange(start: 0, end: 0)

  static func labels(_ name: String?, _ pairs: [String: String] = [:]) -> Labels {
    var all = pairs
    if let name { all[Labels.metricName] = name }
    return Labels(all)
  }

  static func sel(_ name: String?, _ matchers: [String: String] = [:], offset: Int64 = 0, at: AtModifier? = nil) -> Expr {
    .vectorSelector(selector(name, matchers, offset: offset, at: at))
  }

  static func selector(_ name: String?, _ matchers: [String: String] = [:], offset: Int64 = 0, at: AtModifier? = nil) -> VectorSelector {
    var list: [LabelMatcher] = []
    if let name { list.append(try! LabelMatcher(.equal, Labels.metricName, name)) }
    for (key, value) in matchers.sorted(by: { $0.key < $1.key }) { list.append(try! LabelMatcher(.equal, key, value)) }
    return VectorSelector(name: name, matchers: list, offsetMs: offset, at: at, position: nowhere)
  }

  static func regexSel(_ matchers: [LabelMatcher]) -> Expr {
    .vectorSelector(VectorSelector(name: nil, matchers: matchers, position: nowhere))
  }

  static func range(_ name: String?, _ matchers: [String: String] = [:], _ rangeMs: Int64, offset: Int64 = 0, at: AtModifier? = nil) -> Expr {
    .matrixSelector(MatrixSelector(selector: selector(name, matchers, offset: offset, at: at), rangeMs: rangeMs, position: nowhere))
  }

  static func num(_ value: Double) -> Expr { .number(NumberLiteral(value: value, position: nowhere)) }
  static func str(_ value: String) -> Expr { .string(StringLiteral(value: value, position: nowhere)) }

  static func neg(_ expr: Expr) -> Expr { .unary(UnaryExpr(negated: true, expr: expr, position: nowhere)) }

  static func bin(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, bool: Bool = false, _ matching: VectorMatching? = nil) -> Expr {
    var matching = matching
    if matching == nil, lhs.evaluatedType == .vector, rhs.evaluatedType == .vector {
      matching = VectorMatching(cardinality: op.isSetOperator ? .manyToMany : .oneToOne)
    }
    return .binary(BinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: bool, matching: matching, position: nowhere))
  }

  static func agg(_ op: AggregationOp, _ expr: Expr, param: Expr? = nil, by: [String] = [], without: Bool = false) -> Expr {
    .aggregate(AggregateExpr(op: op, expr: expr, param: param, grouping: by, without: without, position: nowhere))
  }

  static func call(_ name: String, _ args: Expr...) -> Expr {
    .call(FunctionCall(function: FunctionSignature.named(name)!, args: args, position: nowhere))
  }

  static func subquery(_ expr: Expr, _ rangeMs: Int64, step: Int64?, offset: Int64 = 0, at: AtModifier? = nil) -> Expr {
    .subquery(SubqueryExpr(expr: expr, rangeMs: rangeMs, stepMs: step, offsetMs: offset, at: at, position: nowhere))
  }
}

let second: Int64 = 1000
let minute: Int64 = 60_000

extension InMemorySeriesSource {
  /// `load <step>`: value i at i × step; nil leaves the slot empty.
  func load(step: Int64, _ labels: Labels, _ values: [Double?]) {
    var times: [Int64] = []
    var kept: [Double] = []
    for (index, value) in values.enumerated() {
      guard let value else { continue }
      times.append(Int64(index) * step)
      kept.append(value)
    }
    add(labels: labels, timestampsMs: times, values: kept)
  }

  /// `a+bxn`: n + 1 values.
  static func series(_ start: Double, _ increment: Double, _ times: Int) -> [Double?] {
    (0...times).map { start + Double($0) * increment }
  }
}

/// Instant results as `labels → value`, for order-independent comparison.
func samples(_ result: QueryResult) -> [Labels: Double] {
  guard case .vector(let vector) = result.value else { return [:] }
  var map: [Labels: Double] = [:]
  for sample in vector { map[sample.labels] = sample.value }
  return map
}

/// Range results as `labels → [(time, value)]`.
func matrix(_ result: QueryResult) -> [Labels: [Double?]] {
  guard case .matrix(let series) = result.value else { return [:] }
  var map: [Labels: [Double?]] = [:]
  for item in series { map[item.labels] = item.values }
  return map
}

func errorOf(_ body: () async throws -> Void) async -> QueryError? {
  do {
    try await body()
    return nil
  } catch let error as QueryError {
    return error
  } catch {
    return nil
  }
}
