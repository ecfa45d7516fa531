// The multi-line form of a query for `/api/v1/format_query`, following Prometheus's Prettify: a
// node whose one-line form fits in 100 columns stays on one line (indented two spaces per level);
// a longer one is split: arguments and operands each on their own lines, one level deeper.

extension Expr {
  package func prettyFormatted() -> String {
    pretty(level: 0)
  }

  private static let maxLineLength = 100

  private func pretty(level: Int) -> String {
    let indent = String(repeating: "  ", count: level)
    let oneLine = description
    let fits = oneLine.utf8.count <= Expr.maxLineLength
    switch self {
    case .aggregate(let aggregate) where !fits:
      var out = indent + aggregate.operatorText + "(\n"
      if let param = aggregate.param { out += param.pretty(level: level + 1) + ",\n" }
      return out + aggregate.expr.pretty(level: level + 1) + "\n" + indent + ")"
    case .binary(let binary) where !fits:
      return binary.lhs.pretty(level: level + 1) + "\n" + indent + binary.operatorText + "\n" + binary.rhs.pretty(level: level + 1)
    case .call(let call) where !fits && !call.args.isEmpty:
      let args = call.args.map { $0.pretty(level: level + 1) }.joined(separator: ",\n")
      return indent + call.function.name + "(\n" + args + "\n" + indent + ")"
    case .paren(let paren) where !fits:
      return indent + "(\n" + paren.expr.pretty(level: level + 1) + "\n" + indent + ")"
    case .subquery(let subquery):
      // Prometheus prints a short subquery without its indentation; kept for identical output.
      return fits ? oneLine : subquery.expr.pretty(level: level) + subquery.suffix
    case .unary(let unary) where !fits:
      let child = unary.expr.pretty(level: level).trimmingSpaces()
      return indent + (unary.negated ? "-" : "+") + child
    default:
      return indent + oneLine
    }
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(self[first...last])
  }
}
