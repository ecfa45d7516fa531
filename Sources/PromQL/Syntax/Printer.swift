// The canonical text of a syntax tree, as Prometheus's `String()` prints it: one line, matchers
// sorted, `by`/`without` before the arguments, numbers in shortest fixed notation, durations as
// `1h30m`, `@` with three decimals. Reading the printed text back gives the same tree.
import WardenCore

extension Expr: CustomStringConvertible {
  package var description: String {
    var out = ""
    write(to: &out)
    return out
  }

  /// Appends the printed form to `out`; stops early once `out` is longer than `limit` bytes (the
  /// prettifier only needs to know whether a node fits on a line).
  func write(to out: inout String, limit: Int = .max) {
    guard out.utf8.count <= limit else { return }
    switch self {
    case .number(let literal): out += literal.printed
    case .string(let literal): out += goQuote(literal.value)
    case .vectorSelector(let selector): selector.write(to: &out, modifiers: true)
    case .matrixSelector(let matrix):
      matrix.selector.write(to: &out, modifiers: false)
      out += "[\(PrometheusDuration.format(.milliseconds(matrix.rangeMs)))]"
      writeModifiers(at: matrix.selector.at, offsetMs: matrix.selector.offsetMs, to: &out)
    case .subquery(let subquery):
      subquery.expr.write(to: &out, limit: limit)
      out += subquery.suffix
    case .call(let call):
      out += call.function.name + "("
      for (index, arg) in call.args.enumerated() {
        if index > 0 { out += ", " }
        arg.write(to: &out, limit: limit)
      }
      out += ")"
    case .aggregate(let aggregate):
      out += aggregate.operatorText + "("
      if let param = aggregate.param {
        param.write(to: &out, limit: limit)
        out += ", "
      }
      aggregate.expr.write(to: &out, limit: limit)
      out += ")"
    case .binary(let binary):
      if binary.op == .pow, case .number(let literal) = binary.lhs, literal.value == .infinity {
        // `+Inf ^ x` would read back as `+(Inf ^ x)`; Prometheus prints `+Inf` here regardless.
        out += "Inf"
      } else {
        binary.lhs.write(to: &out, limit: limit)
      }
      out += " " + binary.operatorText + " "
      binary.rhs.write(to: &out, limit: limit)
    case .unary(let unary):
      out += unary.negated ? "-" : "+"
      unary.expr.write(to: &out, limit: limit)
    case .paren(let paren):
      out += "("
      paren.expr.write(to: &out, limit: limit)
      out += ")"
    }
  }
}

extension NumberLiteral {
  var printed: String {
    guard writtenAsDuration, value.isFinite, abs(value) < 9e15 else { return formatGoFloat(value) }
    let milliseconds = Int64((abs(value) * 1000).rounded())
    // The sign test also keeps `-0s` negative, so the printed form reads back bit for bit.
    return (value.sign == .minus ? "-" : "") + PrometheusDuration.format(.milliseconds(milliseconds))
  }
}

extension VectorSelector {
  func write(to out: inout String, modifiers: Bool) {
    if let name { out += name }
    var written: [String] = []
    for (index, matcher) in matchers.enumerated() {
      // The name written before the braces is printed as the name, not as a matcher.
      if index == 0, let name, matcher.name == Labels.metricName, matcher.kind == .equal, matcher.value == name { continue }
      written.append(printedMatcher(matcher))
    }
    if !written.isEmpty {
      written.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      out += "{" + written.joined(separator: ",") + "}"
    }
    if modifiers { writeModifiers(at: at, offsetMs: offsetMs, to: &out) }
  }
}

extension SubqueryExpr {
  /// `[5m:1m] @ 100.000 offset 1m`.
  var suffix: String {
    var out = "[\(PrometheusDuration.format(.milliseconds(rangeMs))):"
    if let stepMs, stepMs != 0 { out += PrometheusDuration.format(.milliseconds(stepMs)) }
    out += "]"
    writeModifiers(at: at, offsetMs: offsetMs, to: &out)
    return out
  }
}

