// Executes a parsed test script against the real `QueryEngine` over an in-memory store, the way
// upstream runs its own engine: each instant eval also at step-invariance `@` variants and as a
// range query around the eval time; each range eval once. Produces the per-eval outcomes.
import PromQL
import WardenCore

enum EvalOutcome: Sendable, Equatable {
  case passed
  case skipped(String)
  case failed(String)
}

struct EvalRecord: Sendable {
  var eval: EvalCommand
  var outcome: EvalOutcome
  /// For an eval skipped after it ran and failed while reading unsupported series: the failure.
  var maskedFailure: String?
}

final class ScriptRunner {
  private let source = InMemorySeriesSource()
  private let engine: QueryEngine
  /// Series held in storage that use a feature Warden lacks; an eval reading one is skipped.
  private var unsupportedSeries: [(labels: Labels, feature: UnsupportedFeature)] = []

  /// The settings upstream uses for these scripts (README section 5).
  static var options: QueryOptions {
    var options = QueryOptions()
    options.lookbackDeltaMs = 5 * 60_000
    options.maxSamples = 10_000
    options.timeout = .seconds(100)
    options.defaultSubqueryStepMs = 60_000
    return options
  }

  init() {
    engine = QueryEngine(source: source, options: Self.options)
  }

  func run(_ commands: [ScriptCommand]) async -> [EvalRecord] {
    var records: [EvalRecord] = []
    for command in commands {
      switch command {
      case .clear:
        source.removeAll()
        unsupportedSeries.removeAll()
      case .load(let load):
        for series in load.series {
          if !series.timestampsMs.isEmpty {
            source.add(labels: series.labels, timestampsMs: series.timestampsMs, values: series.values)
          }
          if let feature = series.unsupported { unsupportedSeries.append((series.labels, feature)) }
        }
      case .eval(let eval):
        records.append(await record(eval))
      }
    }
    return records
  }

  /// Runs `eval`. One that reads series Warden cannot hold (native histograms, start timestamps)
  /// still runs, since many such evals only depend on the float series beside them; it counts as
  /// skipped only when it fails.
  func record(_ eval: EvalCommand) async -> EvalRecord {
    if let feature = eval.unsupported { return EvalRecord(eval: eval, outcome: .skipped(feature.reason)) }
    let parsed = parse(eval.expression)
    let outcome = await run(eval, parsed: parsed)
    if case .failed(let difference) = outcome, let feature = unsupportedFeature(readBy: eval.expression, parsed: try? parsed.get()) {
      return EvalRecord(eval: eval, outcome: .skipped(feature.reason), maskedFailure: difference)
    }
    return EvalRecord(eval: eval, outcome: outcome)
  }

  private func run(_ eval: EvalCommand, parsed: Result<Expr, ParseError>) async -> EvalOutcome {
    let expr: Expr
    switch parsed {
    case .success(let value):
      expr = value
    case .failure(let error):
      // A query that fails to parse meets an `expect fail` whose message matches.
      let message = error.rendered(in: eval.expression)
      if let expected = eval.expectedFailure {
        return expected.matches(message) ? .passed : .failed("expected error (\(expected.description)), got \"\(message)\"")
      }
      return .failed("parse error: \(message)")
    }
    switch eval.timing {
    case .instant(let atMs):
      return await runInstant(eval, expr: expr, atMs: atMs)
    case .range(let startMs, let endMs, let stepMs):
      let result = await range(expr, startMs: startMs, endMs: endMs, stepMs: stepMs)
      if let failure = failureCheck(eval, result) { return failure }
      guard case .success(let value) = result else { return .passed }
      if let difference = ResultComparison.annotationDifference(eval, annotations: value.annotations) {
        return .failed(difference)
      }
      if let difference = ResultComparison.rangeDifference(expected: eval.expected, got: value.value, startMs: startMs, stepMs: stepMs) {
        return .failed(difference)
      }
      return .passed
    }
  }

