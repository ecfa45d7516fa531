// Stream selectors and log pipelines: `{a="b", c=~"d"}`, line filters (`|= "x" or "y"`,
// `!~ "re"`, `|= ip("10.0.0.0/8")`), parsers (`| json a="b.c"`, `| logfmt --strict`,
// `| regexp "..."`, `| pattern "..."`, `| unpack`), formatting (`| line_format`,
// `| label_format`), `| drop`, `| keep`, `| decolorize`, label filters, and `| unwrap` with its
// post-filters at the end of a range aggregation's pipeline.
import PromQL
import WardenCore

/// What `parsePipeline` read.
struct PipelineParts {
  var stages: [PipelineStage] = []
  var unwrap: UnwrapExpr?
  /// End of the last stage before `| unwrap`, nil when there is none.
  var stagesEnd: Int?
}

extension QueryParser {
  // MARK: - Selectors

  static let emptyCompatibleMessage =
    "queries require at least one regexp or equality matcher that does not have an empty-compatible value. "
    + "For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will"

  /// `{name op "value", ...}`, with Loki's rule that one matcher must not match the empty value.
  @inline(never)
  mutating func parseSelector() throws(LogQLError) -> LogSelectorExpr {
    let open = try expect(.leftBrace, "\"{\"")
    var matchers: [LabelMatcher] = []
    if try peek().kind == .rightBrace {
      let close = advance()
      throw LogQLError(.parse, Self.emptyCompatibleMessage, position: PositionRange(start: open.start, end: close.end))
    }
    while true {
      let name = try expectIdentifier()
      let op = try peek()
      guard let kind = matcherKind(op.kind) else { throw unexpected(op, expecting: "=, !=, =~ or !~") }
      index += 1
      let value = try expect(.string, "STRING")
      matchers.append(try makeMatcher(kind, name: name, value: value))
      let separator = try peek()
      switch separator.kind {
      case .comma: index += 1
      case .rightBrace:
        index += 1
        let position = PositionRange(start: open.start, end: separator.end)
        guard matchers.contains(where: { !$0.matchesEmpty }) else {
          throw LogQLError(.parse, Self.emptyCompatibleMessage, position: position)
        }
        return LogSelectorExpr(matchers: matchers, position: position)
      default: throw unexpected(separator, expecting: "\",\" or \"}\"")
      }
    }
  }

  func matcherKind(_ kind: LogQLTokenKind) -> LabelMatcher.Kind? {
    switch kind {
    case .assign: .equal
    case .notEqual: .notEqual
    case .regexMatch: .regexMatch
    case .regexNoMatch: .regexNoMatch
    default: nil
    }
  }

  /// A matcher, its regex checked the way Loki (RE2) checks it.
  func makeMatcher(_ kind: LabelMatcher.Kind, name: LogQLToken, value: LogQLToken) throws(LogQLError) -> LabelMatcher {
    let position = PositionRange(start: name.start, end: value.end)
    if kind == .regexMatch || kind == .regexNoMatch, let problem = PatternChecks.regexProblem(value.text) {
      throw LogQLError(.parse, "invalid regular expression \(goQuote(value.text)) for label \(name.text): \(problem)", position: position)
    }
    do throws(LabelMatcherError) {
      return try LabelMatcher(kind, name.text, value.text)
    } catch {
      throw LogQLError(.parse, error.message, position: position)
    }
  }

  // MARK: - Pipelines

  /// Stages up to the first token that cannot continue the pipeline. With `allowUnwrap`, a
  /// `| unwrap` may end it, followed only by label filters.
  mutating func parsePipeline(allowUnwrap: Bool) throws(LogQLError) -> PipelineParts {
    var parts = PipelineParts()
    while true {
      let token = try peek()
      switch token.kind {
      case .pipeContains, .pipeMatch, .notEqual, .regexNoMatch:
        // `!=` and `!~` are also comparison operators; only a pattern after them makes a filter.
        if token.kind == .notEqual || token.kind == .regexNoMatch {
          guard try startsLineFilterPattern(at: 1) else { return parts }
        }
        if parts.unwrap != nil { throw onlyLabelFiltersAfterUnwrap(token) }
        parts.stages.append(.lineFilter(try parseLineFilter()))
        parts.stagesEnd = lastEnd
      case .pipePattern, .notPattern:
        throw LogQLError(.parse, "pattern line filters (|> and !>) are not supported; use |= or |~", position: token.range)
      case .pipe:
        let next = try peek(1)
        if parts.unwrap != nil {
          guard next.kind == .leftParen || (next.kind == .identifier && !isStageKeyword(next)) else {
            throw onlyLabelFiltersAfterUnwrap(next)
          }
          index += 1
          parts.unwrap?.postFilters.append(try parseLabelFilterExpression())
          parts.unwrap?.position.end = lastEnd
          continue
        }
        if next.isWord("unwrap") {
          guard allowUnwrap else {
            throw LogQLError(
              .parse, "syntax error: unwrap is only allowed at the end of the pipeline of a range aggregation such as sum_over_time(... | unwrap x [5m])",
              position: next.range)
          }
          parts.unwrap = try parseUnwrap()
          continue
        }
        index += 1
        parts.stages.append(try parseStage(pipe: token))
        parts.stagesEnd = lastEnd
      default:
        return parts
      }
    }
  }

