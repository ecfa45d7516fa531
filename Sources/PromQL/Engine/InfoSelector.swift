// Which series info() reads its data labels from: the `__name__` matchers of its second argument
// (target_info when there are none, any `*_info` metric when there are only negative ones) and the
// data-label matchers, which both filter the info series and name the labels to copy.
import WardenCore

struct InfoSelector {
  /// The labels an info series and its base series must share.
  static let identifyingLabels = ["instance", "job"]

  let nameMatchers: [LabelMatcher]
  let dataMatchers: [LabelMatcher]
  /// The selector read from storage, with the base selector's offset and `@`.
  let selector: VectorSelector

  init(_ call: FunctionCall) {
    var names: [LabelMatcher] = []
    var data: [LabelMatcher] = []
    if call.args.count > 1, case .vectorSelector(let given) = Self.unwrapped(call.args[1]) {
      for matcher in given.matchers {
        if matcher.name == Labels.metricName { names.append(matcher) } else { data.append(matcher) }
      }
    }
    if names.isEmpty {
      names.append(try! LabelMatcher(.equal, Labels.metricName, "target_info"))
    } else if !names.contains(where: { $0.kind == .equal || $0.kind == .regexMatch }) {
      names.append(try! LabelMatcher(.regexMatch, Labels.metricName, ".+_info"))
    }
    nameMatchers = names
    dataMatchers = data
    let reference = Self.referenceTime(call.args[0])
    selector = VectorSelector(name: nil, matchers: names + data, offsetMs: reference.offsetMs, at: reference.at, position: call.position)
  }

  /// Base series that are info series themselves pass through unenriched.
  func isInfoSeries(_ labels: Labels) -> Bool {
    nameMatchers.allSatisfy { $0.matches(labels.metricName) }
  }

  /// Whether an info series' label is copied: data labels only (named by a data matcher when there
  /// are any), never the name or the identifying labels.
  func copies(_ name: String) -> Bool {
    if name == Labels.metricName || Self.identifyingLabels.contains(name) { return false }
    return dataMatchers.isEmpty || dataMatchers.contains { $0.name == name }
  }

  /// Without a matching info series the base series stays only if every data matcher accepts "".
  var keepsUnmatched: Bool { dataMatchers.allSatisfy(\.matchesEmpty) }

  /// The `@` and offset through which the base expression reads its samples (selectors, and
  /// subqueries around them), so the info series are matched as of the same time.
  private static func referenceTime(_ expr: Expr) -> (at: AtModifier?, offsetMs: Int64) {
    switch unwrapped(expr) {
    case .vectorSelector(let selector):
      return (selector.at, selector.offsetMs)
    case .matrixSelector(let matrix):
      return (matrix.selector.at, matrix.selector.offsetMs)
    case .subquery(let subquery):
      let inner = referenceTime(subquery.expr)
      if inner.at != nil { return inner }
      return (subquery.at, subquery.offsetMs + inner.offsetMs)
    case .call(let call):
      guard let argument = call.args.first(where: { $0.evaluatedType == .vector || $0.evaluatedType == .matrix }) else { return (nil, 0) }
      return referenceTime(argument)
    case .aggregate(let aggregate):
      return referenceTime(aggregate.expr)
    case .unary(let unary):
      return referenceTime(unary.expr)
    default:
      return (nil, 0)
    }
  }

  private static func unwrapped(_ expr: Expr) -> Expr {
    var inner = expr
    while case .paren(let paren) = inner { inner = paren.expr }
    return inner
  }
}
