// The PromQL functions Warden knows, with their argument and return types, which the parser uses
// to type-check calls and the engine uses to find the implementation. Names and arities follow the
// Prometheus documentation (functions page), including the experimental functions, which Warden
// always enables.

/// The declared shape of one function.
package struct FunctionSignature: Sendable, Equatable, Hashable {
  package var name: String
  package var argTypes: [ValueType]
  /// 0: exactly `argTypes.count` arguments. n > 0: between `argTypes.count - 1` and
  /// `argTypes.count - 1 + n`. -1: at least `argTypes.count - 1`; extra arguments have the type of
  /// the last entry of `argTypes`.
  package var variadic: Int
  package var returnType: ValueType
  /// Prometheus puts these behind `--enable-feature=promql-experimental-functions`.
  package var experimental: Bool

  package init(_ name: String, _ argTypes: [ValueType], _ returnType: ValueType, variadic: Int = 0, experimental: Bool = false) {
    self.name = name
    self.argTypes = argTypes
    self.returnType = returnType
    self.variadic = variadic
    self.experimental = experimental
  }

  package static func == (lhs: FunctionSignature, rhs: FunctionSignature) -> Bool { lhs.name == rhs.name }
  package func hash(into hasher: inout Hasher) { hasher.combine(name) }

  /// The signature of the function called `name`, or nil for an unknown function.
  package static func named(_ name: String) -> FunctionSignature? { table[name] }

  package static let all: [FunctionSignature] = {
    let v = ValueType.vector, m = ValueType.matrix, s = ValueType.scalar, str = ValueType.string
    var list: [FunctionSignature] = [
      .init("abs", [v], v),
      .init("absent", [v], v),
      .init("absent_over_time", [m], v),
      .init("avg_over_time", [m], v),
      .init("ceil", [v], v),
      .init("changes", [m], v),
      .init("clamp", [v, s, s], v),
      .init("clamp_max", [v, s], v),
      .init("clamp_min", [v, s], v),
      .init("count_over_time", [m], v),
      .init("day_of_month", [v], v, variadic: 1),
      .init("day_of_week", [v], v, variadic: 1),
      .init("day_of_year", [v], v, variadic: 1),
      .init("days_in_month", [v], v, variadic: 1),
      .init("delta", [m], v),
      .init("deriv", [m], v),
      .init("double_exponential_smoothing", [m, s, s], v, experimental: true),
      .init("exp", [v], v),
      .init("first_over_time", [m], v, experimental: true),
      .init("floor", [v], v),
      .init("histogram_avg", [v], v),
      .init("histogram_count", [v], v),
      .init("histogram_fraction", [s, s, v], v),
      .init("histogram_quantile", [s, v], v),
      // Several quantiles at once, each series labelled with its quantile in the named label.
      .init("histogram_quantiles", [v, str, s], v, variadic: -1),
      .init("histogram_stddev", [v], v),
      .init("histogram_stdvar", [v], v),
      .init("histogram_sum", [v], v),
      // Prometheus 2.x's name for double_exponential_smoothing, kept for old dashboards and rules.
      .init("holt_winters", [m, s, s], v),
      .init("hour", [v], v, variadic: 1),
      .init("idelta", [m], v),
      .init("increase", [m], v),
      .init("info", [v, v], v, variadic: 1, experimental: true),
      .init("irate", [m], v),
      .init("label_join", [v, str, str, str], v, variadic: -1),
      .init("label_replace", [v, str, str, str, str], v),
      .init("last_over_time", [m], v),
      .init("ln", [v], v),
      .init("log10", [v], v),
      .init("log2", [v], v),
      .init("mad_over_time", [m], v, experimental: true),
      .init("max_over_time", [m], v),
      .init("min_over_time", [m], v),
      .init("minute", [v], v, variadic: 1),
      .init("month", [v], v, variadic: 1),
      .init("pi", [], s),
      .init("predict_linear", [m, s], v),
      .init("present_over_time", [m], v),
      .init("quantile_over_time", [s, m], v),
      .init("rate", [m], v),
      .init("resets", [m], v),
      .init("round", [v, s], v, variadic: 1),
      .init("scalar", [v], s),
      .init("sgn", [v], v),
      .init("sort", [v], v),
      .init("sort_by_label", [v, str], v, variadic: -1, experimental: true),
      .init("sort_by_label_desc", [v, str], v, variadic: -1, experimental: true),
      .init("sort_desc", [v], v),
      .init("sqrt", [v], v),
      .init("stddev_over_time", [m], v),
      .init("stdvar_over_time", [m], v),
      .init("sum_over_time", [m], v),
      .init("time", [], s),
      .init("timestamp", [v], v),
      .init("ts_of_first_over_time", [m], v, experimental: true),
      .init("ts_of_last_over_time", [m], v, experimental: true),
      .init("ts_of_max_over_time", [m], v, experimental: true),
      .init("ts_of_min_over_time", [m], v, experimental: true),
      .init("vector", [s], v),
      .init("year", [v], v, variadic: 1),
      // The evaluation's start and end, its step, and end - start, in seconds (Prometheus 3's
      // duration-expression helpers, also usable as plain functions).
      .init("start", [], s, experimental: true),
      .init("end", [], s, experimental: true),
      .init("step", [], s, experimental: true),
      .init("range", [], s, experimental: true),
      .init("min_of", [s, s], s, experimental: true),
      .init("max_of", [s, s], s, experimental: true),
    ]
    for trig in ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad"] {
      list.append(.init(trig, [v], v))
    }
    return list.sorted { $0.name < $1.name }
  }()

  private static let table: [String: FunctionSignature] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
