// The LogQL syntax tree: what the parser produces, the engine evaluates and the printer formats.
// Value types all the way down so a parsed query is Sendable and can be cached. Positions are byte
// ranges in the query text (PromQL's `PositionRange`), so errors and warnings can point at the
// piece of the query they are about.
package import PromQL
package import WardenCore

/// A parsed LogQL query: either a log query (returns lines) or a metric query (returns samples).
package enum LogQLQuery: Sendable, Equatable {
  case logs(LogSelectorExpr)
  case metric(MetricExpr)
}

// MARK: Log selectors and pipelines

/// `{job="app"} |= "error" | json | level="error"`: a stream selector and its pipeline.
package struct LogSelectorExpr: Sendable, Equatable {
  /// The stream matchers; at least one, and at least one that does not match the empty value
  /// (Loki's rule: `{job=~".*"}` alone is rejected).
  package var matchers: [LabelMatcher]
  package var pipeline: [PipelineStage]
  package var position: PositionRange

  package init(matchers: [LabelMatcher], pipeline: [PipelineStage] = [], position: PositionRange) {
    self.matchers = matchers
    self.pipeline = pipeline
    self.position = position
  }
}

/// One stage of a log pipeline, applied left to right to each line and its labels.
package enum PipelineStage: Sendable, Equatable {
  case lineFilter(LineFilter)
  case parser(ParserStage)
  case labelFilter(LabelFilterExpr)
  /// `| line_format "{{.level}}: {{.msg}}"`: the Go template text.
  case lineFormat(template: String, position: PositionRange)
  /// `| label_format dst=src, other="{{.x}}"`.
  case labelFormat([LabelFormatItem], position: PositionRange)
  /// `| drop a, b="x"`: removes labels (by name, or only where the matcher holds).
  case drop([LabelSelection], position: PositionRange)
  /// `| keep a, b="x"`: keeps only these labels (stream labels included, as Loki does).
  case keep([LabelSelection], position: PositionRange)
  /// `| decolorize`: strips ANSI color escape sequences from the line.
  case decolorize(position: PositionRange)
}

/// `|= "a"`, `!= "b"`, `|~ "re"`, `!~ "re"`, with `or` alternatives (`|= "a" or "b"`) and the
/// `ip("...")` form.
package struct LineFilter: Sendable, Equatable {
  package enum Operator: String, Sendable, Equatable {
    case contains = "|="
    case notContains = "!="
    case matchesRegex = "|~"
    case notMatchesRegex = "!~"
  }

  package var op: Operator
  /// One or more patterns; `|=`/`|~` keep a line matching any of them, `!=`/`!~` drop a line
  /// matching any of them.
  package var patterns: [String]
  /// `|= ip("10.0.0.0/8")`: patterns are IP addresses, ranges or CIDRs matched against every
  /// address found in the line.
  package var isIPFilter: Bool
  package var position: PositionRange

  package init(op: Operator, patterns: [String], isIPFilter: Bool = false, position: PositionRange) {
    self.op = op
    self.patterns = patterns
    self.isIPFilter = isIPFilter
    self.position = position
  }
}

/// A parser stage, which adds extracted labels to each line's label set.
package enum ParserStage: Sendable, Equatable {
  /// `| json` (every field, nested names joined with `_`) or `| json a="x.y", b="z[0]"`.
  case json(extractions: [FieldExtraction], position: PositionRange)
  /// `| logfmt`, `| logfmt --strict --keep-empty`, or with extractions `| logfmt a="x"`.
  case logfmt(strict: Bool, keepEmpty: Bool, extractions: [FieldExtraction], position: PositionRange)
  /// `| regexp "(?P<name>...)"`: named capture groups become labels.
  case regexp(pattern: String, position: PositionRange)
  /// `| pattern "<ip> - <_> [<ts>]"`: Loki's pattern syntax.
  case pattern(pattern: String, position: PositionRange)
  /// `| unpack`: a JSON object whose fields become labels and whose `_entry` becomes the line.
  case unpack(position: PositionRange)

  package var position: PositionRange {
    switch self {
    case .json(_, let p), .logfmt(_, _, _, let p), .regexp(_, let p), .pattern(_, let p), .unpack(let p): p
    }
  }
}

/// `name="path"` in `| json name="a.b[0]"` (the path is a JSON path in Loki's subset) or
/// `| logfmt name="key"`. A bare `name` means `name="name"`.
package struct FieldExtraction: Sendable, Equatable {
  package var label: String
  package var path: String

  package init(label: String, path: String) {
    self.label = label
    self.path = path
  }
}

