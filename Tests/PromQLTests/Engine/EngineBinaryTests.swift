// Binary operators: vector matching (one-to-one, group_left/right with include labels, on and
// ignoring), comparisons with and without bool, set operators, and the matching errors, with data
// and expectations from operators.test.
@testable import PromQL
import Testing
import WardenCore

@Suite struct EngineBinaryTests {
  private func nodeSource() -> InMemorySeriesSource {
    let source = InMemorySeriesSource()
    let step = 5 * minute
    source.load(step: step, Q.labels("node_var", ["instance": "abc", "job": "node"]), [2])
    source.load(step: step, Q.labels("node_role", ["instance": "abc", "job": "node", "role": "prometheus"]), [1])
    source.load(step: step, Q.labels("node_cpu", ["instance": "abc", "job": "node", "mode": "idle"]), [3])
    source.load(step: step, Q.labels("node_cpu", ["instance": "abc", "job": "node", "mode": "user"]), [1])
    source.load(step: step, Q.labels("node_cpu", ["instance": "def", "job": "node", "mode": "idle"]), [8])
    source.load(step: step, Q.labels("node_cpu", ["instance": "def", "job": "node", "mode": "user"]), [2])
    source.load(step: step, Q.labels("random", ["foo": "bar"]), [1])
    source.load(step: step, Q.labels("threshold", ["instance": "abc", "job": "node", "target": "a@b.com"]), [0])
    return source
  }

  @Test func groupRightAndGroupLeftCopyTheRole() async throws {
    let engine = QueryEngine(source: nodeSource())
    let expected: [Labels: Double] = [Q.labels(nil, ["instance": "abc", "job": "node", "role": "prometheus"]): 2]
    let right = Q.bin(.mul, Q.sel("node_role"), Q.sel("node_var"), VectorMatching(cardinality: .oneToMany, matchingLabels: ["instance"], on: true, include: ["role"]))
    #expect(samples(try await engine.instant(right, atMs: minute)) == expected)
    let left = Q.bin(.mul, Q.sel("node_var"), Q.sel("node_role"), VectorMatching(cardinality: .manyToOne, matchingLabels: ["role"], on: false, include: ["role"]))
    #expect(samples(try await engine.instant(left, atMs: minute)) == expected)
  }

