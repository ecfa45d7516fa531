// The multi-line form of a query for `/api/v1/format_query`, following Prometheus's Prettify: a
// node whose one-line form fits in 100 columns stays on one line (indented two spaces per level);
// a longer one is split: arguments and operands each on their own lines, one level deeper.
// Written into one buffer, and "does it fit" is decided by printing at most 101 bytes, so deep
// trees format in time proportional to the output.

extension Expr {
  package func prettyFormatted() -> String {
    var out = ""
    writePretty(level: 0, indented: true, to: &out)
    return out
  }

  private static let maxLineLength = 100

  private var fitsOnALine: Bool {
    var text = ""
    write(to: &text, limit: Expr.maxLineLength)
    return text.utf8.count <= Expr.maxLineLength
  }

  /// `indented` false leaves out the indentation of the first line (after a unary operator).
  private func writePretty(level: Int, indented: Bool, to out: inout String) {
    let indent = String(repeating: "  ", count: level)
    if case .subquery(let subquery) = self {
      // Prometheus prints a short subquery without its indentation; kept for identical output.
      if fitsOnALine {
        write(to: &out)
      } else {
        subquery.expr.writePretty(level: level, indented: indented, to: &out)
        out += subquery.suffix
      }
      return
    }
    if case .binary(let binary) = self, !fitsOnALine {
      binary.lhs.writePretty(level: level + 1, indented: indented, to: &out)
      out += "\n" + indent + binary.operatorText + "\n"
      binary.rhs.writePretty(level: level + 1, indented: true, to: &out)
      return
    }
    if indented { out += indent }
    if case .unary(let unary) = self {
      // As Prometheus does: the operand formatted at the same level, its first indentation dropped.
      out += unary.negated ? "-" : "+"
      unary.expr.writePretty(level: level, indented: false, to: &out)
      return
    }
    guard !fitsOnALine else {
      write(to: &out)
      return
    }
    switch self {
    case .aggregate(let aggregate):
      out += aggregate.operatorText + "(\n"
      if let param = aggregate.param {
        param.writePretty(level: level + 1, indented: true, to: &out)
        out += ",\n"
      }
      aggregate.expr.writePretty(level: level + 1, indented: true, to: &out)
      out += "\n" + indent + ")"
    case .call(let call) where !call.args.isEmpty:
      out += call.function.name + "(\n"
      for (index, arg) in call.args.enumerated() {
        if index > 0 { out += ",\n" }
        arg.writePretty(level: level + 1, indented: true, to: &out)
      }
      out += "\n" + indent + ")"
    case .paren(let paren):
      out += "(\n"
      paren.expr.writePretty(level: level + 1, indented: true, to: &out)
      out += "\n" + indent + ")"
    default:
      write(to: &out)
    }
  }
}