extension AggregateExpr {
  /// `sum`, `sum by (job) `, `topk without (a) `: the part before the parenthesis.
  var operatorText: String {
    if without { return "\(op.rawValue) without (\(printedLabels(grouping))) " }
    if !grouping.isEmpty { return "\(op.rawValue) by (\(printedLabels(grouping))) " }
    return op.rawValue
  }
}

extension BinaryExpr {
  /// `+`, `== bool`, `* on (a) group_left (b)`.
  var operatorText: String {
    var out = op.rawValue
    if returnBool { out += " bool" }
    guard let matching else { return out }
    let grouped = matching.cardinality == .manyToOne || matching.cardinality == .oneToMany
    if !matching.matchingLabels.isEmpty || matching.on || grouped {
      out += " \(matching.on ? "on" : "ignoring") (\(printedLabels(matching.matchingLabels)))"
    }
    if grouped {
      out += " group_\(matching.cardinality == .manyToOne ? "left" : "right") (\(printedLabels(matching.include)))"
    }
    return out
  }
}

private func writeModifiers(at: AtModifier?, offsetMs: Int64, to out: inout String) {
  switch at {
  case .timestamp(let milliseconds)?: out += " @ " + formatMillisecondsAsSeconds(milliseconds)
  case .start?: out += " @ start()"
  case .end?: out += " @ end()"
  case nil: break
  }
  if offsetMs > 0 {
    out += " offset " + PrometheusDuration.format(.milliseconds(offsetMs))
  } else if offsetMs < 0 {
    out += " offset -" + PrometheusDuration.format(.milliseconds(offsetMs == .min ? .max : -offsetMs))
  }
}

/// `%.3f` of a millisecond timestamp in seconds, computed exactly.
private func formatMillisecondsAsSeconds(_ milliseconds: Int64) -> String {
  let magnitude = milliseconds.magnitude
  var fraction = String(magnitude % 1000)
  while fraction.count < 3 { fraction = "0" + fraction }
  return (milliseconds < 0 ? "-" : "") + "\(magnitude / 1000).\(fraction)"
}

private func printedMatcher(_ matcher: LabelMatcher) -> String {
  let name = isLegacyLabelName(matcher.name) ? matcher.name : goQuote(matcher.name)
  return name + matcher.kind.rawValue + goQuote(matcher.value)
}

private func printedLabels(_ labels: [String]) -> String {
  labels.map { isLegacyLabelName($0) ? $0 : goQuote($0) }.joined(separator: ", ")
}

/// Go's `strconv.FormatFloat(v, 'f', -1, 64)`: the shortest digits that read back to `v`, in
/// fixed notation (no exponent); `+Inf`, `-Inf`, `NaN`.
func formatGoFloat(_ value: Double) -> String {
  if value.isNaN { return "NaN" }
  if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
  // Swift's description is the shortest round-tripping representation, maybe with an exponent.
  var text = value.magnitude.description
  var exponent = 0
  if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
    exponent = Int(text[text.index(after: e)...]) ?? 0
    text = String(text[..<e])
  }
  let parts = text.split(separator: ".", omittingEmptySubsequences: false)
  let integerPart = parts.first.map(String.init) ?? "0"
  let fractionPart = parts.count > 1 ? String(parts[1]) : ""
  var digits = Array(integerPart + fractionPart)
  var point = integerPart.count + exponent
  while digits.first == "0" && digits.count > 1 {
    digits.removeFirst()
    point -= 1
  }
  while digits.last == "0" && digits.count > 1 { digits.removeLast() }
  let sign = value.sign == .minus ? "-" : ""
  if digits == ["0"] { return sign + "0" }
  if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
  if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
  return sign + String(digits[..<point]) + "." + String(digits[point...])
}
