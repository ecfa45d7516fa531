// Which rules of a group must see the results of earlier rules in the same evaluation, so a
// group's writes can be one batch except where a later rule reads what an earlier one wrote
// (a recording rule feeding an alert, an alert reading ALERTS). Unknown reads (a selector
// without a metric name, a template that queries) are treated as depending on everything.
import PromQL
import WardenCore

enum RuleDependencies {
  /// `flushBefore[i]`: write what rules before `i` produced before evaluating rule `i`.
  static func flushPoints(_ rules: [Rule]) -> [Bool] {
    var produced: Set<String> = []
    var flushes: [Bool] = []
    flushes.reserveCapacity(rules.count)
    for rule in rules {
      var dependsOnEarlier = false
      if !produced.isEmpty {
        if rule.templatesQuery {
          dependsOnEarlier = true
        } else if case .promQL(let expr) = rule.query {
          if let names = selectedNames(expr) {
            dependsOnEarlier = !names.isDisjoint(with: produced)
          } else {
            dependsOnEarlier = true
          }
        }
      }
      flushes.append(dependsOnEarlier)
      if dependsOnEarlier { produced.removeAll() }
      switch rule.kind {
      case .recording: produced.insert(rule.name)
      case .alerting: produced.formUnion(["ALERTS", "ALERTS_FOR_STATE"])
      }
    }
    return flushes
  }

  /// The metric names `expr` reads, or nil when some selector could match any name.
  static func selectedNames(_ expr: Expr) -> Set<String>? {
    var names: Set<String> = []
    var isOpen = false
    visit(expr, names: &names, isOpen: &isOpen)
    return isOpen ? nil : names
  }

  private static func visit(_ expr: Expr, names: inout Set<String>, isOpen: inout Bool) {
    switch expr {
    case .number, .string: break
    case .vectorSelector(let selector): note(selector, names: &names, isOpen: &isOpen)
    case .matrixSelector(let matrix): note(matrix.selector, names: &names, isOpen: &isOpen)
    case .subquery(let subquery): visit(subquery.expr, names: &names, isOpen: &isOpen)
    case .call(let call):
      // info() reads series (target_info) beyond its arguments.
      if call.function.name == "info" { isOpen = true }
      for argument in call.args { visit(argument, names: &names, isOpen: &isOpen) }
    case .aggregate(let aggregate):
      visit(aggregate.expr, names: &names, isOpen: &isOpen)
      if let parameter = aggregate.param { visit(parameter, names: &names, isOpen: &isOpen) }
    case .binary(let binary):
      visit(binary.lhs, names: &names, isOpen: &isOpen)
      visit(binary.rhs, names: &names, isOpen: &isOpen)
    case .unary(let unary): visit(unary.expr, names: &names, isOpen: &isOpen)
    case .paren(let paren): visit(paren.expr, names: &names, isOpen: &isOpen)
    }
  }

  private static func note(_ selector: VectorSelector, names: inout Set<String>, isOpen: inout Bool) {
    if let name = selector.matchers.first(where: { $0.name == Labels.metricName && $0.kind == .equal })?.value {
      names.insert(name)
    } else {
      isOpen = true
    }
  }
}