  @Test func ratioOfTotalWithGroupLeft() async throws {
    let engine = QueryEngine(source: nodeSource())
    let total = Q.agg(.sum, Q.sel("node_cpu"), by: ["instance", "job"])
    let expr = Q.bin(.div, Q.sel("node_cpu"), total, VectorMatching(cardinality: .manyToOne, matchingLabels: ["instance"], on: true))
    let result = samples(try await engine.instant(expr, atMs: minute))
    #expect(result == [
      Q.labels(nil, ["instance": "abc", "job": "node", "mode": "idle"]): 0.75,
      Q.labels(nil, ["instance": "abc", "job": "node", "mode": "user"]): 0.25,
      Q.labels(nil, ["instance": "def", "job": "node", "mode": "idle"]): 0.8,
      Q.labels(nil, ["instance": "def", "job": "node", "mode": "user"]): 0.2,
    ])
  }

  @Test func comparisonKeepsNameAndIncludesLabelsFromOneSide() async throws {
    let engine = QueryEngine(source: nodeSource())
    let expr = Q.bin(.gtr, Q.sel("node_cpu"), Q.sel("threshold"), VectorMatching(cardinality: .manyToOne, matchingLabels: ["job", "instance"], on: true, include: ["target"]))
    #expect(samples(try await engine.instant(expr, atMs: minute)) == [
      Q.labels("node_cpu", ["instance": "abc", "job": "node", "mode": "idle", "target": "a@b.com"]): 3,
      Q.labels("node_cpu", ["instance": "abc", "job": "node", "mode": "user", "target": "a@b.com"]): 1,
    ])
  }

  @Test func vectorScalarComparisonAndBool() async throws {
    let engine = QueryEngine(source: nodeSource())
    let filtered = samples(try await engine.instant(Q.bin(.gtr, Q.num(2), Q.sel("node_cpu")), atMs: minute))
    #expect(filtered == [Q.labels("node_cpu", ["instance": "abc", "job": "node", "mode": "user"]): 1])
    let flags = samples(try await engine.instant(Q.bin(.gte, Q.sel("node_cpu"), Q.num(3), bool: true), atMs: minute))
    #expect(flags[Q.labels(nil, ["instance": "abc", "job": "node", "mode": "idle"])] == 1)
    #expect(flags[Q.labels(nil, ["instance": "def", "job": "node", "mode": "user"])] == 0)
    #expect(flags.count == 4)
  }

  @Test func setOperators() async throws {
    let engine = QueryEngine(source: nodeSource())
    let idle = Q.sel("node_cpu", ["mode": "idle"])
    let abc = Q.sel("node_cpu", ["instance": "abc"])
    let and = samples(try await engine.instant(Q.bin(.and, idle, abc), atMs: minute))
    #expect(and == [Q.labels("node_cpu", ["instance": "abc", "job": "node", "mode": "idle"]): 3])
    let unless = samples(try await engine.instant(Q.bin(.unless, idle, abc), atMs: minute))
    #expect(unless == [Q.labels("node_cpu", ["instance": "def", "job": "node", "mode": "idle"]): 8])
    let or = samples(try await engine.instant(Q.bin(.or, idle, abc), atMs: minute))
    #expect(or.count == 3)
    let onInstance = VectorMatching(cardinality: .manyToMany, matchingLabels: ["instance"], on: true)
    let andOn = samples(try await engine.instant(Q.bin(.and, Q.sel("node_cpu"), Q.sel("node_var"), onInstance), atMs: minute))
    #expect(andOn.count == 2)
  }

  @Test func scalarArithmeticIncludingModPowAndAtan2() async throws {
    let engine = QueryEngine(source: InMemorySeriesSource())
    func scalar(_ expr: Expr) async throws -> Double {
      guard case .scalar(_, let value) = try await engine.instant(expr, atMs: 0).value else { return .nan }
      return value
    }
    #expect(try await scalar(Q.bin(.mod, Q.num(-7), Q.num(3))) == -1)
    #expect(try await scalar(Q.bin(.pow, Q.num(2), Q.num(10))) == 1024)
    #expect(try await scalar(Q.bin(.atan2, Q.num(0), Q.num(-1))) == Double.pi)
    #expect(try await scalar(Q.bin(.lss, Q.num(1), Q.num(2), bool: true)) == 1)
  }

  @Test func duplicateOnTheOneSideIsAnError() async throws {
    let source = InMemorySeriesSource()
    source.load(step: 5 * minute, Q.labels("dup_metric", ["label": "alpha"]), [1])
    source.load(step: 5 * minute, Q.labels("dup_metric", ["label": "beta"]), [2])
    source.load(step: 5 * minute, Q.labels("scalar_metric"), [3])
    let engine = QueryEngine(source: source)
    let expr = Q.bin(.gtr, Q.sel("scalar_metric"), Q.sel("dup_metric"), VectorMatching(cardinality: .oneToOne, matchingLabels: [], on: true))
    let error = await errorOf { _ = try await engine.instant(expr, atMs: 0) }
    #expect(error == .execution("found duplicate series for the match group {} on the right hand-side of the operation: [{__name__=\"dup_metric\", label=\"alpha\"}, {__name__=\"dup_metric\", label=\"beta\"}];many-to-many matching not allowed: matching labels must be unique on one side"))
  }

  /// operators.test: the error stands even when the comparison filters every pair away.
  @Test func manyToOneWithoutGroupModifierIsAnErrorEvenWhenFiltered() async throws {
    let source = InMemorySeriesSource()
    source.load(step: 5 * minute, Q.labels("many_side", ["label": "foo", "job": "test"]), [0])
    source.load(step: 5 * minute, Q.labels("many_side", ["label": "bar", "job": "test"]), [1])
    source.load(step: 5 * minute, Q.labels("one_side", ["job": "test"]), [1])
    let engine = QueryEngine(source: source)
    let expr = Q.bin(.gtr, Q.sel("many_side"), Q.sel("one_side"), VectorMatching(cardinality: .oneToOne, matchingLabels: ["job"], on: true))
    let error = await errorOf { _ = try await engine.instant(expr, atMs: 0) }
    #expect(error == .execution("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"))
  }
}