  func onlyLabelFiltersAfterUnwrap(_ token: LogQLToken) -> LogQLError {
    LogQLError(.parse, "syntax error: unexpected \(token.described): only label filters can follow | unwrap", position: token.range)
  }

  static let stageKeywords: Set<String> = [
    "json", "logfmt", "regexp", "pattern", "unpack", "line_format", "label_format", "drop", "keep", "decolorize", "unwrap",
  ]

  func isStageKeyword(_ token: LogQLToken) -> Bool {
    guard let word = token.word else { return false }
    return Self.stageKeywords.contains(word)
  }

  /// Whether the token `offset` ahead starts a line filter pattern: a string or `ip(`.
  func startsLineFilterPattern(at offset: Int) throws(LogQLError) -> Bool {
    let token = try peek(offset)
    if token.kind == .string { return true }
    guard token.isWord("ip") else { return false }
    return try peek(offset + 1).kind == .leftParen
  }

  /// One stage after `|`.
  @inline(never)
  mutating func parseStage(pipe: LogQLToken) throws(LogQLError) -> PipelineStage {
    let token = try peek()
    if token.kind == .leftParen { return .labelFilter(try parseLabelFilterExpression()) }
    guard token.kind == .identifier else {
      throw unexpected(
        token, expecting: "a parser (json, logfmt, regexp, pattern, unpack), a label filter, line_format, label_format, drop, keep or decolorize")
    }
    guard let word = token.word, Self.stageKeywords.contains(word) else {
      return .labelFilter(try parseLabelFilterExpression())
    }
    index += 1
    switch word {
    case "json":
      let extractions = try parseExtractions()
      return .parser(.json(extractions: extractions, position: span(from: pipe)))
    case "logfmt":
      var strict = false
      var keepEmpty = false
      while try peek().kind == .flag {
        let flag = advance()
        switch flag.text {
        case "--strict": strict = true
        case "--keep-empty": keepEmpty = true
        default:
          throw LogQLError(.parse, "unknown flag \(flag.text) for logfmt, expecting --strict or --keep-empty", position: flag.range)
        }
      }
      let extractions = try parseExtractions()
      return .parser(.logfmt(strict: strict, keepEmpty: keepEmpty, extractions: extractions, position: span(from: pipe)))
    case "regexp":
      let pattern = try expect(.string, "STRING (a regular expression with named groups)")
      if let problem = PatternChecks.regexProblem(pattern.text) {
        throw LogQLError(.parse, "invalid regular expression in regexp stage: \(problem)", position: pattern.range)
      }
      if PatternChecks.namedGroups(in: pattern.text).isEmpty {
        throw LogQLError(.parse, "at least one named capture must be supplied, such as (?P<name>...)", position: pattern.range)
      }
      return .parser(.regexp(pattern: pattern.text, position: span(from: pipe)))
    case "pattern":
      let pattern = try expect(.string, "STRING (a pattern such as \"<ip> - <_>\")")
      if let problem = PatternChecks.patternProblem(pattern.text) {
        throw LogQLError(.parse, "invalid pattern: \(problem)", position: pattern.range)
      }
      return .parser(.pattern(pattern: pattern.text, position: span(from: pipe)))
    case "unpack":
      return .parser(.unpack(position: span(from: pipe)))
    case "decolorize":
      return .decolorize(position: span(from: pipe))
    case "line_format":
      let template = try expect(.string, "STRING (a template)")
      return .lineFormat(template: template.text, position: span(from: pipe))
    case "label_format":
      let items = try parseLabelFormatItems()
      return .labelFormat(items, position: span(from: pipe))
    case "drop":
      let selections = try parseLabelSelections()
      return .drop(selections, position: span(from: pipe))
    default:  // keep (unwrap is handled by parsePipeline)
      let selections = try parseLabelSelections()
      return .keep(selections, position: span(from: pipe))
    }
  }

  /// `a="x.y", b` after `json` or `logfmt` (possibly none).
  mutating func parseExtractions() throws(LogQLError) -> [FieldExtraction] {
    var extractions: [FieldExtraction] = []
    let first = try peek()
    guard first.kind == .identifier, !["and", "or", "unless"].contains(first.word ?? "") else { return extractions }
    while true {
      let label = try expectIdentifier()
      var path = label.text
      if try peek().kind == .assign {
        index += 1
        path = try expect(.string, "STRING (a field path)").text
      }
      extractions.append(FieldExtraction(label: label.text, path: path))
      guard try peek().kind == .comma else { return extractions }
      index += 1
    }
  }

