// The vocabulary of PromQL and LogQL that the editor highlights and completes: keywords,
// aggregation operators, functions with a one-line signature, LogQL parsers and pipeline stages.
// Kept as plain tables so the tokenizer and the completion code read the same truth.

/** PromQL functions: name -> signature shown next to the completion. */
export const PROMQL_FUNCTIONS = {
  abs: "abs(v instant-vector)", absent: "absent(v instant-vector)", absent_over_time: "absent_over_time(v range-vector)",
  acos: "acos(v instant-vector)", acosh: "acosh(v instant-vector)", asin: "asin(v instant-vector)",
  asinh: "asinh(v instant-vector)", atan: "atan(v instant-vector)", atanh: "atanh(v instant-vector)",
  avg_over_time: "avg_over_time(v range-vector)", ceil: "ceil(v instant-vector)", changes: "changes(v range-vector)",
  clamp: "clamp(v instant-vector, min scalar, max scalar)", clamp_max: "clamp_max(v instant-vector, max scalar)",
  clamp_min: "clamp_min(v instant-vector, min scalar)", cos: "cos(v instant-vector)", cosh: "cosh(v instant-vector)",
  count_over_time: "count_over_time(v range-vector)", day_of_month: "day_of_month(v=vector(time()) instant-vector)",
  day_of_week: "day_of_week(v=vector(time()) instant-vector)", day_of_year: "day_of_year(v=vector(time()) instant-vector)",
  days_in_month: "days_in_month(v=vector(time()) instant-vector)", deg: "deg(v instant-vector)",
  delta: "delta(v range-vector)", deriv: "deriv(v range-vector)", exp: "exp(v instant-vector)",
  floor: "floor(v instant-vector)", histogram_avg: "histogram_avg(v instant-vector)",
  histogram_count: "histogram_count(v instant-vector)", histogram_fraction: "histogram_fraction(lower scalar, upper scalar, v instant-vector)",
  histogram_quantile: "histogram_quantile(φ scalar, b instant-vector)", histogram_stddev: "histogram_stddev(v instant-vector)",
  histogram_stdvar: "histogram_stdvar(v instant-vector)", histogram_sum: "histogram_sum(v instant-vector)",
  holt_winters: "holt_winters(v range-vector, sf scalar, tf scalar)", double_exponential_smoothing: "double_exponential_smoothing(v range-vector, sf scalar, tf scalar)",
  hour: "hour(v=vector(time()) instant-vector)", idelta: "idelta(v range-vector)", increase: "increase(v range-vector)",
  irate: "irate(v range-vector)", label_join: "label_join(v instant-vector, dst string, sep string, src string...)",
  label_replace: "label_replace(v instant-vector, dst string, replacement string, src string, regex string)",
  last_over_time: "last_over_time(v range-vector)", ln: "ln(v instant-vector)", log10: "log10(v instant-vector)",
  log2: "log2(v instant-vector)", mad_over_time: "mad_over_time(v range-vector)", max_over_time: "max_over_time(v range-vector)",
  min_over_time: "min_over_time(v range-vector)", minute: "minute(v=vector(time()) instant-vector)",
  month: "month(v=vector(time()) instant-vector)", pi: "pi()", predict_linear: "predict_linear(v range-vector, t scalar)",
  present_over_time: "present_over_time(v range-vector)", quantile_over_time: "quantile_over_time(φ scalar, v range-vector)",
  rad: "rad(v instant-vector)", rate: "rate(v range-vector)", resets: "resets(v range-vector)",
  round: "round(v instant-vector, to_nearest=1 scalar)", scalar: "scalar(v instant-vector)", sgn: "sgn(v instant-vector)",
  sin: "sin(v instant-vector)", sinh: "sinh(v instant-vector)", sort: "sort(v instant-vector)",
  sort_by_label: "sort_by_label(v instant-vector, label string...)", sort_by_label_desc: "sort_by_label_desc(v instant-vector, label string...)",
  sort_desc: "sort_desc(v instant-vector)", sqrt: "sqrt(v instant-vector)", stddev_over_time: "stddev_over_time(v range-vector)",
  stdvar_over_time: "stdvar_over_time(v range-vector)", sum_over_time: "sum_over_time(v range-vector)",
  tan: "tan(v instant-vector)", tanh: "tanh(v instant-vector)", time: "time()", timestamp: "timestamp(v instant-vector)",
  vector: "vector(s scalar)", year: "year(v=vector(time()) instant-vector)",
};

