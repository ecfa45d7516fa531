// The functions LogQL templates may call (Loki's set: Go's builtins, a Sprig subset and Loki's
// own), with the argument counts each accepts, checked when the template is parsed.

enum TemplateFunction: String, Sendable, CaseIterable {
  // Loki's line and time access.
  case line = "__line__", timestamp = "__timestamp__", now
  // Go template builtins.
  case and, or, not, len, print, printf, println
  case eq, ne, lt, le, gt, ge
  // Strings.
  case toLowerGo = "ToLower", toUpperGo = "ToUpper", lower, upper, title, titleGo = "Title"
  case trim, trimAll, trimPrefix, trimSuffix, trimSpaceGo = "TrimSpace", trimGo = "Trim", trimLeftGo = "TrimLeft"
  case trimRightGo = "TrimRight", trimPrefixGo = "TrimPrefix", trimSuffixGo = "TrimSuffix"
  case replace, replaceGo = "Replace", substr, trunc, contains, hasPrefix, hasSuffix
  case indent, nindent, `repeat`, `default`, alignLeft, alignRight
  case regexReplaceAll, regexReplaceAllLiteral, count
  case urlencode, urldecode, b64enc, b64dec
  // Numbers.
  case add, sub, mul, div, mod, max, min, addf, subf, mulf, divf, maxf, minf, ceil, floor, round
  case int, float64, bytes, duration, durationSeconds = "duration_seconds"
  // Time.
  case unixEpoch, unixEpochMillis, unixEpochNanos, unixToTime, toDate, toDateInZone, date

  /// How many arguments the function takes (a piped value counts as the last one).
  var arity: ClosedRange<Int> {
    switch self {
    case .line, .timestamp, .now: 0...0
    case .print, .println: 0...Int.max
    case .and, .or, .printf, .add, .mul, .max, .min, .addf, .subf, .mulf, .divf, .maxf, .minf: 1...Int.max
    case .eq: 2...Int.max
    case .not, .len, .toLowerGo, .toUpperGo, .lower, .upper, .title, .titleGo, .trim, .trimSpaceGo, .urlencode, .urldecode,
      .b64enc, .b64dec, .ceil, .floor, .int, .float64, .bytes, .duration, .durationSeconds, .unixEpoch, .unixEpochMillis,
      .unixEpochNanos, .unixToTime:
      1...1
    case .ne, .lt, .le, .gt, .ge, .trimAll, .trimPrefix, .trimSuffix, .trimGo, .trimLeftGo, .trimRightGo, .trimPrefixGo,
      .trimSuffixGo, .trunc, .contains, .hasPrefix, .hasSuffix, .indent, .nindent, .repeat, .default, .alignLeft,
      .alignRight, .count, .sub, .div, .mod, .toDate, .date:
      2...2
    case .round: 2...3
    case .replace, .substr, .regexReplaceAll, .regexReplaceAllLiteral, .toDateInZone: 3...3
    case .replaceGo: 4...4
    }
  }

  /// For functions whose first argument is a regex: compile literal patterns up front so a bad
  /// one is a query error, not a per-line one.
  var regexArgument: Int? {
    switch self {
    case .regexReplaceAll, .regexReplaceAllLiteral, .count: 0
    default: nil
    }
  }
}
