// The label names a label filter reads, for the pipeline's extraction hint and unwrap.
import WardenCore

extension LabelFilterExpr {
  /// The label names a label filter reads.
  var labelNames: Set<String> {
    switch self {
    case .matcher(let matcher, _): [matcher.name]
    case .number(let name, _, _, _), .duration(let name, _, _, _), .bytes(let name, _, _, _), .ip(let name, _, _, _): [name]
    case .and(let left, let right), .or(let left, let right): left.labelNames.union(right.labelNames)
    }
  }
}