/** PromQL aggregation operators: name -> signature. */
export const PROMQL_AGGREGATIONS = {
  sum: "sum [by|without (labels)] (v)", avg: "avg [by|without (labels)] (v)", min: "min [by|without (labels)] (v)",
  max: "max [by|without (labels)] (v)", count: "count [by|without (labels)] (v)", group: "group [by|without (labels)] (v)",
  stddev: "stddev [by|without (labels)] (v)", stdvar: "stdvar [by|without (labels)] (v)",
  topk: "topk [by|without (labels)] (k, v)", bottomk: "bottomk [by|without (labels)] (k, v)",
  quantile: "quantile [by|without (labels)] (φ, v)", count_values: "count_values [by|without (labels)] (\"label\", v)",
  limitk: "limitk(k, v)", limit_ratio: "limit_ratio(ratio, v)",
};

/** PromQL keywords (binary set operators, grouping modifiers, offset and friends). */
export const PROMQL_KEYWORDS = {
  by: "group the aggregation by these labels", without: "aggregate away these labels",
  on: "match series on these labels only", ignoring: "match series ignoring these labels",
  group_left: "many-to-one matching", group_right: "one-to-many matching", bool: "comparison returns 0 or 1",
  offset: "shift the evaluation time back", and: "intersection", or: "union", unless: "complement",
  atan2: "binary arc tangent",
};

/** LogQL range-vector functions over log streams. */
export const LOGQL_FUNCTIONS = {
  count_over_time: "count_over_time({selector} [range])", rate: "rate({selector} [range])",
  bytes_over_time: "bytes_over_time({selector} [range])", bytes_rate: "bytes_rate({selector} [range])",
  absent_over_time: "absent_over_time({selector} [range])",
  sum_over_time: "sum_over_time({selector} | unwrap label [range])", avg_over_time: "avg_over_time({selector} | unwrap label [range])",
  max_over_time: "max_over_time({selector} | unwrap label [range])", min_over_time: "min_over_time({selector} | unwrap label [range])",
  first_over_time: "first_over_time({selector} | unwrap label [range])", last_over_time: "last_over_time({selector} | unwrap label [range])",
  stddev_over_time: "stddev_over_time({selector} | unwrap label [range])", stdvar_over_time: "stdvar_over_time({selector} | unwrap label [range])",
  quantile_over_time: "quantile_over_time(φ, {selector} | unwrap label [range])",
  rate_counter: "rate_counter({selector} | unwrap label [range])",
  label_replace: "label_replace(v, dst, replacement, src, regex)", vector: "vector(s)",
};

export const LOGQL_AGGREGATIONS = {
  sum: "sum [by|without (labels)] (v)", avg: "avg [by|without (labels)] (v)", min: "min [by|without (labels)] (v)",
  max: "max [by|without (labels)] (v)", count: "count [by|without (labels)] (v)", stddev: "stddev [by|without (labels)] (v)",
  stdvar: "stdvar [by|without (labels)] (v)", topk: "topk [by|without (labels)] (k, v)",
  bottomk: "bottomk [by|without (labels)] (k, v)", sort: "sort(v)", sort_desc: "sort_desc(v)",
};

/** LogQL pipeline stages offered after `|`. */
export const LOGQL_STAGES = {
  json: "| json [label=\"path\", ...] — extract JSON fields as labels",
  logfmt: "| logfmt [--strict] — extract key=value pairs as labels",
  regexp: "| regexp \"(?P<name>re)\" — extract named groups",
  pattern: "| pattern \"<ip> - <_> <status>\" — extract by a pattern",
  unpack: "| unpack — unpack a packed (promtail pack) line",
  line_format: "| line_format \"{{.label}}\" — rewrite the line",
  label_format: "| label_format new=old — rename or template labels",
  drop: "| drop label, ... — drop labels",
  keep: "| keep label, ... — keep only these labels",
  decolorize: "| decolorize — strip ANSI colour codes",
  unwrap: "| unwrap label — use a label's value as the sample",
};

export const LOGQL_KEYWORDS = {
  by: "group by these labels", without: "aggregate away these labels", offset: "shift the evaluation time back",
  bool: "comparison returns 0 or 1", on: "match on these labels", ignoring: "match ignoring these labels",
  and: "intersection", or: "union / alternative filter", unless: "complement",
};

/** Range durations offered inside `[...]`. */
export const DURATIONS = ["1m", "5m", "10m", "15m", "30m", "1h", "6h", "1d", "$__rate_interval", "$__interval", "$__range"];

export function vocabulary(language) {
  if (language === "logql") {
    return { functions: LOGQL_FUNCTIONS, aggregations: LOGQL_AGGREGATIONS, keywords: LOGQL_KEYWORDS, stages: LOGQL_STAGES };
  }
  return { functions: PROMQL_FUNCTIONS, aggregations: PROMQL_AGGREGATIONS, keywords: PROMQL_KEYWORDS, stages: {} };
}
