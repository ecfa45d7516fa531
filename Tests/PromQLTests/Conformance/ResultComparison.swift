// How a query's value and annotations are checked against an eval's expectations, with upstream's
// rules: relative float tolerance, series identified by their full label set, order only when
// `expect ordered`, annotations matched both ways. Each check returns the first difference found.
import PromQL
import WardenCore

enum ResultComparison {
  /// Upstream's float tolerance: relative 1e-6; exact equality and NaN/NaN always match; a stale
  /// marker matches only a stale marker; near zero the difference must be (practically) zero.
  static func matches(_ expected: Double, _ got: Double) -> Bool {
    if expected.isStaleMarker || got.isStaleMarker { return expected.isStaleMarker && got.isStaleMarker }
    if expected == got || (expected.isNaN && got.isNaN) { return true }
    let epsilon = 1e-6
    let minNormal = Double.leastNormalMagnitude
    let difference = abs(expected - got)
    let sum = abs(expected) + abs(got)
    if expected == 0 || got == 0 || sum < minNormal { return difference < epsilon * minNormal }
    return difference / min(sum, Double.greatestFiniteMagnitude) < epsilon
  }

  static func format(_ value: Double) -> String {
    value.isStaleMarker ? "stale" : "\(value)"
  }

  /// The first difference between `expected` and an instant query's `value`, or nil.
  static func difference(expected: ExpectedResult, got value: QueryValue, ordered: Bool) -> String? {
    switch expected {
    case .scalar(let want):
      guard case .scalar(_, let got) = value else { return "expected scalar \(format(want)), got \(describe(value))" }
      return matches(want, got) ? nil : "expected scalar \(format(want)), got \(format(got))"
    case .string(let want):
      guard case .string(_, let got) = value else { return "expected string \"\(want)\", got \(describe(value))" }
      return want == got ? nil : "expected string \"\(want)\", got \"\(got)\""
    case .rangeVector(let start, _, let step, let series):
      guard case .matrix(let got) = value else { return "expected a range vector, got \(describe(value))" }
      return matrixDifference(expected: series, startMs: start, stepMs: step, got: got)
    case .series(let series):
      switch value {
      case .vector(let samples): return vectorDifference(expected: series, got: samples, ordered: ordered)
      case .matrix(let got) where series.isEmpty && got.isEmpty: return nil
      default: return "expected \(series.isEmpty ? "an empty vector" : "\(series.count) series"), got \(describe(value))"
      }
    }
  }

  /// The first difference between the series of a range eval and the matrix it returned.
  static func rangeDifference(expected: ExpectedResult, got value: QueryValue, startMs: Int64, stepMs: Int64) -> String? {
    guard case .series(let series) = expected else { return "a range eval expects series lines" }
    guard case .matrix(let got) = value else { return "expected a matrix, got \(describe(value))" }
    return matrixDifference(expected: series, startMs: startMs, stepMs: stepMs, got: got)
  }

  static func vectorDifference(expected: [ExpectedSeries], got: [VectorSample], ordered: Bool) -> String? {
    var positions: [Labels: Int] = [:]
    for (index, series) in expected.enumerated() { positions[series.labels] = index }
    var seen: Set<Labels> = []
    for (index, sample) in got.enumerated() {
      guard let position = positions[sample.labels] else {
        return "unexpected series \(sample.labels) \(format(sample.value))"
      }
      guard seen.insert(sample.labels).inserted else { return "series \(sample.labels) returned twice" }
      let want = expected[position].values.first ?? nil
      guard let want else { return "series \(sample.labels) expected no value, got \(format(sample.value))" }
      if !matches(want, sample.value) {
        return "series \(sample.labels): expected \(format(want)), got \(format(sample.value))"
      }
      if ordered, position != index {
        return "series \(sample.labels) at position \(index + 1), expected at \(position + 1)"
      }
    }
    if let missing = expected.first(where: { !seen.contains($0.labels) }) {
      return "missing series \(missing.labels) (got \(got.count) of \(expected.count) series)"
    }
    return nil
  }