/// Comparison operators of label filters.
package enum ComparisonOperator: String, Sendable, Equatable {
  case equal = "=="
  case notEqual = "!="
  case greater = ">"
  case greaterOrEqual = ">="
  case less = "<"
  case lessOrEqual = "<="
}

/// `| level="error" and (status >= 500 or latency > 250ms)`.
package indirect enum LabelFilterExpr: Sendable, Equatable {
  /// A string matcher: `=`, `!=`, `=~`, `!~` (regex fully anchored, as in selectors).
  case matcher(LabelMatcher, position: PositionRange)
  /// `status >= 500`: the label parsed as a float (`=` is accepted as `==`).
  case number(name: String, op: ComparisonOperator, value: Double, position: PositionRange)
  /// `latency > 250ms`: the label parsed as a Go duration, compared in seconds.
  case duration(name: String, op: ComparisonOperator, seconds: Double, position: PositionRange)
  /// `size > 20MB`: the label parsed as a byte size (KB = 1000, KiB = 1024), compared in bytes.
  case bytes(name: String, op: ComparisonOperator, bytes: Double, position: PositionRange)
  /// `addr = ip("10.0.0.0/8")` or `addr != ip(...)`.
  case ip(name: String, negated: Bool, pattern: String, position: PositionRange)
  case and(LabelFilterExpr, LabelFilterExpr)
  case or(LabelFilterExpr, LabelFilterExpr)
}

/// One item of `label_format`: a rename (`dst=src`) or a template (`dst="{{.a}}-{{.b}}"`).
package enum LabelFormatItem: Sendable, Equatable {
  case rename(destination: String, source: String)
  case template(destination: String, template: String)
}

/// A label named in `drop`/`keep`: a bare name, or a matcher that must also hold.
package enum LabelSelection: Sendable, Equatable {
  case name(String)
  case matcher(LabelMatcher)
}

// MARK: Metric queries

/// A LogQL metric expression.
package indirect enum MetricExpr: Sendable, Equatable {
  case rangeAggregation(RangeAggregationExpr)
  case vectorAggregation(VectorAggregationExpr)
  case binary(BinaryMetricExpr)
  /// A number literal, a scalar in binary operations.
  case number(Double, position: PositionRange)
  /// `vector(1)`.
  case vector(Double, position: PositionRange)
  /// `label_replace(expr, "dst", "$1", "src", "re")`.
  case labelReplace(LabelReplaceExpr)
  /// Parentheses, kept for printing.
  case paren(MetricExpr, position: PositionRange)
}

/// `count_over_time({job="x"} |= "err" [5m] offset 1h)`, `quantile_over_time(0.99, {...} | unwrap
/// latency [1m]) by (host)`.
package struct RangeAggregationExpr: Sendable, Equatable {
  package enum Operation: String, Sendable, Equatable, CaseIterable {
    case countOverTime = "count_over_time"
    case rate = "rate"
    case bytesOverTime = "bytes_over_time"
    case bytesRate = "bytes_rate"
    case absentOverTime = "absent_over_time"
    case rateCounter = "rate_counter"
    case sumOverTime = "sum_over_time"
    case avgOverTime = "avg_over_time"
    case minOverTime = "min_over_time"
    case maxOverTime = "max_over_time"
    case firstOverTime = "first_over_time"
    case lastOverTime = "last_over_time"
    case stddevOverTime = "stddev_over_time"
    case stdvarOverTime = "stdvar_over_time"
    case quantileOverTime = "quantile_over_time"

    /// Operations that read the unwrapped value and therefore need `| unwrap`.
    package var needsUnwrap: Bool {
      switch self {
      case .countOverTime, .bytesOverTime, .bytesRate, .absentOverTime: false
      case .rate: false  // `rate` works on lines, or on an unwrapped value when there is one
      default: true
      }
    }
  }

  package var operation: Operation
  /// The quantile of `quantile_over_time`.
  package var parameter: Double?
  package var range: LogRangeExpr
  /// `by`/`without` after an unwrapped range aggregation (Loki allows it there).
  package var grouping: Grouping?
  package var position: PositionRange

  package init(
    operation: Operation, parameter: Double? = nil, range: LogRangeExpr, grouping: Grouping? = nil,
    position: PositionRange
  ) {
    self.operation = operation
    self.parameter = parameter
    self.range = range
    self.grouping = grouping
    self.position = position
  }
}

