// Builds LogQL syntax trees for engine tests (the parser is a separate piece), and converts test
// times: tests speak in seconds from a fixed base, the engine in nanoseconds since the epoch.
import LogQL
import PromQL
import WardenCore

enum Q {
  static let here = PositionRange(start: 0, end: 0)
  /// 2023-11-14T22:13:20Z, a round number of seconds.
  static let baseSeconds: Int64 = 1_700_000_000

  /// Test seconds (from the base) as nanoseconds since the epoch.
  static func ns(_ seconds: Double) -> Int64 { (baseSeconds * 1_000_000_000) + Int64((seconds * 1e9).rounded()) }
  /// Test seconds as the milliseconds results carry.
  static func ms(_ seconds: Double) -> Int64 { baseSeconds * 1000 + Int64((seconds * 1e3).rounded()) }

  static func eq(_ name: String, _ value: String) -> LabelMatcher { try! LabelMatcher(.equal, name, value) }
  static func re(_ name: String, _ value: String) -> LabelMatcher { try! LabelMatcher(.regexMatch, name, value) }

  static func selector(_ matchers: LabelMatcher..., pipeline: [PipelineStage] = []) -> LogSelectorExpr {
    LogSelectorExpr(matchers: matchers, pipeline: pipeline, position: here)
  }

  static func contains(_ text: String...) -> PipelineStage {
    .lineFilter(LineFilter(op: .contains, patterns: text, position: here))
  }

  static func notContains(_ text: String...) -> PipelineStage {
    .lineFilter(LineFilter(op: .notContains, patterns: text, position: here))
  }

  static func logs(_ selector: LogSelectorExpr) -> LogQLQuery { .logs(selector) }

  static func unwrap(_ label: String, dropErrors: Bool = false) -> UnwrapExpr {
    let filters: [LabelFilterExpr] = dropErrors ? [.matcher(eq("__error__", ""), position: here)] : []
    return UnwrapExpr(label: label, postFilters: filters, position: here)
  }

  static func range(
    _ operation: RangeAggregationExpr.Operation, _ selector: LogSelectorExpr, seconds: Double, offset: Double = 0,
    unwrap: UnwrapExpr? = nil, parameter: Double? = nil, grouping: Grouping? = nil
  ) -> MetricExpr {
    let logRange = LogRangeExpr(
      selector: selector, rangeNs: Int64(seconds * 1e9), offsetNs: Int64(offset * 1e9), unwrap: unwrap)
    return .rangeAggregation(RangeAggregationExpr(operation: operation, parameter: parameter, range: logRange, grouping: grouping, position: here))
  }

  static func by(_ labels: String...) -> Grouping { Grouping(without: false, labels: labels) }
  static func without(_ labels: String...) -> Grouping { Grouping(without: true, labels: labels) }

  static func aggregate(_ operation: VectorAggregationExpr.Operation, _ grouping: Grouping, parameter: Double? = nil, _ expression: MetricExpr) -> MetricExpr {
    .vectorAggregation(VectorAggregationExpr(operation: operation, parameter: parameter, grouping: grouping, expression: expression, position: here))
  }

  static func aggregate(_ operation: VectorAggregationExpr.Operation, parameter: Double? = nil, _ expression: MetricExpr) -> MetricExpr {
    .vectorAggregation(VectorAggregationExpr(operation: operation, parameter: parameter, grouping: nil, expression: expression, position: here))
  }

  static func binary(
    _ op: BinaryMetricExpr.Operator, _ left: MetricExpr, _ right: MetricExpr, bool: Bool = false, matching: BinaryMetricExpr.Matching? = nil
  ) -> MetricExpr {
    .binary(BinaryMetricExpr(op: op, left: left, right: right, returnBool: bool, matching: matching, position: here))
  }

  static func number(_ value: Double) -> MetricExpr { .number(value, position: here) }
}

extension LogBatch {
  /// Appends a record at test second `seconds`.
  mutating func add(_ labels: [String: String], at seconds: Double, _ line: String, metadata: [LogField] = []) {
    append(stream: Labels(labels), timestampNs: Q.ns(seconds), line: line, metadata: metadata)
  }
}

extension LogQLEngine {
  /// Runs a query and returns the result or the LogQLError, so tests need no typed-throws catch.
  func run(_ query: LogQLQuery, _ request: LogQLRequest) async -> Result<LogQLResult, LogQLError> {
    do throws(LogQLError) {
      return .success(try await self.query(query, request))
    } catch {
      return .failure(error)
    }
  }

  /// A range metric query over test seconds.
  func range(_ metric: MetricExpr, from start: Double, to end: Double, step: Double) async -> Result<LogQLResult, LogQLError> {
    await run(.metric(metric), .range(startNs: Q.ns(start), endNs: Q.ns(end), stepNs: Int64(step * 1e9)))
  }

  /// An instant metric query at a test second.
  func instant(_ metric: MetricExpr, at time: Double) async -> Result<LogQLResult, LogQLError> {
    await run(.metric(metric), .instant(Q.ns(time)))
  }
}

extension Result where Failure == LogQLError {
  var error: LogQLError? {
    if case .failure(let error) = self { return error }
    return nil
  }
}

extension LogQLResult {
  var matrix: [SeriesSamples] {
    if case .matrix(let series) = value { return series }
    return []
  }

  var vector: [VectorSample] {
    if case .vector(let samples) = value { return samples }
    return []
  }

  var streams: [LogStreamResult] {
    if case .streams(let streams) = value { return streams }
    return []
  }

  /// Matrix as labels → [(test second, value)], for compact expectations.
  var points: [Labels: [Double: Double]] {
    var output: [Labels: [Double: Double]] = [:]
    for series in matrix {
      var points: [Double: Double] = [:]
      for (time, value) in zip(series.timestampsMs, series.values) {
        points[Double(time - Q.baseSeconds * 1000) / 1000] = value
      }
      output[series.labels] = points
    }
    return output
  }
}