  private func runInstant(_ eval: EvalCommand, expr: Expr, atMs: Int64) async -> EvalOutcome {
    let functions = ExprInspection.calledFunctions(expr)
    var runs: [(expr: Expr, atMs: Int64, name: String)] = [(expr, atMs, "")]
    if functions.isDisjoint(with: ExprInspection.timeDependentFunctions) {
      let pinned = ExprInspection.pinned(expr, atMs: atMs)
      let times: [Int64] = atMs == 0 ? [-1000, 0, 1000] : [-10 * atMs, 0, atMs / 5, atMs, 10 * atMs]
      runs += times.map { (pinned, $0, " [step-invariance: @ \(atMs) evaluated at \($0)]") }
    }
    let crossCheck: Bool =
      switch eval.expected {
      case .rangeVector, .string: false
      default: functions.isDisjoint(with: ExprInspection.rangeDependentFunctions)
      }
    for run in runs {
      let result = await instant(run.expr, atMs: run.atMs)
      if let failure = failureCheck(eval, result) {
        // An expected error must come from every variant.
        if failure == .passed { continue }
        return annotate(failure, run.name)
      }
      guard case .success(let value) = result else { continue }
      // Every variant must give the expected annotations too, as upstream checks. The rewritten
      // tree keeps the positions of the text as written, so they render against that text.
      if let difference = ResultComparison.annotationDifference(eval, annotations: value.annotations) {
        return .failed(difference + run.name)
      }
      if let difference = ResultComparison.difference(expected: eval.expected, got: value.value, ordered: eval.ordered) {
        return .failed(difference + run.name)
      }
      guard crossCheck else { continue }
      if let difference = await rangeCrossCheck(eval, expr: run.expr, atMs: run.atMs, instantValue: value.value) {
        return .failed("range-mode cross-check at \(run.atMs): " + difference + run.name)
      }
    }
    return .passed
  }

  /// Runs the query as a range query from t-1m to t+1m and compares its points at t.
  private func rangeCrossCheck(_ eval: EvalCommand, expr: Expr, atMs: Int64, instantValue: QueryValue) async -> String? {
    let result = await range(expr, startMs: atMs - 60_000, endMs: atMs + 60_000, stepMs: 60_000)
    let value: QueryResult
    switch result {
    case .success(let success): value = success
    case .failure(let error): return "error: \(error.message(query: eval.expression))"
    }
    if eval.ordered { return nil }
    guard case .matrix(let matrix) = value.value else {
      return "expected a matrix, got \(ResultComparison.describe(value.value))"
    }
    for (previous, next) in zip(matrix, matrix.dropFirst()) where next.labels < previous.labels {
      return "matrix not sorted by labels: \(previous.labels) before \(next.labels)"
    }
    var samples: [VectorSample] = []
    for series in matrix {
      if let index = series.timestampsMs.firstIndex(of: atMs) {
        samples.append(VectorSample(labels: series.labels, timestampMs: atMs, value: series.values[index]))
      }
    }
    if case .scalar = instantValue {
      guard let first = samples.first else { return "no point at \(atMs) for the scalar" }
      return ResultComparison.difference(expected: eval.expected, got: .scalar(timestampMs: atMs, value: first.value), ordered: false)
    }
    return ResultComparison.difference(expected: eval.expected, got: .vector(samples), ordered: false)
  }

  /// The outcome when the query failed or was expected to; nil when it succeeded as expected.
  private func failureCheck(_ eval: EvalCommand, _ result: Result<QueryResult, QueryError>) -> EvalOutcome? {
    switch (result, eval.expectedFailure) {
    case (.success(let value), .some(let expected)):
      return .failed("expected error (\(expected.description)), got \(ResultComparison.describe(value.value))")
    case (.success, nil):
      return nil
    case (.failure(let error), .some(let expected)):
      let message = error.message(query: eval.expression)
      return expected.matches(message) ? .passed : .failed("expected error (\(expected.description)), got \"\(message)\"")
    case (.failure(let error), nil):
      return .failed("unexpected error: \(error.message(query: eval.expression))")
    }
  }

  private func annotate(_ outcome: EvalOutcome, _ name: String) -> EvalOutcome {
    if case .failed(let text) = outcome { return .failed(text + name) }
    return outcome
  }

  /// The feature an eval depends on through the series it reads. Without a syntax tree (the query
  /// does not parse) the metric names written in the query decide.
  private func unsupportedFeature(readBy expression: String, parsed: Expr?) -> UnsupportedFeature? {
    guard !unsupportedSeries.isEmpty else { return nil }
    if let parsed {
      for selector in ExprInspection.selectors(parsed) {
        for entry in unsupportedSeries where selector.matchers.allSatisfy({ $0.matches(entry.labels[$0.name]) }) {
          return entry.feature
        }
      }
      return nil
    }
    let identifiers = Set(expression.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }))
    return unsupportedSeries.first { identifiers.contains(Substring($0.labels.metricName)) }?.feature
  }

  private func parse(_ expression: String) -> Result<Expr, ParseError> {
    do throws(ParseError) {
      return .success(try PromQLParser.parse(expression))
    } catch {
      return .failure(error)
    }
  }

  private func instant(_ expr: Expr, atMs: Int64) async -> Result<QueryResult, QueryError> {
    do throws(QueryError) {
      return .success(try await engine.instant(expr, atMs: atMs))
    } catch {
      return .failure(error)
    }
  }

  private func range(_ expr: Expr, startMs: Int64, endMs: Int64, stepMs: Int64) async -> Result<QueryResult, QueryError> {
    do throws(QueryError) {
      return .success(try await engine.range(expr, startMs: startMs, endMs: endMs, stepMs: stepMs))
    } catch {
      return .failure(error)
    }
  }
}