  /// `dst=src, other="{{.a}}"`, destinations distinct.
  mutating func parseLabelFormatItems() throws(LogQLError) -> [LabelFormatItem] {
    var items: [LabelFormatItem] = []
    var destinations: Set<String> = []
    while true {
      let destination = try expectIdentifier()
      try expect(.assign, "\"=\"")
      let value = try peek()
      switch value.kind {
      case .identifier: items.append(.rename(destination: destination.text, source: value.text))
      case .string: items.append(.template(destination: destination.text, template: value.text))
      default: throw unexpected(value, expecting: "IDENTIFIER (a label to rename) or STRING (a template)")
      }
      index += 1
      guard destinations.insert(destination.text).inserted else {
        throw LogQLError(
          .parse, "multiple label name '\(destination.text)' not allowed in a single format operation",
          position: PositionRange(start: destination.start, end: value.end))
      }
      guard try peek().kind == .comma else { return items }
      index += 1
    }
  }

  /// `a, b="x", c=~"y"` after `drop` or `keep`.
  mutating func parseLabelSelections() throws(LogQLError) -> [LabelSelection] {
    var selections: [LabelSelection] = []
    while true {
      let name = try expectIdentifier()
      if let kind = matcherKind(try peek().kind) {
        index += 1
        let value = try expect(.string, "STRING")
        selections.append(.matcher(try makeMatcher(kind, name: name, value: value)))
      } else {
        selections.append(.name(name.text))
      }
      guard try peek().kind == .comma else { return selections }
      index += 1
    }
  }

  /// `| unwrap x`, `| unwrap duration(x)`, `| unwrap duration_seconds(x)`, `| unwrap bytes(x)`.
  @inline(never)
  mutating func parseUnwrap() throws(LogQLError) -> UnwrapExpr {
    let pipe = advance()
    index += 1  // unwrap
    let token = try expectIdentifier("IDENTIFIER (the label to unwrap)")
    var label = token.text
    var conversion = UnwrapExpr.Conversion.none
    if let word = token.word, let named = UnwrapExpr.Conversion(rawValue: word), named != .none, try peek().kind == .leftParen {
      index += 1
      conversion = named
      label = try expectIdentifier("IDENTIFIER (the label to unwrap)").text
      try expect(.rightParen, "\")\"")
    }
    return UnwrapExpr(label: label, conversion: conversion, position: PositionRange(start: pipe.start, end: lastEnd))
  }

  // MARK: - Line filters

  /// `|= "a" or "b"`, `!~ "re"`, `|= ip("10.0.0.0/8")`.
  @inline(never)
  mutating func parseLineFilter() throws(LogQLError) -> LineFilter {
    let opToken = advance()
    let op: LineFilter.Operator
    switch opToken.kind {
    case .pipeContains: op = .contains
    case .pipeMatch: op = .matchesRegex
    case .notEqual: op = .notContains
    default: op = .notMatchesRegex
    }
    var patterns: [String] = []
    var isIP: Bool?
    while true {
      let (pattern, ip, range) = try parseLineFilterPattern()
      if let isIP, isIP != ip {
        throw LogQLError(.parse, "a line filter cannot mix ip(...) and plain strings in its or alternatives", position: range)
      }
      isIP = ip
      if ip, op == .matchesRegex || op == .notMatchesRegex {
        throw LogQLError(.parse, "ip(...) line filters only support |= and !=", position: range)
      }
      if op == .matchesRegex || op == .notMatchesRegex, let problem = PatternChecks.regexProblem(pattern) {
        throw LogQLError(.parse, "invalid regular expression in line filter: \(problem)", position: range)
      }
      patterns.append(pattern)
      guard try peek().isWord("or"), try startsLineFilterPattern(at: 1) else { break }
      index += 1
    }
    return LineFilter(op: op, patterns: patterns, isIPFilter: isIP ?? false, position: PositionRange(start: opToken.start, end: lastEnd))
  }

  /// A string or `ip("...")`.
  mutating func parseLineFilterPattern() throws(LogQLError) -> (String, Bool, PositionRange) {
    let token = try peek()
    if token.kind == .string {
      index += 1
      return (token.text, false, token.range)
    }
    guard token.isWord("ip") else { throw unexpected(token, expecting: "STRING or ip(\"...\")") }
    let pattern = try parseIPCall()
    return (pattern, true, PositionRange(start: token.start, end: lastEnd))
  }

  /// `ip("...")`, returning the string.
  mutating func parseIPCall() throws(LogQLError) -> String {
    index += 1  // ip
    try expect(.leftParen, "\"(\"")
    let value = try expect(.string, "STRING (an address, range or CIDR)")
    try expect(.rightParen, "\")\"")
    return value.text
  }
}
