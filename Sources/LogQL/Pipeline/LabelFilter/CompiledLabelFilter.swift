// Label filter expressions (`| level="error" and (status >= 500 or latency > 250ms)`) compiled
// once. Conversions follow Loki: a label that does not convert keeps the line but marks it with
// `__error__="LabelFilterErr"`; a line already carrying an error passes every numeric filter, so
// only a string matcher on `__error__` removes it.
package import WardenCore

/// The labels a filter reads and may mark with an error.
protocol FilterableLabels {
  func value(_ name: String) -> String?
  var hasError: Bool { get }
  mutating func setError(_ kind: String, details: String)
}

extension LabelWorkingSet: FilterableLabels {}

/// Adapts a finished `Labels` (unwrap's post-filters work on those).
private struct LabelsAdapter: FilterableLabels {
  var labels: Labels

  func value(_ name: String) -> String? {
    for label in labels.pairs where label.name == name { return label.value }
    return nil
  }

  var hasError: Bool { !labels[LabelWorkingSet.errorName].isEmpty }

  mutating func setError(_ kind: String, details: String) {
    labels = labels.setting(LabelWorkingSet.errorName, to: kind).setting(LabelWorkingSet.errorDetailsName, to: details)
  }
}

package struct CompiledLabelFilter: Sendable {
  private indirect enum Node: Sendable {
    case matcher(LabelMatcher)
    case number(name: String, op: ComparisonOperator, value: Double)
    /// Durations compare in whole nanoseconds, as Go's time.Duration does, so `1.5s == 1500ms`.
    case duration(name: String, op: ComparisonOperator, nanoseconds: Int64)
    case bytes(name: String, op: ComparisonOperator, value: Double)
    case ip(name: String, negated: Bool, pattern: IPPattern)
    case and(Node, Node)
    case or(Node, Node)
  }

  static let errorKind = "LabelFilterErr"

  private let root: Node

  package init(_ expr: LabelFilterExpr) throws(LogQLError) {
    root = try Self.compile(expr)
  }

  private static func compile(_ expr: LabelFilterExpr) throws(LogQLError) -> Node {
    switch expr {
    case .matcher(let matcher, _):
      return .matcher(matcher)
    case .number(let name, let op, let value, _):
      return .number(name: name, op: op, value: value)
    case .duration(let name, let op, let seconds, _):
      return .duration(name: name, op: op, nanoseconds: nanoseconds(seconds))
    case .bytes(let name, let op, let bytes, _):
      return .bytes(name: name, op: op, value: bytes)
    case .ip(let name, let negated, let pattern, let position):
      switch IPPattern.parse(pattern) {
      case .success(let parsed): return .ip(name: name, negated: negated, pattern: parsed)
      case .failure(let error): throw LogQLError(.invalid, error.message, position: position)
      }
    case .and(let left, let right):
      return .and(try compile(left), try compile(right))
    case .or(let left, let right):
      return .or(try compile(left), try compile(right))
    }
  }

  /// Whether the labels pass; may add `__error__`/`__error_details__` to `labels`.
  package func evaluate(_ labels: inout Labels) -> Bool {
    var adapter = LabelsAdapter(labels: labels)
    let kept = evaluate(root, &adapter)
    labels = adapter.labels
    return kept
  }

  func evaluate(_ labels: inout some FilterableLabels) -> Bool {
    evaluate(root, &labels)
  }

  private func evaluate(_ node: Node, _ labels: inout some FilterableLabels) -> Bool {
    switch node {
    case .matcher(let matcher):
      return matcher.matches(labels.value(matcher.name) ?? "")
    case .number(let name, let op, let value):
      return compare(name, op, &labels) { LabelValueConversion.number($0) } error: { LabelValueConversion.numberError($0) } test: {
        Self.holds($0, op, value)
      }
    case .duration(let name, let op, let nanoseconds):
      return compare(name, op, &labels) { LabelValueConversion.duration($0) } error: { LabelValueConversion.durationError($0) } test: {
        Self.holds(Self.nanoseconds($0), op, nanoseconds)
      }
    case .bytes(let name, let op, let value):
      return compare(name, op, &labels) { LabelValueConversion.bytes($0) } error: { LabelValueConversion.bytesError($0) } test: {
        Self.holds($0, op, value)
      }
    case .ip(let name, let negated, let pattern):
      guard let text = labels.value(name) else { return false }
      let inside = IPAddress(text).map(pattern.contains) ?? false
      return inside != negated
    case .and(let left, let right):
      return evaluate(left, &labels) && evaluate(right, &labels)
    case .or(let left, let right):
      return evaluate(left, &labels) || evaluate(right, &labels)
    }
  }

  private func compare(
    _ name: String, _ op: ComparisonOperator, _ labels: inout some FilterableLabels, convert: (String) -> Double?,
    error: (String) -> String, test: (Double) -> Bool
  ) -> Bool {
    // An earlier stage failed: only string matchers (on `__error__`) decide about this line.
    if labels.hasError { return true }
    guard let text = labels.value(name) else { return false }
    guard let value = convert(text) else {
      labels.setError(Self.errorKind, details: error(text))
      return true
    }
    return test(value)
  }

  private static func nanoseconds(_ seconds: Double) -> Int64 {
    let scaled = (seconds * 1e9).rounded()
    if scaled >= 9.2e18 { return .max }
    if scaled <= -9.2e18 { return .min }
    return Int64(scaled)
  }

  private static func holds<Value: Comparable>(_ left: Value, _ op: ComparisonOperator, _ right: Value) -> Bool {
    switch op {
    case .equal: left == right
    case .notEqual: left != right
    case .greater: left > right
    case .greaterOrEqual: left >= right
    case .less: left < right
    case .lessOrEqual: left <= right
    }
  }
}