  static func matrixDifference(expected: [ExpectedSeries], startMs: Int64, stepMs: Int64, got: [SeriesSamples]) -> String? {
    for (previous, next) in zip(got, got.dropFirst()) where !(previous.labels < next.labels) {
      return "matrix not sorted by labels: \(previous.labels) before \(next.labels)"
    }
    var byLabels: [Labels: ExpectedSeries] = [:]
    for series in expected { byLabels[series.labels] = series }
    var seen: Set<Labels> = []
    for series in got {
      guard let want = byLabels[series.labels] else {
        return "unexpected series \(series.labels) with \(series.values.count) points"
      }
      seen.insert(series.labels)
      let points = want.values.enumerated().compactMap { index, value in
        value.map { (startMs + Int64(index) * stepMs, $0) }
      }
      guard points.count == series.values.count else {
        return "series \(series.labels): expected \(points.count) points, got \(series.values.count) "
          + "(\(pointList(series.timestampsMs, series.values)))"
      }
      for (index, (timestamp, value)) in points.enumerated() {
        let gotTimestamp = series.timestampsMs[index]
        let gotValue = series.values[index]
        if gotTimestamp != timestamp || !matches(value, gotValue) {
          return "series \(series.labels) point \(index + 1): expected \(format(value)) @\(timestamp), got \(format(gotValue)) @\(gotTimestamp)"
        }
      }
    }
    if let missing = expected.first(where: { !seen.contains($0.labels) }) {
      return "missing series \(missing.labels) (got \(got.count) of \(expected.count) series)"
    }
    return nil
  }

  private static func pointList(_ timestamps: [Int64], _ values: [Double]) -> String {
    let shown = zip(timestamps, values).prefix(6).map { "\(format($1)) @\($0)" }.joined(separator: ", ")
    return timestamps.count > 6 ? shown + ", ..." : shown
  }

  static func describe(_ value: QueryValue) -> String {
    switch value {
    case .scalar(_, let v): "scalar \(format(v))"
    case .string(_, let s): "string \"\(s)\""
    case .vector(let samples):
      samples.isEmpty ? "an empty vector" : "a vector of \(samples.count) (first \(samples[0].labels) \(format(samples[0].value)))"
    case .matrix(let series):
      series.isEmpty ? "an empty matrix" : "a matrix of \(series.count) series (first \(series[0].labels))"
    }
  }

  /// Checks one annotation kind: with expect lines, every line matches some annotation and every
  /// annotation matches some line; with `no_*`, there are none; otherwise anything goes.
  static func annotationDifference(kind: String, expected: [MessageMatch], forbidden: Bool, got: [String]) -> String? {
    if forbidden {
      return got.isEmpty ? nil : "expected no \(kind) annotations, got \(got)"
    }
    guard !expected.isEmpty else { return nil }
    guard !got.isEmpty else { return "expected \(kind) annotations (\(expected.map(\.description))), got none" }
    if let unmatched = expected.first(where: { match in !got.contains(where: match.matches) }) {
      return "no \(kind) annotation matches \(unmatched.description); got \(got)"
    }
    if let unexpected = got.first(where: { message in !expected.contains(where: { $0.matches(message) }) }) {
      return "unexpected \(kind) annotation \"\(unexpected)\""
    }
    return nil
  }

  static func annotationDifference(_ eval: EvalCommand, annotations: [Annotation]) -> String? {
    let warnings = annotations.filter { $0.kind == .warning }.map { $0.rendered(in: eval.expression) }
    let infos = annotations.filter { $0.kind == .info }.map { $0.rendered(in: eval.expression) }
    return annotationDifference(kind: "warn", expected: eval.warnings, forbidden: eval.noWarnings, got: warnings)
      ?? annotationDifference(kind: "info", expected: eval.infos, forbidden: eval.noInfos, got: infos)
  }
}