/// `{job="x"} |= "err" | unwrap bytes(size) | __error__="" [5m] offset 1h`.
package struct LogRangeExpr: Sendable, Equatable {
  package var selector: LogSelectorExpr
  package var rangeNs: Int64
  package var offsetNs: Int64
  package var unwrap: UnwrapExpr?

  package init(selector: LogSelectorExpr, rangeNs: Int64, offsetNs: Int64 = 0, unwrap: UnwrapExpr? = nil) {
    self.selector = selector
    self.rangeNs = rangeNs
    self.offsetNs = offsetNs
    self.unwrap = unwrap
  }
}

/// `| unwrap latency`, `| unwrap duration(latency)`, `| unwrap bytes(size)`, followed by label
/// filters that apply after the conversion (usually `| __error__=""`).
package struct UnwrapExpr: Sendable, Equatable {
  package enum Conversion: String, Sendable, Equatable {
    /// The label parsed as a float.
    case none = ""
    /// `duration(x)` / `duration_seconds(x)`: a Go duration in seconds.
    case duration = "duration"
    case durationSeconds = "duration_seconds"
    /// `bytes(x)`: a byte size in bytes.
    case bytes = "bytes"
  }

  package var label: String
  package var conversion: Conversion
  package var postFilters: [LabelFilterExpr]
  package var position: PositionRange

  package init(label: String, conversion: Conversion = .none, postFilters: [LabelFilterExpr] = [], position: PositionRange) {
    self.label = label
    self.conversion = conversion
    self.postFilters = postFilters
    self.position = position
  }
}

/// `by (a, b)` or `without (c)`.
package struct Grouping: Sendable, Equatable {
  package var without: Bool
  package var labels: [String]

  package init(without: Bool, labels: [String]) {
    self.without = without
    self.labels = labels
  }
}

/// `sum by (level) (...)`, `topk(5, ...)`, `sort_desc(...)`.
package struct VectorAggregationExpr: Sendable, Equatable {
  package enum Operation: String, Sendable, Equatable, CaseIterable {
    case sum, avg, min, max, count, stddev, stdvar, topk, bottomk, sort
    case sortDesc = "sort_desc"

    /// topk and bottomk take a count before the expression.
    package var takesParameter: Bool { self == .topk || self == .bottomk }
  }

  package var operation: Operation
  package var parameter: Double?
  package var grouping: Grouping?
  package var expression: MetricExpr
  package var position: PositionRange

  package init(
    operation: Operation, parameter: Double? = nil, grouping: Grouping? = nil, expression: MetricExpr,
    position: PositionRange
  ) {
    self.operation = operation
    self.parameter = parameter
    self.grouping = grouping
    self.expression = expression
    self.position = position
  }
}

/// `a / b`, `a > bool 10`, `a * on (host) group_left b`, `a and b`.
package struct BinaryMetricExpr: Sendable, Equatable {
  package enum Operator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
    case equal = "==", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
    case and, or, unless
  }

  /// `on (...)`/`ignoring (...)` and `group_left (...)`/`group_right (...)`.
  package struct Matching: Sendable, Equatable {
    package enum Cardinality: Sendable, Equatable {
      case oneToOne, manyToOne, oneToMany
    }

    package var on: Bool
    package var labels: [String]
    package var cardinality: Cardinality
    package var include: [String]

    package init(on: Bool, labels: [String], cardinality: Cardinality = .oneToOne, include: [String] = []) {
      self.on = on
      self.labels = labels
      self.cardinality = cardinality
      self.include = include
    }
  }

  package var op: Operator
  package var left: MetricExpr
  package var right: MetricExpr
  /// `bool` after a comparison.
  package var returnBool: Bool
  package var matching: Matching?
  package var position: PositionRange

  package init(
    op: Operator, left: MetricExpr, right: MetricExpr, returnBool: Bool = false, matching: Matching? = nil,
    position: PositionRange
  ) {
    self.op = op
    self.left = left
    self.right = right
    self.returnBool = returnBool
    self.matching = matching
    self.position = position
  }
}

/// `label_replace(expr, "dst", "replacement", "src", "regex")`.
package struct LabelReplaceExpr: Sendable, Equatable {
  package var expression: MetricExpr
  package var destination: String
  package var replacement: String
  package var source: String
  package var regex: String
  package var position: PositionRange

  package init(
    expression: MetricExpr, destination: String, replacement: String, source: String, regex: String,
    position: PositionRange
  ) {
    self.expression = expression
    self.destination = destination
    self.replacement = replacement
    self.source = source
    self.regex = regex
    self.position = position
  }
}
