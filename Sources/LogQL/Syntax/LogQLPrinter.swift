// Canonical text of a LogQL syntax tree, in the style of Loki's String() methods
// (`{app="foo"} |= "bar" | json | level="error"`, `sum by (level) (count_over_time({...}[5m]))`).
// Parsing the printed text gives back the same tree (positions aside): strings are Go-quoted,
// numbers, durations and byte sizes are spelled so they read back to the same value, and
// parentheses are added wherever the tree's shape would otherwise be lost.
import PromQL
import WardenCore

package enum LogQLPrinter {
  package static func format(_ query: LogQLQuery) -> String {
    switch query {
    case .logs(let selector): format(selector)
    case .metric(let metric): format(metric)
    }
  }

  package static func format(_ selector: LogSelectorExpr) -> String {
    var out = "{" + selector.matchers.map(matcher).joined(separator: ", ") + "}"
    for stage in selector.pipeline {
      out += " " + format(stage)
    }
    return out
  }

  package static func format(_ metric: MetricExpr) -> String {
    switch metric {
    case .rangeAggregation(let aggregation): return format(aggregation)
    case .vectorAggregation(let aggregation): return format(aggregation)
    case .binary(let binary): return format(binary)
    case .number(let value, _): return LogQLLiterals.formatNumber(value)
    case .vector(let value, _): return "vector(\(LogQLLiterals.formatNumber(value)))"
    case .labelReplace(let replace):
      let arguments = [replace.destination, replace.replacement, replace.source, replace.regex].map(goQuote)
      return "label_replace(\(format(replace.expression)), \(arguments.joined(separator: ", ")))"
    case .paren(let inner, _): return "(\(format(inner)))"
    }
  }

  // MARK: Pipelines

  static func matcher(_ matcher: LabelMatcher) -> String {
    matcher.name + matcher.kind.rawValue + goQuote(matcher.value)
  }

  package static func format(_ stage: PipelineStage) -> String {
    switch stage {
    case .lineFilter(let filter):
      let patterns = filter.patterns.map { filter.isIPFilter ? "ip(\(goQuote($0)))" : goQuote($0) }
      return filter.op.rawValue + " " + patterns.joined(separator: " or ")
    case .parser(let parser): return format(parser)
    case .labelFilter(let filter): return "| " + format(filter)
    case .lineFormat(let template, _): return "| line_format \(goQuote(template))"
    case .labelFormat(let items, _):
      let formatted = items.map { item in
        switch item {
        case .rename(let destination, let source): "\(destination)=\(source)"
        case .template(let destination, let template): "\(destination)=\(goQuote(template))"
        }
      }
      return "| label_format " + formatted.joined(separator: ", ")
    case .drop(let selections, _): return "| drop " + selections.map(format).joined(separator: ", ")
    case .keep(let selections, _): return "| keep " + selections.map(format).joined(separator: ", ")
    case .decolorize: return "| decolorize"
    }
  }

  static func format(_ parser: ParserStage) -> String {
    switch parser {
    case .json(let extractions, _): return "| json" + format(extractions)
    case .logfmt(let strict, let keepEmpty, let extractions, _):
      return "| logfmt" + (strict ? " --strict" : "") + (keepEmpty ? " --keep-empty" : "") + format(extractions)
    case .regexp(let pattern, _): return "| regexp \(goQuote(pattern))"
    case .pattern(let pattern, _): return "| pattern \(goQuote(pattern))"
    case .unpack: return "| unpack"
    }
  }

  static func format(_ extractions: [FieldExtraction]) -> String {
    guard !extractions.isEmpty else { return "" }
    return " " + extractions.map { $0.label == $0.path ? $0.label : "\($0.label)=\(goQuote($0.path))" }.joined(separator: ", ")
  }

  static func format(_ selection: LabelSelection) -> String {
    switch selection {
    case .name(let name): name
    case .matcher(let labelMatcher): matcher(labelMatcher)
    }
  }

  /// `and` binds tighter than `or` and both lean left, so a group is parenthesised when it is an
  /// `or` under an `and`, or the right operand of the same operator.
  package static func format(_ filter: LabelFilterExpr) -> String {
    switch filter {
    case .matcher(let labelMatcher, _): return matcher(labelMatcher)
    case .number(let name, let op, let value, _): return name + op.rawValue + LogQLLiterals.formatNumber(value)
    case .duration(let name, let op, let seconds, _):
      return name + op.rawValue + LogQLLiterals.formatDuration(nanoseconds: nanoseconds(seconds))
    case .bytes(let name, let op, let bytes, _): return name + op.rawValue + LogQLLiterals.formatBytes(bytes)
    case .ip(let name, let negated, let pattern, _): return name + (negated ? "!=" : "=") + "ip(\(goQuote(pattern)))"
    case .and(let left, let right):
      let leftText = isOr(left) ? "(\(format(left)))" : format(left)
      let rightText = isOr(right) || isAnd(right) ? "(\(format(right)))" : format(right)
      return leftText + " and " + rightText
    case .or(let left, let right):
      let rightText = isOr(right) ? "(\(format(right)))" : format(right)
      return format(left) + " or " + rightText
    }
  }

  private static func isOr(_ filter: LabelFilterExpr) -> Bool {
    if case .or = filter { return true }
    return false
  }

  private static func isAnd(_ filter: LabelFilterExpr) -> Bool {
    if case .and = filter { return true }
    return false
  }

  private static func nanoseconds(_ seconds: Double) -> Int64 {
    let ns = (seconds * 1e9).rounded()
    return ns >= 9.2e18 ? .max : ns <= -9.2e18 ? .min : Int64(ns)
  }

  // MARK: Metric queries

  static func format(_ aggregation: RangeAggregationExpr) -> String {
    var out = aggregation.operation.rawValue + "("
    if let parameter = aggregation.parameter { out += LogQLLiterals.formatNumber(parameter) + ", " }
    out += format(aggregation.range) + ")"
    if let grouping = aggregation.grouping { out += " " + format(grouping) }
    return out
  }

  static func format(_ range: LogRangeExpr) -> String {
    var out = format(range.selector)
    if let unwrap = range.unwrap {
      out += " | unwrap "
      out += unwrap.conversion == .none ? unwrap.label : "\(unwrap.conversion.rawValue)(\(unwrap.label))"
      for filter in unwrap.postFilters { out += " | " + format(filter) }
    }
    if !range.selector.pipeline.isEmpty || range.unwrap != nil { out += " " }
    out += "[" + LogQLLiterals.formatDuration(nanoseconds: range.rangeNs) + "]"
    if range.offsetNs != 0 { out += " offset " + LogQLLiterals.formatDuration(nanoseconds: range.offsetNs) }
    return out
  }

  static func format(_ grouping: Grouping) -> String {
    (grouping.without ? "without (" : "by (") + grouping.labels.joined(separator: ", ") + ")"
  }

  static func format(_ aggregation: VectorAggregationExpr) -> String {
    var out = aggregation.operation.rawValue
    if let grouping = aggregation.grouping { out += " " + format(grouping) + " " }
    out += "("
    if let parameter = aggregation.parameter { out += LogQLLiterals.formatNumber(parameter) + ", " }
    return out + format(aggregation.expression) + ")"
  }

  static func format(_ binary: BinaryMetricExpr) -> String {
    var op = binary.op.rawValue
    if binary.returnBool { op += " bool" }
    if let matching = binary.matching {
      op += (matching.on ? " on (" : " ignoring (") + matching.labels.joined(separator: ", ") + ")"
      switch matching.cardinality {
      case .oneToOne: break
      case .manyToOne: op += " group_left"
      case .oneToMany: op += " group_right"
      }
      if matching.cardinality != .oneToOne, !matching.include.isEmpty {
        op += " (" + matching.include.joined(separator: ", ") + ")"
      }
    }
    let precedence = binary.op.precedence
    let rightAssociative = binary.op == .power
    let left = operand(binary.left, parenthesized: needsParentheses(binary.left, below: precedence, onRight: false, rightAssociative))
    let right = operand(binary.right, parenthesized: needsParentheses(binary.right, below: precedence, onRight: true, rightAssociative))
    return "\(left) \(op) \(right)"
  }

  private static func operand(_ expr: MetricExpr, parenthesized: Bool) -> String {
    parenthesized ? "(\(format(expr)))" : format(expr)
  }

  /// Parentheses the parser did not record but the tree needs (trees built in code).
  private static func needsParentheses(_ expr: MetricExpr, below precedence: Int, onRight: Bool, _ rightAssociative: Bool) -> Bool {
    guard case .binary(let child) = expr else { return false }
    if child.op.precedence != precedence { return child.op.precedence < precedence }
    return onRight != rightAssociative
  }
}
